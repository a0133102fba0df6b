// CONTRACT stub (replaced by its owner): `gangway dashboard`.
import { Command } from 'commander';
import { act, type ExitBox } from '../command-kit.ts';
import type { CliContext } from '../context.ts';
import { CliError } from '../errors.ts';

export function dashboardCommand(ctx: CliContext, box: ExitBox): Command {
  return new Command('dashboard').action(
    act(ctx, box, () => Promise.reject(new CliError('dashboard: not built yet'))),
  );
}
