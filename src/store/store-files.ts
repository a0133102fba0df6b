// Durability of the store, without native modules: an append-only log of commits (one
// checksummed JSON line each, fdatasync before the write is acknowledged) and a snapshot the
// log is compacted into (written to a temp file, fsynced, renamed over the old one, directory
// fsynced). Loading reads the snapshot, replays the log records newer than it, and cuts off
// a torn final record. A kill -9 at any point leaves files that load, holding every
// acknowledged commit.
import {
  closeSync,
  fdatasyncSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { KubeObject } from '../resources/types.ts';
import type { Key } from './types.ts';
import { encodeRecord, readRecords } from './record-file.ts';

export const SNAPSHOT_FORMAT = 'gangway-store/v1';

/** One committed change, as logged. */
export type LoggedOp = { put: Key; object: KubeObject } | { del: Key; namespace: string; name: string };

export interface LogRecord {
  rv: number; // the resourceVersion after this commit
  ops: LoggedOp[];
}

interface SnapshotHeader {
  format: string;
  rv: number;
  objects: number;
}

export interface Loaded {
  rv: number;
  objects: { key: Key; object: KubeObject }[];
  /** Log records newer than the snapshot, in order. */
  log: LogRecord[];
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function readOptional(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function loadSnapshot(path: string): { rv: number; objects: { key: Key; object: KubeObject }[] } {
  const data = readOptional(path);
  if (!data) return { rv: 0, objects: [] };
  const { records, tornTail } = readRecords(data, path);
  const header = records[0] as SnapshotHeader | undefined;
  if (tornTail || !header || header.format !== SNAPSHOT_FORMAT || records.length !== header.objects + 1) {
    throw new Error(`${path}: the snapshot is damaged or incomplete; the store cannot load it`);
  }
  const objects = records.slice(1) as { key: Key; object: KubeObject }[];
  return { rv: header.rv, objects };
}

export class StoreFiles {
  readonly #dir: string;
  readonly #logPath: string;
  readonly #snapshotPath: string;
  #fd: number;
  #size: number;
  #broken: Error | undefined;

  private constructor(dir: string, fd: number, size: number) {
    this.#dir = dir;
    this.#logPath = join(dir, 'log');
    this.#snapshotPath = join(dir, 'snapshot');
    this.#fd = fd;
    this.#size = size;
  }

  /** Opens (creating if needed) the files in `dir` (which must exist and be locked). */
  static open(dir: string): { files: StoreFiles; loaded: Loaded } {
    const logPath = join(dir, 'log');
    const snapshotPath = join(dir, 'snapshot');
    rmSync(`${snapshotPath}.tmp`, { force: true });
    const snap = loadSnapshot(snapshotPath);
    const fd = openSync(logPath, 'a+');
    try {
      const data = readFileSync(logPath);
      const { records, goodBytes, tornTail } = readRecords(data, logPath);
      if (tornTail) {
        ftruncateSync(fd, goodBytes);
        fdatasyncSync(fd);
      }
      fsyncDir(dir);
      const log: LogRecord[] = [];
      for (const r of records) {
        if (!isObject(r) || typeof r['rv'] !== 'number' || !Array.isArray(r['ops'])) {
          throw new Error(`${logPath}: a record has an unknown shape; the store cannot load it`);
        }
        if (r['rv'] > snap.rv) log.push(r as unknown as LogRecord);
      }
      return {
        files: new StoreFiles(dir, fd, goodBytes),
        loaded: { rv: snap.rv, objects: snap.objects, log },
      };
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }

  get logBytes(): number {
    return this.#size;
  }

  /** Appends one commit and makes it durable. On failure the log is cut back and this throws. */
  append(record: LogRecord): void {
    if (this.#broken) throw this.#broken;
    const buf = encodeRecord(record);
    try {
      let off = 0;
      while (off < buf.length) off += writeSync(this.#fd, buf, off);
      fdatasyncSync(this.#fd);
      this.#size += buf.length;
    } catch (err) {
      try {
        ftruncateSync(this.#fd, this.#size);
      } catch {
        this.#broken = new Error(`the store log ${this.#logPath} could not be repaired after a failed write`);
      }
      throw err;
    }
  }

  /** Writes every object as the new snapshot at `rv`, then empties the log. */
  compact(rv: number, objects: Iterable<{ key: Key; object: Readonly<KubeObject> }>): void {
    if (this.#broken) throw this.#broken;
    const lines: Buffer[] = [];
    for (const o of objects) lines.push(encodeRecord({ key: o.key, object: o.object }));
    const header: SnapshotHeader = { format: SNAPSHOT_FORMAT, rv, objects: lines.length };
    const tmp = `${this.#snapshotPath}.tmp`;
    const fd = openSync(tmp, 'w', 0o644);
    try {
      const chunks = [encodeRecord(header), ...lines];
      for (const c of chunks) {
        let off = 0;
        while (off < c.length) off += writeSync(fd, c, off);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.#snapshotPath);
    fsyncDir(this.#dir);
    // Records up to `rv` are in the snapshot now; a crash before this truncation only leaves
    // records that loading skips.
    ftruncateSync(this.#fd, 0);
    fdatasyncSync(this.#fd);
    this.#size = 0;
  }

  close(): void {
    if (this.#fd >= 0) {
      closeSync(this.#fd);
      this.#fd = -1;
    }
  }
}
