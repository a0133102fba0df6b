// The store's in-memory index: objects by (group/resource, namespace, name), with each
// resource's list kept sorted by namespace then name (etcd's key order) between writes.
import type { KubeObject } from '../resources/types.ts';
import type { Key } from './types.ts';

export type Stored = Readonly<KubeObject>;

export function keyString(key: Key): string {
  return `${key.group}/${key.resource}`;
}

export function objectId(namespace: string, name: string): string {
  return `${namespace}\u0000${name}`;
}

export function idOf(obj: Stored): string {
  return objectId(obj.metadata.namespace ?? '', obj.metadata.name ?? '');
}

function compare(a: Stored, b: Stored): number {
  const an = a.metadata.namespace ?? '';
  const bn = b.metadata.namespace ?? '';
  if (an !== bn) return an < bn ? -1 : 1;
  const am = a.metadata.name ?? '';
  const bm = b.metadata.name ?? '';
  return am < bm ? -1 : am > bm ? 1 : 0;
}

interface Bucket {
  key: Key;
  objects: Map<string, Stored>;
  sorted: Stored[] | undefined;
}

export class ObjectTable {
  readonly #buckets = new Map<string, Bucket>();

  get(key: Key, namespace: string, name: string): Stored | undefined {
    return this.#buckets.get(keyString(key))?.objects.get(objectId(namespace, name));
  }

  list(key: Key, namespace?: string): Stored[] {
    const b = this.#buckets.get(keyString(key));
    if (!b) return [];
    b.sorted ??= [...b.objects.values()].sort(compare);
    return namespace === undefined
      ? [...b.sorted]
      : b.sorted.filter((o) => (o.metadata.namespace ?? '') === namespace);
  }

  put(key: Key, obj: Stored): void {
    const ks = keyString(key);
    let b = this.#buckets.get(ks);
    if (!b) {
      b = { key: { group: key.group, resource: key.resource }, objects: new Map(), sorted: undefined };
      this.#buckets.set(ks, b);
    }
    const id = idOf(obj);
    if (!b.objects.has(id)) b.sorted = undefined;
    else if (b.sorted) b.sorted = b.sorted.map((o) => (idOf(o) === id ? obj : o));
    b.objects.set(id, obj);
  }

  remove(key: Key, namespace: string, name: string): void {
    const b = this.#buckets.get(keyString(key));
    if (b?.objects.delete(objectId(namespace, name))) b.sorted = undefined;
  }

  /** Every object with its key, for snapshots. */
  *entries(): Generator<{ key: Key; object: Stored }> {
    for (const b of this.#buckets.values()) {
      for (const object of b.objects.values()) yield { key: b.key, object };
    }
  }
}
