// CONTRACT (owned by the store/registry helper): the write and read path of the API, shared
// by api/ (kubectl) and cli/ (gangway apply -f). Validates (resources/validate.ts),
// defaults (resources/defaults.ts), converts to the storage version (resources/convert.ts),
// runs admission (registry/admission.ts), then writes the store. Errors are StatusError.
import type { KubeObject } from '../resources/types.ts';
import type { ResourceType } from '../resources/catalogue.ts';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export interface WriteOptions {
  fieldValidation?: FieldValidation; // default Warn, the API server's when the query has none
  dryRun?: boolean;
  fieldManager?: string;
  force?: boolean; // server-side apply --force-conflicts
}

export interface WriteResult {
  /** In the version the request used (rt + version). */
  object: KubeObject;
  /** Texts for `Warning: 299 - "<text>"` headers, e.g. `unknown field "spec.foo"`. */
  warnings: string[];
  /** true when a create (POST, or an apply patch of a missing object) happened: answer 201. */
  created: boolean;
}

export interface Selectors {
  labelSelector?: string; // 'app=a,tier!=b,env in (x,y),!k'
  fieldSelector?: string; // 'metadata.name=x,involvedObject.uid=...,status.phase!=Failed'
}

export interface Registry {
  get(rt: ResourceType, version: string, namespace: string, name: string): KubeObject; // throws notFound
  /** namespace '' or undefined for all namespaces (or cluster-scoped). */
  list(
    rt: ResourceType,
    version: string,
    namespace: string | undefined,
    selectors?: Selectors,
  ): { items: KubeObject[]; resourceVersion: string };
  /** Does `obj` (stored version) pass the selectors? Used by watch. */
  matches(obj: Readonly<KubeObject>, selectors: Selectors): boolean;
  create(
    rt: ResourceType,
    version: string,
    namespace: string,
    body: unknown,
    opts?: WriteOptions,
  ): WriteResult;
  update(
    rt: ResourceType,
    version: string,
    namespace: string,
    name: string,
    body: unknown,
    opts?: WriteOptions,
  ): WriteResult;
  /** Subresource writes: 'status' replaces status only; 'scale' reads/writes spec.replicas. */
  updateSubresource(
    rt: ResourceType,
    version: string,
    namespace: string,
    name: string,
    sub: 'status' | 'scale',
    body: unknown,
  ): WriteResult;
  patch(
    rt: ResourceType,
    version: string,
    namespace: string,
    name: string,
    type: PatchType,
    patch: unknown,
    opts?: WriteOptions,
    sub?: 'status' | 'scale',
  ): WriteResult;
  /** Returns the deleted object (or the object marked for deletion). Dependents (ownerReferences) are deleted in the background. */
  delete(
    rt: ResourceType,
    version: string,
    namespace: string,
    name: string,
    opts?: { dryRun?: boolean; propagationPolicy?: 'Background' | 'Foreground' | 'Orphan' },
  ): KubeObject;
  /** autoscaling/v1 Scale for deployments and replicasets. */
  getScale(rt: ResourceType, namespace: string, name: string): KubeObject;
}
