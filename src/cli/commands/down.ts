// `gangway down`: SIGTERM to the gangway of this home, wait for it to exit (SIGKILL after the
// grace period), remove its pid and state files. Nothing running is not an error.
import { Command } from 'commander';
import { act, integerOption, type ExitBox, type ExitCode } from '../command-kit.ts';
import type { CliContext } from '../context.ts';
import { CliError } from '../errors.ts';
import { isProcessAlive, readPid, releasePidFile, removeRunState } from '../run-files.ts';

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return;
    if (code === 'EPERM') throw new CliError(`not allowed to signal gangway (pid ${pid})`);
    throw err;
  }
}

async function runDown(ctx: CliContext, opts: { timeout: number }): Promise<ExitCode> {
  const home = ctx.home();
  const pid = await readPid(home);
  if (pid === undefined || !isProcessAlive(pid)) {
    await releasePidFile(home);
    await removeRunState(home);
    ctx.print.line(`gangway is not running in ${home}`);
    return 0;
  }
  signal(pid, 'SIGTERM');
  if (!(await waitForExit(pid, opts.timeout * 1000))) {
    ctx.print.errLine(`gangway (pid ${pid}) did not stop within ${opts.timeout}s; killing it`);
    signal(pid, 'SIGKILL');
    if (!(await waitForExit(pid, 10_000)))
      throw new CliError(`gangway (pid ${pid}) did not exit after SIGKILL`);
  }
  await releasePidFile(home, pid);
  await removeRunState(home);
  ctx.print.line('gangway stopped');
  return 0;
}

export function downCommand(ctx: CliContext, box: ExitBox): Command {
  return new Command('down')
    .summary('stop the running gangway')
    .description('Stop the gangway running in $GANGWAY_HOME')
    .option(
      '--timeout <seconds>',
      'grace period before the process is killed',
      integerOption(1, 3600, '--timeout'),
      30,
    )
    .action(act(ctx, box, (opts: { timeout: number }) => runDown(ctx, opts)));
}
