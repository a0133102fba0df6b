// The store's exclusive lock: a file holding the owner's pid, created with O_EXCL. A lock
// left by a dead process (kill -9, a crash) is taken over; one held by a live process, or by
// another open store in this process, makes opening fail with a message saying who holds it.
import { isProcessAlive } from './process-alive.ts';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const heldHere = new Set<string>();

export class StoreLockedError extends Error {
  readonly pid: number;
  constructor(dir: string, pid: number) {
    super(
      pid === process.pid
        ? `the state directory ${dir} is already open in this process`
        : `the state directory ${dir} is in use by another gangway process (pid ${pid}); stop it first (gangway down)`,
    );
    this.name = 'StoreLockedError';
    this.pid = pid;
  }
}

export interface StoreLock {
  release(): void;
}

function readPid(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Takes `<dir>/lock`. `dir` must exist. */
export function acquireLock(dir: string): StoreLock {
  const path = resolve(dir, 'lock');
  if (heldHere.has(path)) throw new StoreLockedError(dir, process.pid);
  // The pid is written to a private file first and linked into place, so the lock file
  // never exists without its pid (link fails with EEXIST when the lock is taken).
  const mine = `${path}.${process.pid}`;
  writeFileSync(mine, `${process.pid}\n`, { mode: 0o644 });
  try {
    for (let attempt = 0; ; attempt++) {
      if (attempt === 5) throw new Error(`could not take the lock ${path}: it keeps changing hands`);
      try {
        linkSync(mine, path);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const pid = readPid(path);
      // A pid equal to ours that this process does not hold is a previous run's (pid reuse in containers).
      if (pid !== undefined && pid !== process.pid && isProcessAlive(pid))
        throw new StoreLockedError(dir, pid);
      // Stale: move it aside and try again.
      const aside = `${path}.stale.${process.pid}`;
      try {
        renameSync(path, aside);
        unlinkSync(aside);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
  } finally {
    unlinkSync(mine);
  }
  heldHere.add(path);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      heldHere.delete(path);
      if (readPid(path) === process.pid) unlinkSync(path);
    },
  };
}
