// Controller references (ClaimObject): a controller owns the objects whose controller
// ownerReference names its uid and whose labels its selector still matches; it adopts
// matching orphans and releases owned objects that stopped matching.
import type { KubeObject } from '../resources/types.ts';
import type { Key, Store } from '../store/types.ts';
import { controllerRef, isTerminating, ownerRefTo } from './pod-util.ts';

export function claim<T extends KubeObject>(
  store: Store,
  key: Key,
  owner: Readonly<KubeObject>,
  candidates: readonly Readonly<KubeObject>[],
  matches: (o: Readonly<KubeObject>) => boolean,
): Readonly<T>[] {
  const uid = owner.metadata.uid;
  const out: Readonly<T>[] = [];
  for (const obj of candidates) {
    const ref = controllerRef(obj);
    if (ref && ref.uid !== uid) continue;
    if (ref) {
      if (matches(obj) || isTerminating(owner)) out.push(obj as Readonly<T>);
      else {
        const next = structuredClone(obj) as KubeObject;
        next.metadata.ownerReferences = (next.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
        if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
        store.update(key, next, obj.metadata.resourceVersion);
      }
      continue;
    }
    if (isTerminating(owner) || isTerminating(obj) || !matches(obj)) continue;
    const next = structuredClone(obj) as KubeObject;
    next.metadata.ownerReferences = [...(next.metadata.ownerReferences ?? []), ownerRefTo(owner)];
    out.push(store.update(key, next, obj.metadata.resourceVersion) as Readonly<T>);
  }
  return out;
}
