// An in-memory Store for api/ tests: one global resourceVersion, objects stamped like the
// real store does, watch with a replayable history that `compact()` trims (to test 410).
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../resources/types.ts';
import { StoreError } from '../../store/types.ts';
import type { Key, Store, WatchEvent, WatchFilter, WriteOp } from '../../store/types.ts';

interface Sub {
  filter: WatchFilter;
  listener: (e: WatchEvent) => void;
}

const keyOf = (k: Key): string => `${k.group}/${k.resource}`;
const objKey = (ns: string, name: string): string => `${ns}/${name}`;

function sameKey(a: Key, b: Key): boolean {
  return a.group === b.group && a.resource === b.resource;
}

function withoutMeta(o: Readonly<KubeObject>): unknown {
  const { metadata: _m, status: _s, ...rest } = o;
  return rest;
}

export class FakeStore implements Store {
  #rv = 100;
  #objects = new Map<string, Map<string, Readonly<KubeObject>>>();
  #history: { rv: number; event: WatchEvent }[] = [];
  #oldest = 100;
  #subs = new Set<Sub>();
  now: () => Date = () => new Date();

  get resourceVersion(): number {
    return this.#rv;
  }

  #bucket(key: Key): Map<string, Readonly<KubeObject>> {
    let b = this.#objects.get(keyOf(key));
    if (!b) {
      b = new Map();
      this.#objects.set(keyOf(key), b);
    }
    return b;
  }

  get(key: Key, namespace: string, name: string): Readonly<KubeObject> | undefined {
    return this.#bucket(key).get(objKey(namespace, name));
  }

  list(key: Key, namespace?: string): Readonly<KubeObject>[] {
    return [...this.#bucket(key).values()]
      .filter((o) => namespace === undefined || (o.metadata.namespace ?? '') === namespace)
      .sort((a, b) =>
        `${a.metadata.namespace ?? ''}\u0000${a.metadata.name ?? ''}`.localeCompare(
          `${b.metadata.namespace ?? ''}\u0000${b.metadata.name ?? ''}`,
        ),
      );
  }

  #emit(event: WatchEvent): void {
    this.#history.push({ rv: this.#rv, event });
    for (const s of [...this.#subs]) {
      if (this.#subs.has(s) && this.#matches(s.filter, event)) s.listener(event);
    }
  }

  #matches(f: WatchFilter, e: WatchEvent): boolean {
    return (
      sameKey(f.key, e.key) && (f.namespace === undefined || e.object.metadata.namespace === f.namespace)
    );
  }

  create(key: Key, object: KubeObject): Readonly<KubeObject> {
    const ns = object.metadata.namespace ?? '';
    const name = object.metadata.name ?? '';
    const b = this.#bucket(key);
    if (b.has(objKey(ns, name)))
      throw new StoreError('AlreadyExists', `${key.resource} "${name}" already exists`);
    this.#rv++;
    const stored: KubeObject = structuredClone(object);
    stored.metadata = {
      ...stored.metadata,
      uid: randomUUID(),
      resourceVersion: String(this.#rv),
      generation: 1,
      creationTimestamp: this.now()
        .toISOString()
        .replace(/\.\d+Z$/, 'Z'),
    };
    const frozen = Object.freeze(stored);
    b.set(objKey(ns, name), frozen);
    this.#emit({ type: 'ADDED', key, object: frozen });
    return frozen;
  }

  update(key: Key, object: KubeObject, expectResourceVersion?: string): Readonly<KubeObject> {
    const ns = object.metadata.namespace ?? '';
    const name = object.metadata.name ?? '';
    const b = this.#bucket(key);
    const old = b.get(objKey(ns, name));
    if (!old) throw new StoreError('NotFound', `${key.resource} "${name}" not found`);
    if (expectResourceVersion !== undefined && expectResourceVersion !== old.metadata.resourceVersion) {
      throw new StoreError('Conflict', `${key.resource} "${name}" was modified`);
    }
    const next: KubeObject = structuredClone(object);
    next.metadata = {
      ...next.metadata,
      uid: old.metadata.uid!,
      creationTimestamp: old.metadata.creationTimestamp!,
      resourceVersion: old.metadata.resourceVersion!,
      generation: old.metadata.generation ?? 1,
    };
    if (JSON.stringify(next) === JSON.stringify(old)) return old;
    if (JSON.stringify(withoutMeta(next)) !== JSON.stringify(withoutMeta(old))) {
      next.metadata.generation = (old.metadata.generation ?? 1) + 1;
    }
    this.#rv++;
    next.metadata.resourceVersion = String(this.#rv);
    const frozen = Object.freeze(next);
    b.set(objKey(ns, name), frozen);
    this.#emit({ type: 'MODIFIED', key, object: frozen });
    return frozen;
  }

  delete(key: Key, namespace: string, name: string): Readonly<KubeObject> | undefined {
    const b = this.#bucket(key);
    const old = b.get(objKey(namespace, name));
    if (!old) return undefined;
    b.delete(objKey(namespace, name));
    this.#rv++;
    const last = Object.freeze({ ...old, metadata: { ...old.metadata, resourceVersion: String(this.#rv) } });
    this.#emit({ type: 'DELETED', key, object: last });
    return last;
  }

  commit(ops: readonly WriteOp[]): Readonly<KubeObject>[] {
    const out: Readonly<KubeObject>[] = [];
    for (const op of ops) {
      if (op.op === 'create') out.push(this.create(op.key, op.object));
      else if (op.op === 'update') out.push(this.update(op.key, op.object, op.expectResourceVersion));
      else {
        const d = this.delete(op.key, op.namespace, op.name);
        if (d) out.push(d);
      }
    }
    return out;
  }

  watch(filter: WatchFilter, since: number | undefined, listener: (e: WatchEvent) => void): () => void {
    if (since !== undefined && since < this.#oldest) {
      throw new StoreError('Expired', `too old resource version: ${since} (${this.#oldest})`);
    }
    if (since !== undefined) {
      for (const h of this.#history) {
        if (h.rv > since && this.#matches(filter, h.event)) listener(h.event);
      }
    }
    const sub: Sub = { filter, listener };
    this.#subs.add(sub);
    return () => this.#subs.delete(sub);
  }

  /** Forgets history: watches from older versions now get 410 Expired. */
  compact(): void {
    this.#history = [];
    this.#oldest = this.#rv;
  }

  get watchers(): number {
    return this.#subs.size;
  }

  close(): Promise<void> {
    this.#subs.clear();
    return Promise.resolve();
  }
}
