// Store keys (group + plural) of the kinds the Kubernetes controllers read and write.
import type { Key } from '../store/types.ts';

export const NAMESPACES: Key = { group: '', resource: 'namespaces' };
export const NODES: Key = { group: '', resource: 'nodes' };
export const PODS: Key = { group: '', resource: 'pods' };
export const SERVICES: Key = { group: '', resource: 'services' };
export const ENDPOINTS: Key = { group: '', resource: 'endpoints' };
export const DEPLOYMENTS: Key = { group: 'apps', resource: 'deployments' };
export const REPLICASETS: Key = { group: 'apps', resource: 'replicasets' };
export const ENDPOINTSLICES: Key = { group: 'discovery.k8s.io', resource: 'endpointslices' };

/** Queue key of a namespaced object: `namespace/name`. */
export function objectKey(namespace: string | undefined, name: string | undefined): string {
  return `${namespace ?? ''}/${name ?? ''}`;
}

/** The inverse of objectKey. */
export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
