// `gangway status`: is gangway running in this home, and is every component ready? Reads the
// API server's `/readyz?verbose` (`[+]name ok` / `[-]name failed` lines). Exit 0 only when
// all are ready.
import { Command } from 'commander';
import { act, type ExitBox, type ExitCode } from '../command-kit.ts';
import { notRunningMessage, type CliContext } from '../context.ts';
import { readRunState, runningPid } from '../run-files.ts';

async function runStatus(ctx: CliContext): Promise<ExitCode> {
  const home = ctx.home();
  const pid = await runningPid(home);
  if (pid === undefined) {
    ctx.print.errLine(notRunningMessage(home));
    return 1;
  }
  const state = await readRunState(home);
  if (state?.pid === pid && state.phase === 'starting') {
    ctx.print.line(`gangway is starting in ${home} (pid ${pid})`);
    return 1;
  }
  const client = await ctx.client();
  ctx.print.line(`gangway is running in ${home} (pid ${pid})`);
  ctx.print.line(`API server: ${client.connection.server}`);
  const res = await client.request({ path: '/readyz?verbose', accept: 'text/plain, */*' });
  const lines = res.body.split('\n').filter((l) => l.trim() !== '');
  ctx.print.lines(lines);
  return res.status === 200 ? 0 : 1;
}

export function statusCommand(ctx: CliContext, box: ExitBox): Command {
  return new Command('status')
    .summary('show whether gangway runs and which components are ready')
    .description('Show whether gangway runs in $GANGWAY_HOME and the readiness of each component')
    .action(act(ctx, box, () => runStatus(ctx)));
}
