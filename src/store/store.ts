// openStore: the object store behind the API. Versioned objects (uid, one global
// resourceVersion counter, generation, creationTimestamp), atomic batches, watch with a
// bounded history, and durability through store-files.ts when a directory is given.
import { cloneJson } from '../patch/json.ts';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../resources/types.ts';
import { rfc3339 } from '../resources/time.ts';
import { StoreError } from './types.ts';
import type { Key, Store, WatchEvent, WatchEventType, WatchFilter, WriteOp } from './types.ts';
import { deepFreeze } from './deep-freeze.ts';
import { acquireLock } from './lock.ts';
import type { StoreLock } from './lock.ts';
import { ObjectTable, keyString, objectId } from './object-table.ts';
import type { Stored } from './object-table.ts';
import { StoreFiles } from './store-files.ts';
import type { LoggedOp } from './store-files.ts';
import { WatchHub } from './watch-hub.ts';

export interface StoreOptions {
  now?: () => Date;
  /** Events kept for watches that resume from a resourceVersion (default 1000). */
  historySize?: number;
  /** Compact the log into a snapshot once it grows past this many bytes (default 8 MiB). */
  compactAfterBytes?: number;
}

function nameOf(obj: KubeObject): { namespace: string; name: string } {
  const name = obj.metadata.name;
  if (typeof name !== 'string' || name === '') throw new Error(`store: ${obj.kind} without metadata.name`);
  return { namespace: obj.metadata.namespace ?? '', name };
}

/** A change outside metadata and status: what bumps metadata.generation. */
function specChanged(a: Stored, b: KubeObject): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    if (k === 'metadata' || k === 'status' || k === 'apiVersion' || k === 'kind') continue;
    if (!isDeepStrictEqual(a[k], b[k])) return true;
  }
  return false;
}

function cloneForWrite(obj: KubeObject): KubeObject {
  const out = cloneJson(obj);
  out.metadata = { ...out.metadata };
  return out;
}

class ObjectStore implements Store {
  readonly #table: ObjectTable;
  readonly #hub: WatchHub;
  readonly #files: StoreFiles | undefined;
  readonly #lock: StoreLock | undefined;
  readonly #now: () => Date;
  readonly #compactAfter: number;
  #rv: number;
  #closed = false;
  #dirty = false;

  constructor(
    table: ObjectTable,
    rv: number,
    files: StoreFiles | undefined,
    lock: StoreLock | undefined,
    opts: StoreOptions,
  ) {
    this.#table = table;
    this.#rv = rv;
    this.#files = files;
    this.#lock = lock;
    this.#now = opts.now ?? (() => new Date());
    this.#compactAfter = opts.compactAfterBytes ?? 8 * 1024 * 1024;
    this.#hub = new WatchHub(opts.historySize ?? 1000, rv);
  }

  get resourceVersion(): number {
    return this.#rv;
  }

  get(key: Key, namespace: string, name: string): Stored | undefined {
    return this.#table.get(key, namespace, name);
  }

  list(key: Key, namespace?: string): Stored[] {
    return this.#table.list(key, namespace);
  }

  create(key: Key, object: KubeObject): Stored {
    return this.commit([{ op: 'create', key, object }])[0]!;
  }

  update(key: Key, object: KubeObject, expectResourceVersion?: string): Stored {
    const op: WriteOp = { op: 'update', key, object };
    if (expectResourceVersion !== undefined) op.expectResourceVersion = expectResourceVersion;
    return this.commit([op])[0]!;
  }

  delete(key: Key, namespace: string, name: string): Stored | undefined {
    if (!this.#table.get(key, namespace, name)) return undefined;
    return this.commit([{ op: 'delete', key, namespace, name }])[0];
  }

  commit(ops: readonly WriteOp[]): Stored[] {
    if (this.#closed) throw new Error('store: closed');
    // Stage every op against the table plus the changes staged before it.
    const staged = new Map<string, { key: Key; namespace: string; name: string; obj: Stored | null }>();
    const lookup = (key: Key, namespace: string, name: string): Stored | undefined => {
      const s = staged.get(`${keyString(key)}\u0001${objectId(namespace, name)}`);
      return s ? (s.obj ?? undefined) : this.#table.get(key, namespace, name);
    };
    const stage = (key: Key, namespace: string, name: string, obj: Stored | null): void => {
      staged.set(`${keyString(key)}\u0001${objectId(namespace, name)}`, { key, namespace, name, obj });
    };
    const results: Stored[] = [];
    const logged: LoggedOp[] = [];
    const events: { rv: number; event: WatchEvent }[] = [];
    let rv = this.#rv;
    const emit = (type: WatchEventType, key: Key, object: Stored): void => {
      events.push({ rv, event: { type, key: { group: key.group, resource: key.resource }, object } });
    };
    const ts = rfc3339(this.#now());

    for (const op of ops) {
      if (op.op === 'create') {
        const { namespace, name } = nameOf(op.object);
        if (lookup(op.key, namespace, name)) {
          throw new StoreError('AlreadyExists', `${op.key.resource} "${name}" already exists`);
        }
        const obj = cloneForWrite(op.object);
        rv++;
        obj.metadata.uid = randomUUID();
        obj.metadata.creationTimestamp = ts;
        obj.metadata.generation = 1;
        obj.metadata.resourceVersion = String(rv);
        const frozen = deepFreeze(obj);
        stage(op.key, namespace, name, frozen);
        logged.push({ put: op.key, object: frozen });
        emit('ADDED', op.key, frozen);
        results.push(frozen);
      } else if (op.op === 'update') {
        const { namespace, name } = nameOf(op.object);
        const old = lookup(op.key, namespace, name);
        if (!old) throw new StoreError('NotFound', `${op.key.resource} "${name}" not found`);
        if (
          op.expectResourceVersion !== undefined &&
          op.expectResourceVersion !== old.metadata.resourceVersion
        ) {
          throw new StoreError('Conflict', `${op.key.resource} "${name}": the object has been modified`);
        }
        const obj = cloneForWrite(op.object);
        const setMeta = (k: 'uid' | 'creationTimestamp' | 'generation' | 'resourceVersion'): void => {
          if (old.metadata[k] === undefined) delete obj.metadata[k];
          else (obj.metadata as Record<string, unknown>)[k] = old.metadata[k];
        };
        setMeta('uid');
        setMeta('creationTimestamp');
        setMeta('generation');
        setMeta('resourceVersion');
        if (isDeepStrictEqual(obj, old)) {
          results.push(old);
          continue;
        }
        rv++;
        if (specChanged(old, obj)) obj.metadata.generation = (old.metadata.generation ?? 0) + 1;
        obj.metadata.resourceVersion = String(rv);
        const frozen = deepFreeze(obj);
        stage(op.key, namespace, name, frozen);
        logged.push({ put: op.key, object: frozen });
        emit('MODIFIED', op.key, frozen);
        results.push(frozen);
      } else {
        const old = lookup(op.key, op.namespace, op.name);
        if (!old) throw new StoreError('NotFound', `${op.key.resource} "${op.name}" not found`);
        rv++;
        const obj = cloneForWrite(old);
        obj.metadata.resourceVersion = String(rv);
        const frozen = deepFreeze(obj);
        stage(op.key, op.namespace, op.name, null);
        logged.push({ del: op.key, namespace: op.namespace, name: op.name });
        emit('DELETED', op.key, frozen);
        results.push(frozen);
      }
    }
    if (logged.length === 0) return results;

    this.#files?.append({ rv, ops: logged });
    for (const s of staged.values()) {
      if (s.obj) this.#table.put(s.key, s.obj);
      else this.#table.remove(s.key, s.namespace, s.name);
    }
    this.#rv = rv;
    this.#dirty = true;
    if (this.#files && this.#files.logBytes > this.#compactAfter) {
      // The commit is durable in the log already: a failed compaction is retried later.
      try {
        this.#compact();
      } catch (err) {
        process.emitWarning(`store compaction failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    this.#hub.publish(events);
    return results;
  }

  watch(
    filter: WatchFilter,
    sinceResourceVersion: number | undefined,
    listener: (e: WatchEvent) => void,
  ): () => void {
    if (this.#closed) throw new Error('store: closed');
    return this.#hub.watch(filter, sinceResourceVersion, listener);
  }

  #compact(): void {
    this.#files?.compact(this.#rv, this.#table.entries());
    this.#dirty = false;
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    this.#hub.close();
    try {
      if (this.#files && this.#dirty) this.#compact();
    } finally {
      this.#files?.close();
      this.#lock?.release();
    }
    return Promise.resolve();
  }
}

/**
 * Opens the store kept in `<dir>/store/` (created if missing), or an in-memory store when
 * `dir` is undefined. Fails when another live process has the directory open.
 */
export function openStore(dir: string | undefined, opts: StoreOptions = {}): Promise<Store> {
  try {
    const table = new ObjectTable();
    if (dir === undefined) return Promise.resolve(new ObjectStore(table, 0, undefined, undefined, opts));
    const storeDir = join(dir, 'store');
    mkdirSync(storeDir, { recursive: true });
    const lock = acquireLock(storeDir);
    try {
      const { files, loaded } = StoreFiles.open(storeDir);
      let rv = loaded.rv;
      for (const o of loaded.objects) table.put(o.key, deepFreeze(o.object));
      for (const rec of loaded.log) {
        for (const op of rec.ops) {
          if ('put' in op) table.put(op.put, deepFreeze(op.object));
          else table.remove(op.del, op.namespace, op.name);
        }
        rv = rec.rv;
      }
      return Promise.resolve(new ObjectStore(table, rv, files, lock, opts));
    } catch (err) {
      lock.release();
      throw err;
    }
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}
