// Child processes of the bench: every server it starts is tracked here so that a normal end,
// an error or Ctrl-C stops them all (by pid). Also: free loopback ports, command lookup, and
// running a tool to completion with an overall timeout.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

const children = new Set<ChildProcess>();
const cleanups: (() => Promise<void> | void)[] = [];

/** Is `cmd` on the PATH (or an absolute executable)? */
export function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Start a long-running server process; it is stopped by stopAll(). */
export function startServer(cmd: string, args: readonly string[], env?: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: env ?? process.env });
  let err = '';
  child.stderr?.on('data', (b: Buffer) => {
    if (err.length < 4000) err += b.toString();
  });
  child.once('exit', (code) => {
    children.delete(child);
    if (code !== 0 && code !== null && !stopping)
      process.stderr.write(`bench: ${cmd} exited ${code}: ${err}\n`);
  });
  children.add(child);
  return child;
}

/** Something to undo at the end (e.g. `gangway down`), run before the children are killed. */
export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
}

let stopping = false;

/** Run the cleanups (last first), then SIGTERM every child still alive, SIGKILL after 3 s. */
export async function stopAll(): Promise<void> {
  stopping = true;
  for (const fn of cleanups.splice(0).reverse()) {
    try {
      await fn();
    } catch (err) {
      process.stderr.write(`bench: cleanup: ${String(err)}\n`);
    }
  }
  const alive = [...children];
  for (const c of alive) if (c.pid !== undefined) c.kill('SIGTERM');
  const deadline = Date.now() + 3000;
  while (children.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  for (const c of children) if (c.pid !== undefined) c.kill('SIGKILL');
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Start a long-running command and wait until its stdout matches `ready` (it is stopped by
 * stopAll()); throws with its output when it exits first or the deadline passes.
 */
export function startForeground(
  cmd: string,
  args: readonly string[],
  ready: RegExp,
  timeoutMs: number,
  env?: NodeJS.ProcessEnv,
): Promise<{ pid: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
    children.add(child);
    let stdout = '';
    let stderr = '';
    let settled = false;
    const fail = (why: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new Error(`${why}:\n${stdout}${stderr}`));
    };
    const timer = setTimeout(() => fail(`${cmd} did not get ready in ${timeoutMs} ms`), timeoutMs);
    child.stdout.on('data', (b: Buffer) => {
      if (stdout.length < 100_000) stdout += b.toString();
      if (!settled && ready.test(stdout)) {
        settled = true;
        clearTimeout(timer);
        resolve({ pid: child.pid ?? 0, stdout });
      }
    });
    child.stderr.on('data', (b: Buffer) => {
      if (stderr.length < 20_000) stderr += b.toString();
    });
    child.once('error', (e) => fail(e.message));
    child.once('exit', (code) => {
      children.delete(child);
      fail(`${cmd} exited (${String(code)})`);
    });
  });
}

/** Run a command to its end (killed after timeoutMs), capturing its output. */
export function run(
  cmd: string,
  args: readonly string[],
  timeoutMs: number,
  env?: NodeJS.ProcessEnv,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      children.delete(child);
      reject(e);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}
