// CONTRACT stub (replaced by its owner): `gangway trace`.
import { Command } from 'commander';
import { act, type ExitBox } from '../command-kit.ts';
import type { CliContext } from '../context.ts';
import { CliError } from '../errors.ts';

export function traceCommand(ctx: CliContext, box: ExitBox): Command {
  return new Command('trace').action(
    act(ctx, box, () => Promise.reject(new CliError('trace: not built yet'))),
  );
}
