// The shape every stored Kubernetes object shares. Kind-specific fields stay `unknown`
// here; code that needs them narrows with the interfaces from kubernetes-models.

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: unknown };

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: unknown[];
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/** A field path as the API server prints it: `spec.template.spec.containers[0].image`. */
export type FieldPath = readonly (string | number)[];

export function formatFieldPath(path: FieldPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

/** `Deployment test-ns/test-deploy`, or `Namespace test-ns` for cluster-scoped objects. */
export function objectRef(obj: {
  kind?: unknown;
  metadata?: { namespace?: unknown; name?: unknown };
}): string {
  const kind = typeof obj.kind === 'string' ? obj.kind : '<unknown kind>';
  const name = typeof obj.metadata?.name === 'string' ? obj.metadata.name : '<unnamed>';
  const ns = typeof obj.metadata?.namespace === 'string' ? obj.metadata.namespace : '';
  return ns ? `${kind} ${ns}/${name}` : `${kind} ${name}`;
}
