// The files that say whether gangway runs in a home: gangway.pid (the running process),
// state.json (its phase and summary, written atomically) and gangway.log (output of `up -d`).
import { isProcessAlive } from '../store/process-alive.ts';
import { open, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../pki/files.ts';

export const PID_FILE = 'gangway.pid';
export const STATE_FILE = 'state.json';
export const LOG_FILE = 'gangway.log';

export type RunPhase = 'starting' | 'ready' | 'failed';

export interface RunState {
  pid: number;
  phase: RunPhase;
  reason?: string;
  summary: string[];
}

export { isProcessAlive };

export async function readPid(home: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt((await readFile(join(home, PID_FILE), 'utf8')).trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** The pid of the gangway running in `home`, if the pid file names a live process. */
export async function runningPid(home: string): Promise<number | undefined> {
  const pid = await readPid(home);
  return pid !== undefined && isProcessAlive(pid) ? pid : undefined;
}

/**
 * Claims the home for `pid`: creates gangway.pid exclusively, taking over a stale one (dead
 * process or garbage). Returns the live owner's pid when another process holds it.
 */
export async function acquirePidFile(
  home: string,
  pid: number,
): Promise<{ acquired: true } | { acquired: false; owner: number }> {
  const path = join(home, PID_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(path, 'wx', 0o644);
      try {
        await fh.writeFile(`${pid}\n`);
        await fh.sync();
      } finally {
        await fh.close();
      }
      return { acquired: true };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = await readPid(home);
    if (owner !== undefined && isProcessAlive(owner)) return { acquired: false, owner };
    if (owner === undefined && (await isFresh(path))) {
      // Another process created it and has not written its pid yet: give it a moment.
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    await rm(path, { force: true });
  }
  const owner = await readPid(home);
  return { acquired: false, owner: owner ?? 0 };
}

async function isFresh(path: string): Promise<boolean> {
  try {
    return Date.now() - (await stat(path)).mtimeMs < 2000;
  } catch {
    return false;
  }
}

/** Removes gangway.pid when it still names `pid` (or unconditionally without one). */
export async function releasePidFile(home: string, pid?: number): Promise<void> {
  if (pid !== undefined && (await readPid(home)) !== pid) return;
  await rm(join(home, PID_FILE), { force: true });
}

export async function writeRunState(home: string, state: RunState): Promise<void> {
  await writeFileAtomic(join(home, STATE_FILE), JSON.stringify(state, null, 2) + '\n', 0o644);
}

export async function readRunState(home: string): Promise<RunState | undefined> {
  let text: string;
  try {
    text = await readFile(join(home, STATE_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const v = JSON.parse(text) as Partial<RunState>;
    if (typeof v.pid !== 'number' || !['starting', 'ready', 'failed'].includes(v.phase ?? ''))
      return undefined;
    const state: RunState = {
      pid: v.pid,
      phase: v.phase!,
      summary: Array.isArray(v.summary) ? v.summary.filter((s) => typeof s === 'string') : [],
    };
    if (typeof v.reason === 'string') state.reason = v.reason;
    return state;
  } catch {
    return undefined;
  }
}

export async function removeRunState(home: string): Promise<void> {
  await rm(join(home, STATE_FILE), { force: true });
}

/** The last `n` lines of `text`, without a trailing empty line. */
export function lastLines(text: string, n: number): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.slice(Math.max(0, lines.length - n));
}
