// Admission: what the API server does to an object between decoding and storing it that
// needs the rest of the cluster (allocating a Service's clusterIP and nodePorts, checking
// the namespace exists). Plugins are registered by resource; registry/ runs them in order.
import type { KubeObject } from '../resources/types.ts';
import type { ResourceType } from '../resources/catalogue.ts';
import type { Store } from '../store/types.ts';
import type { StatusCause } from './status-error.ts';

export interface AdmissionRequest {
  operation: 'CREATE' | 'UPDATE' | 'DELETE';
  rt: ResourceType;
  /** The object to store, already defaulted and in the storage version. Plugins may mutate it. */
  object: KubeObject;
  old?: Readonly<KubeObject>;
  store: Store;
  dryRun: boolean;
}

/** Returns the causes that make the request Invalid (422), or [] to admit it. */
export type AdmissionPlugin = (req: AdmissionRequest) => StatusCause[];

/** Plugins by resource, key `${storage.group}/${storage.resource}` (see admissionKey). */
export type Admission = ReadonlyMap<string, readonly AdmissionPlugin[]>;

export function admissionKey(rt: ResourceType): string {
  return `${rt.storage.group}/${rt.storage.resource}`;
}
