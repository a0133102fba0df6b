// `gangway up -d`: re-runs this command in a detached child (same arguments minus -d, plus
// the hidden --daemon-child flag) with its output appended to $GANGWAY_HOME/gangway.log,
// then waits for the child's state.json to say ready (print the summary, exit 0) or failed,
// or for the child to exit, or for the deadline (print why and the log's last lines, exit 1).
import { spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExitCode } from '../command-kit.ts';
import type { CliContext } from '../context.ts';
import { CliError } from '../errors.ts';
import {
  isProcessAlive,
  lastLines,
  LOG_FILE,
  readRunState,
  releasePidFile,
  removeRunState,
} from '../run-files.ts';
import type { UpOptions } from './up.ts';
import { DATA_PLANE_NODE_FLAGS } from '../../runtime/node-flags.ts';

export const DAEMON_CHILD_FLAG = '--daemon-child';
const BIN = fileURLToPath(new URL('../../../bin/gangway.js', import.meta.url));
const POLL_MS = 100;
const TAIL_LINES = 20;

/** The child's arguments: the parent's minus -d/--detach, plus --daemon-child. */
export function childArgs(argv: readonly string[]): string[] {
  return [...argv.filter((a) => a !== '-d' && a !== '--detach'), DAEMON_CHILD_FLAG];
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

async function logTail(path: string, from: number): Promise<string[]> {
  try {
    const fh = await open(path, 'r');
    try {
      const size = (await fh.stat()).size;
      const start = Math.max(from, size - 64 * 1024);
      const buf = Buffer.alloc(Math.max(0, size - start));
      await fh.read(buf, 0, buf.length, start);
      return lastLines(buf.toString('utf8'), TAIL_LINES);
    } finally {
      await fh.close();
    }
  } catch {
    return [];
  }
}

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** SIGTERM, and SIGKILL when a child stuck in its start does not exit within 10s. */
async function stopChild(pid: number): Promise<void> {
  kill(pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (isProcessAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, POLL_MS));
  if (isProcessAlive(pid)) kill(pid, 'SIGKILL');
}

export async function runDetached(ctx: CliContext, home: string, opts: UpOptions): Promise<ExitCode> {
  if ((opts.filename ?? []).includes('-'))
    throw new CliError('-f - (standard input) cannot be used with -d: the background process has no stdin');
  await removeRunState(home);
  const logPath = join(home, LOG_FILE);
  const offset = await fileSize(logPath);
  const fd = openSync(logPath, 'a', 0o644);
  let child;
  try {
    writeSync(fd, `--- gangway ${ctx.argv.join(' ')} at ${ctx.deps.now().toISOString()}\n`);
    child = spawn(process.execPath, [...DATA_PLANE_NODE_FLAGS, BIN, ...childArgs(ctx.argv)], {
      cwd: ctx.deps.cwd,
      env: { ...ctx.deps.env, GANGWAY_HOME: home },
      detached: true,
      stdio: ['ignore', fd, fd],
    });
  } finally {
    closeSync(fd);
  }
  let exited: string | undefined;
  child.on('exit', (code, signal) => {
    exited = signal ? `was killed by ${signal}` : `exited with code ${code ?? 0}`;
  });
  child.on('error', (err) => {
    exited = `could not be started: ${err.message}`;
  });
  child.unref();
  const pid = child.pid;
  if (pid === undefined) {
    await new Promise((r) => setImmediate(r));
    throw new CliError(`gangway ${exited ?? 'could not be started'}`);
  }
  ctx.print.line(`starting gangway in the background (pid ${pid}); log: ${logPath}`);

  const fail = async (message: string): Promise<ExitCode> => {
    ctx.print.error(message);
    const tail = await logTail(logPath, offset);
    if (tail.length > 0) {
      ctx.print.errLine(`last lines of ${logPath}:`);
      for (const line of tail) ctx.print.errLine(`  ${line}`);
    }
    return 1;
  };

  const deadline = Date.now() + opts.waitTimeout * 1000;
  for (;;) {
    const state = await readRunState(home);
    if (state?.pid === pid && state.phase === 'ready') {
      ctx.print.lines(state.summary);
      return 0;
    }
    if (state?.pid === pid && state.phase === 'failed')
      return fail(`gangway failed to start: ${state.reason ?? 'unknown reason'}`);
    if (exited !== undefined || !isProcessAlive(pid)) {
      const last = await readRunState(home);
      if (last?.pid === pid && last.phase === 'failed')
        return fail(`gangway failed to start: ${last.reason ?? 'unknown reason'}`);
      return fail(`gangway ${exited ?? 'exited'} before it was ready`);
    }
    if (Date.now() > deadline) {
      await stopChild(pid);
      await releasePidFile(home, pid);
      return fail(`gangway did not become ready within ${opts.waitTimeout}s; stopped it`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
