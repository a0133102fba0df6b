// Writing a secret/configMap/downwardAPI/projected volume as the kubelet's atomic writer does:
// the files go into a fresh `..<timestamp>` directory, `..data` is swapped to point at it in
// one rename, and each top-level entry is a symlink through `..data`, so a reader never sees
// a half-written volume and an update replaces every file at once.
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { VolumeFiles } from './volumes-content.ts';

const DATA = '..data';

function stamp(d: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return (
    `..${d.getUTCFullYear()}_${p(d.getUTCMonth() + 1)}_${p(d.getUTCDate())}_` +
    `${p(d.getUTCHours())}_${p(d.getUTCMinutes())}_${p(d.getUTCSeconds())}.` +
    `${p(d.getUTCMilliseconds(), 3)}${p(Math.floor(Math.random() * 1e6), 6)}`
  );
}

/** A relative path the writer accepts: no absolute path, no `..` element, not empty. */
export function safeRelativePath(path: string): boolean {
  if (path === '' || path.startsWith('/')) return false;
  return path.split('/').every((part) => part !== '' && part !== '..' && part !== '.');
}

/** Writes `files` into `dir` atomically (see the header); returns the top-level names. */
export function writeAtomic(dir: string, files: VolumeFiles, now = new Date()): string[] {
  mkdirSync(dir, { recursive: true });
  const tsName = stamp(now);
  const tsDir = join(dir, tsName);
  mkdirSync(tsDir);
  const top = new Set<string>();
  for (const [path, f] of files) {
    if (!safeRelativePath(path)) continue;
    const target = join(tsDir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, f.data);
    chmodSync(target, f.mode & 0o777);
    top.add(path.split('/', 1)[0] ?? path);
  }
  let old: string | undefined;
  try {
    old = readlinkSync(join(dir, DATA));
  } catch {
    old = undefined;
  }
  const tmp = join(dir, `${DATA}_tmp`);
  rmSync(tmp, { force: true });
  symlinkSync(tsName, tmp);
  renameSync(tmp, join(dir, DATA));
  for (const name of top) {
    const link = join(dir, name);
    if (!existsSync(link)) symlinkSync(join(DATA, name), link);
  }
  for (const entry of readdirSync(dir)) {
    if (entry.startsWith('..') || top.has(entry)) continue;
    const p = join(dir, entry);
    if (lstatSync(p).isSymbolicLink()) rmSync(p, { force: true });
  }
  if (old && old !== tsName && old.startsWith('..')) rmSync(join(dir, old), { recursive: true, force: true });
  return [...top].sort();
}
