// Reads from the running API the way kubectl makes them: Tables (Accept as=Table) for
// human-readable output, plain objects for yaml/json/name, list items given the
// apiVersion/kind kubectl's unstructured lists carry.
import type { Table } from '../printers/types.ts';
import type { KubeObject } from '../resources/types.ts';
import type { ApiClient, Query } from './api-client.ts';
import type { ResourceRequest } from './resource-args.ts';
import { apiVersionOfRef, collectionPath, objectPath } from './resource-types.ts';

export const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

export interface Selectors {
  labelSelector?: string;
  fieldSelector?: string;
}

/** `namespace` undefined: every namespace (or cluster scope). */
export interface Scope {
  namespace: string | undefined;
}

function listQuery(sel: Selectors): Query {
  return { labelSelector: sel.labelSelector, fieldSelector: sel.fieldSelector, limit: 500 };
}

export async function fetchTable(
  client: ApiClient,
  req: ResourceRequest,
  scope: Scope,
  sel: Selectors,
): Promise<Table> {
  if (req.name !== undefined)
    return client.json<Table>({ path: objectPath(req.ref, scope.namespace, req.name), accept: TABLE_ACCEPT });
  return client.json<Table>({
    path: collectionPath(req.ref, scope.namespace),
    query: listQuery(sel),
    accept: TABLE_ACCEPT,
  });
}

export async function fetchObject(
  client: ApiClient,
  req: ResourceRequest & { name: string },
  scope: Scope,
): Promise<KubeObject> {
  return client.json<KubeObject>({ path: objectPath(req.ref, scope.namespace, req.name) });
}

export async function fetchList(
  client: ApiClient,
  req: ResourceRequest,
  scope: Scope,
  sel: Selectors,
): Promise<KubeObject[]> {
  const list = await client.json<{ items?: KubeObject[] }>({
    path: collectionPath(req.ref, scope.namespace),
    query: listQuery(sel),
  });
  const apiVersion = apiVersionOfRef(req.ref);
  return (list.items ?? []).map((item) => ({
    ...item,
    apiVersion: item.apiVersion || apiVersion,
    kind: item.kind || req.ref.rt.kind,
  }));
}

/** One request's objects: the named one, or the list. */
export async function fetchObjects(
  client: ApiClient,
  req: ResourceRequest,
  scope: Scope,
  sel: Selectors,
): Promise<KubeObject[]> {
  if (req.name !== undefined) return [await fetchObject(client, { ...req, name: req.name }, scope)];
  return fetchList(client, req, scope, sel);
}
