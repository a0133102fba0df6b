// Objects for the CLI command tests, shaped as the API server stores them.
import type { KubeObject } from '../../resources/types.ts';

const T = '2025-01-01T00:00:00Z';

export function namespace(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      uid: `uid-ns-${name}`,
      resourceVersion: '1',
      creationTimestamp: T,
      labels: { 'kubernetes.io/metadata.name': name },
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

export function service(ns: string, name: string, clusterIP: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace: ns,
      uid: `uid-svc-${name}`,
      resourceVersion: '2',
      creationTimestamp: T,
      labels: { app: name },
    },
    spec: {
      type: 'ClusterIP',
      clusterIP,
      clusterIPs: [clusterIP],
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      selector: { app: 'web' },
    },
    status: { loadBalancer: {} },
  };
}

export function pod(
  ns: string,
  name: string,
  opts: { containers?: string[]; phase?: string; ready?: boolean } = {},
): KubeObject {
  const containers = opts.containers ?? ['web'];
  const ready = opts.ready ?? true;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: ns,
      uid: `uid-pod-${name}`,
      resourceVersion: '3',
      creationTimestamp: T,
      labels: { app: 'web' },
    },
    spec: {
      nodeName: 'gangway-node-1',
      containers: containers.map((c) => ({ name: c, image: 'nginxdemos/hello' })),
    },
    status: {
      phase: opts.phase ?? 'Running',
      podIP: '127.1.128.2',
      podIPs: [{ ip: '127.1.128.2' }],
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      containerStatuses: containers.map((c) => ({
        name: c,
        ready,
        restartCount: 0,
        state: { running: { startedAt: T } },
      })),
    },
  };
}

export function deployment(ns: string, name: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: ns,
      uid: `uid-deploy-${name}`,
      resourceVersion: '4',
      creationTimestamp: T,
      generation: 1,
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginxdemos/hello' }] },
      },
    },
    status: {
      replicas: 1,
      updatedReplicas: 1,
      readyReplicas: 1,
      availableReplicas: 1,
      observedGeneration: 1,
    },
  };
}
