// Test fixtures, namespace `edge` (continued): a deployment without ReplicaSets, config
// data, events (series, multi-line, node and namespace ones) and custom resources with
// odd fields.
import type { KubeObject } from '../../resources/types.ts';
import { ago } from './ago.ts';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

function obj(
  apiVersion: string,
  kind: string,
  name: string,
  now: Date,
  body: Record<string, unknown>,
): KubeObject {
  const md = body['metadata'] ?? {};
  const metadata = {
    name,
    namespace: 'edge',
    uid: `edge-uid-${name}`,
    creationTimestamp: ago(now, 50 * 60 + 20),
    ...md,
  };
  return { apiVersion, kind, ...body, metadata };
}

export function edgeMisc(now: Date): KubeObject[] {
  return [
    obj('apps/v1', 'Deployment', 'no-rs', now, {
      spec: {
        replicas: 0,
        selector: {
          matchLabels: { app: 'no-rs' },
          matchExpressions: [
            { key: 'tier', operator: 'In', values: ['b', 'a'] },
            { key: 'x', operator: 'DoesNotExist' },
          ],
        },
        strategy: { type: 'Recreate' },
        minReadySeconds: 5,
        template: {
          metadata: {
            labels: { app: 'no-rs', tier: 'a' },
            annotations: { 'sidecar.istio.io/inject': 'false' },
          },
          spec: {
            serviceAccountName: 'robot',
            priorityClassName: 'high',
            initContainers: [
              {
                name: 'init',
                image: 'busybox',
                env: [
                  { name: 'N', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
                ],
              },
            ],
            containers: [
              {
                name: 'c',
                image: 'busybox',
                ports: [
                  { containerPort: 1, protocol: 'TCP' },
                  { containerPort: 2, protocol: 'TCP' },
                ],
              },
            ],
            volumes: [{ name: 'v', emptyDir: {} }],
            nodeSelector: { disk: 'ssd' },
            tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 10 }],
            topologySpreadConstraints: [
              { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' },
            ],
          },
        },
      },
      status: {},
    }),
    obj('v1', 'ConfigMap', 'multi', now, {
      data: { z: 'zz', a: 'aa\n', m: '' },
      binaryData: { bin: b64('\u0001\u0002\u0003\u0004\u0005'), abin: b64('xy') },
    }),
    obj('v1', 'Secret', 'sa-token', now, {
      type: 'kubernetes.io/service-account-token',
      data: { token: b64('eyJhbGciOi'), 'ca.crt': b64('cert'), namespace: b64('edge') },
    }),
    obj('v1', 'Event', 'edge-pod.series', now, {
      involvedObject: {
        kind: 'Pod',
        namespace: 'edge',
        name: 'edge-pod',
        uid: 'edge-uid-edge-pod',
        apiVersion: 'v1',
      },
      reason: 'BackOff',
      message: 'Back-off restarting failed container app in pod edge-pod_edge(edge-uid-edge-pod)',
      eventTime: ago(now, 40 * 60 + 20).replace('Z', '.123456Z'),
      series: { count: 7, lastObservedTime: ago(now, 2 * 60 + 20).replace('Z', '.000001Z') },
      reportingComponent: 'kubelet',
      reportingInstance: 'node-2',
      type: 'Warning',
      count: 0,
    }),
    obj('v1', 'Event', 'edge-pod.multi', now, {
      involvedObject: {
        kind: 'Pod',
        namespace: 'edge',
        name: 'edge-pod',
        uid: 'edge-uid-edge-pod',
        apiVersion: 'v1',
        fieldPath: 'spec.containers{app}',
      },
      reason: 'Failed',
      message: '  first line\nsecond line  ',
      source: { component: 'kubelet', host: 'node-2' },
      firstTimestamp: ago(now, 45 * 60 + 20),
      lastTimestamp: ago(now, 15 * 60 + 20),
      count: 2,
      type: 'Warning',
      eventTime: null,
    }),
    obj('v1', 'Event', 'node-2.ev', now, {
      metadata: { namespace: 'default' },
      involvedObject: { kind: 'Node', name: 'node-2', uid: 'node-2', apiVersion: 'v1' },
      reason: 'NodeNotSchedulable',
      message: 'Node node-2 status is now: NodeNotSchedulable',
      source: { component: 'kubelet', host: 'node-2' },
      firstTimestamp: ago(now, 30 * 60 + 20),
      lastTimestamp: ago(now, 30 * 60 + 20),
      count: 1,
      type: 'Normal',
    }),
    obj('v1', 'Event', 'ns-event', now, {
      involvedObject: { kind: 'Namespace', name: 'edge' },
      reason: 'Odd',
      message: '',
      count: 1,
      type: 'Normal',
    }),
    obj('networking.istio.io/v1', 'VirtualService', 'edge-vs', now, {
      metadata: {
        resourceVersion: '42',
        generation: 3,
        finalizers: ['x.example.com/f'],
        labels: { app: 'edge' },
        annotations: { note: 'n' },
        managedFields: [
          {
            manager: 'kubectl',
            operation: 'Apply',
            apiVersion: 'networking.istio.io/v1',
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:spec': {} },
          },
        ],
        ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'multi', uid: 'edge-uid-multi' }],
      },
      spec: {
        hosts: ['*'],
        gateways: [],
        http: [
          {
            name: 'r1',
            retries: { attempts: 3, perTryTimeout: '2s', retryOn: '5xx' },
            fault: { delay: { percentage: { value: 0.5 }, fixedDelay: '7s' } },
            mirrorPercentage: { value: 1234567.5 },
            headers: { request: { set: { 'x-a': 'b', HTTPHeader: 'c' } } },
            route: [{ destination: { host: 'a' }, weight: 100 }],
          },
        ],
        tcp: [[1, 2], 'x', null, true],
        exportTo: ['.'],
        h2UpgradePolicy: 'UPGRADE',
        'tcp-istiod': 1,
        x_y: false,
        uidRef: null,
      },
    }),
    obj('networking.istio.io/v1', 'DestinationRule', 'no-host', now, { spec: { trafficPolicy: {} } }),
    obj('install.istio.io/v1alpha1', 'IstioOperator', 'no-status', now, { spec: { revision: 7 } }),
  ];
}
