// CONTRACT (owned by the manifest/resources helper): version conversion. Objects are stored
// in their resource's storage version (Ingress: networking.k8s.io/v1) and served in the
// version the client asked for (extensions/v1beta1 Ingress converted back, as the API
// server used to; CRD versions differ only in apiVersion).
import type { ResourceType } from './catalogue.ts';
import type { KubeObject } from './types.ts';

/** `obj` as given (any served version of `rt`) -> the storage version. New object. */
export function toStorageVersion(obj: KubeObject, rt: ResourceType): KubeObject {
  void rt;
  return structuredClone(obj);
}

/** A stored object -> `version` of `rt` (rt may be an alias such as extensions ingresses). New object. */
export function fromStorageVersion(obj: Readonly<KubeObject>, rt: ResourceType, version: string): KubeObject {
  const out = structuredClone(obj) as KubeObject;
  out.apiVersion = rt.group ? `${rt.group}/${version}` : version;
  return out;
}
