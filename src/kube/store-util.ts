// Writing to the store without churn: a controller computes the object it wants and writes
// it only when it differs from what is stored, guarded by the resourceVersion it read.
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../resources/types.ts';
import type { Key, Store } from '../store/types.ts';

/** Writes `next` over `current` when they differ; returns what is stored afterwards. */
export function updateIfChanged(
  store: Store,
  key: Key,
  current: Readonly<KubeObject>,
  next: KubeObject,
): Readonly<KubeObject> {
  if (isDeepStrictEqual(current, next)) return current;
  return store.update(key, next, current.metadata.resourceVersion);
}

export function sameContent(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b);
}
