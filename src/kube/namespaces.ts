// What the API server creates for itself: the system namespaces (default, kube-system,
// kube-public, kube-node-lease) and the `kubernetes` Service in default with its Endpoints
// and EndpointSlice pointing at the API server. Anything of it that is deleted comes back.
import type { AddressPlan } from '../net/addresses.ts';
import type { KubeObject } from '../resources/types.ts';
import type { Component } from '../runtime/component.ts';
import type { Store } from '../store/types.ts';
import { ControllerLoop } from './controller-loop.ts';
import { ENDPOINTS, ENDPOINTSLICES, NAMESPACES, SERVICES } from './keys.ts';
import { copy, type Service, type ServicePort } from './objects.ts';
import { isTerminating } from './pod-util.ts';
import { updateIfChanged } from './store-util.ts';
import type { Key } from '../store/types.ts';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'] as const;

/** The port the `kubernetes` Service targets, as on EKS and kubeadm clusters. */
export const API_SERVER_PORT = 6443;

export interface SystemObjectsOptions {
  store: Store;
  plan: AddressPlan;
  /**
   * Where the `kubernetes` Endpoints point (default plan.nodeIP(0):6443). The runtime maps
   * that address to the real API listener in the DialTable.
   */
  apiServer?: { ip: string; port: number };
}

export function namespaceObject(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

const HTTPS: ServicePort = { name: 'https', port: 443, protocol: 'TCP', targetPort: API_SERVER_PORT };

function kubernetesService(plan: AddressPlan): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    spec: {
      clusterIP: plan.clusterIP(0),
      clusterIPs: [plan.clusterIP(0)],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [HTTPS],
      sessionAffinity: 'None',
      type: 'ClusterIP',
    },
    status: { loadBalancer: {} },
  };
}

/** The system namespaces and the `kubernetes` Service, kept in place. */
export function systemObjectsController(opts: SystemObjectsOptions): Component {
  const { store, plan } = opts;
  const api = opts.apiServer ?? { ip: plan.nodeIP(0), port: API_SERVER_PORT };
  const ALL = 'all';
  const isKubernetes = (o: Readonly<KubeObject>): boolean =>
    o.metadata.namespace === 'default' && o.metadata.name === 'kubernetes';
  const ports = [{ name: 'https', port: api.port, protocol: 'TCP' }];

  const ensure = (key: Key, want: KubeObject, merge: (have: Readonly<KubeObject>) => KubeObject): void => {
    const have = store.get(key, want.metadata.namespace ?? '', want.metadata.name ?? '');
    if (!have) store.create(key, want);
    else updateIfChanged(store, key, have, merge(have));
  };

  const reconcile = (): undefined => {
    for (const name of SYSTEM_NAMESPACES) {
      if (!store.get(NAMESPACES, '', name)) store.create(NAMESPACES, namespaceObject(name));
    }
    const ns = store.get(NAMESPACES, '', 'default');
    if (!ns || isTerminating(ns)) return undefined;
    ensure(SERVICES, kubernetesService(plan), (have) => {
      const next = copy<Service>(have);
      next.spec = { ...next.spec, type: 'ClusterIP', ports: [HTTPS] };
      return next;
    });
    const subsets = [{ addresses: [{ ip: api.ip }], ports }];
    const endpoints: KubeObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
      },
      subsets,
    };
    ensure(ENDPOINTS, endpoints, (have) => ({ ...copy(have), subsets }));
    const slice: KubeObject = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { 'kubernetes.io/service-name': 'kubernetes' },
      },
      addressType: 'IPv4',
      endpoints: [{ addresses: [api.ip], conditions: { ready: true } }],
      ports,
    };
    ensure(ENDPOINTSLICES, slice, (have) => ({
      ...copy(have),
      addressType: slice['addressType'],
      endpoints: slice['endpoints'],
      ports,
    }));
    return undefined;
  };

  return new ControllerLoop({
    name: 'system-namespaces',
    store,
    watches: [
      { key: NAMESPACES, keysFor: (e) => (e.type === 'MODIFIED' ? [] : [ALL]) },
      ...[SERVICES, ENDPOINTS, ENDPOINTSLICES].map((key) => ({
        key,
        keysFor: (e: { object: Readonly<KubeObject> }) => (isKubernetes(e.object) ? [ALL] : []),
      })),
    ],
    resync: () => [ALL],
    reconcile,
    detail: () =>
      `namespaces ${SYSTEM_NAMESPACES.join(', ')}; service default/kubernetes -> ${api.ip}:${api.port}`,
  });
}
