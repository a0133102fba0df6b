// CONTRACT (owned by the manifest/resources helper): server-side defaulting, as the API
// server fills fields that kubectl output depends on. Runs on the storage version.
import type { ResourceType } from './catalogue.ts';
import type { KubeObject } from './types.ts';

/** Returns a new object with defaults filled; never mutates `obj`. */
export function applyDefaults(obj: KubeObject, rt: ResourceType): KubeObject {
  void rt;
  return structuredClone(obj);
}
