// CONTRACT stub (replaced by its owner): `gangway analyze`.
import { Command } from 'commander';
import { act, type ExitBox } from '../command-kit.ts';
import type { CliContext } from '../context.ts';
import { CliError } from '../errors.ts';

export function analyzeCommand(ctx: CliContext, box: ExitBox): Command {
  return new Command('analyze').action(
    act(ctx, box, () => Promise.reject(new CliError('analyze: not built yet'))),
  );
}
