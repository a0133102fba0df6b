// What the registry's read and write paths share: the store and admission plugins, the
// clock, the store key of a resource type, and StoreError -> StatusError.
import type { ResourceType } from '../resources/catalogue.ts';
import { resourceForStorage } from '../resources/catalogue.ts';
import type { KubeObject } from '../resources/types.ts';
import type { Key, Store } from '../store/types.ts';
import { StoreError } from '../store/types.ts';
import type { Admission, AdmissionRequest } from './admission.ts';
import { admissionKey } from './admission.ts';
import { StatusError, alreadyExists, conflict, invalid, notFound } from './status-error.ts';

export interface RegistryContext {
  store: Store;
  admission: Admission;
  now: () => Date;
}

export function keyOf(rt: ResourceType): Key {
  return { group: rt.storage.group, resource: rt.storage.resource };
}

/** The resource type that owns the storage of `rt` (networking ingresses for extensions ones). */
export function storageType(rt: ResourceType): ResourceType {
  return resourceForStorage(rt.storage);
}

/** '' for cluster-scoped resources. */
export function scopeNamespace(rt: ResourceType, namespace: string | undefined): string {
  return rt.namespaced ? (namespace ?? '') : '';
}

export function toStatusError(err: unknown, rt: ResourceType, name: string): unknown {
  if (!(err instanceof StoreError)) return err;
  switch (err.reason) {
    case 'AlreadyExists':
      return alreadyExists(rt, name);
    case 'Conflict':
      return conflict(rt, name);
    case 'NotFound':
      return notFound(rt, name);
    case 'Expired':
      return new StatusError(410, 'Expired', err.message);
  }
}

/** Runs the admission plugins of `rt`; their causes make the request Invalid. */
export function admit(ctx: RegistryContext, req: Omit<AdmissionRequest, 'store'>): void {
  const plugins = ctx.admission.get(admissionKey(req.rt)) ?? [];
  const causes = plugins.flatMap((p) => p({ ...req, store: ctx.store }));
  if (causes.length > 0) throw invalid(req.rt, req.object.metadata.name ?? '', causes);
}

export function getStored(
  ctx: RegistryContext,
  rt: ResourceType,
  namespace: string,
  name: string,
): Readonly<KubeObject> {
  const obj = ctx.store.get(keyOf(rt), scopeNamespace(rt, namespace), name);
  if (!obj) throw notFound(rt, name);
  return obj;
}
