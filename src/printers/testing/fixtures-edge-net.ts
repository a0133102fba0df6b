// Test fixtures, namespace `edge` (continued): the namespace, a tainted node, services of
// every type with their slices and Endpoints, and ingresses.
import type { KubeObject } from '../../resources/types.ts';
import { ago } from './ago.ts';
import { edgeMisc } from './fixtures-edge-misc.ts';
import { edgePods } from './fixtures-edge.ts';

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

function slice(name: string, service: string, now: Date, ports: object[], endpoints: object[]): KubeObject {
  return obj('discovery.k8s.io/v1', 'EndpointSlice', name, now, {
    metadata: { labels: { 'kubernetes.io/service-name': service } },
    addressType: 'IPv4',
    ports,
    endpoints,
  });
}

export function edgeObjects(now: Date): KubeObject[] {
  const eps = (n: number, first: number, ready?: boolean): object[] =>
    Array.from({ length: n }, (_, i) => ({
      addresses: [`127.1.130.${first + i}`],
      conditions: ready === undefined ? {} : { ready },
      ...(i === 0
        ? { hostname: 'h0', nodeName: 'node-2', zone: 'z1', targetRef: { kind: 'Pod', name: 'p0' } }
        : {}),
    }));
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'edge', uid: 'ns-uid-edge', creationTimestamp: ago(now, 50 * 60 + 20) },
      status: {
        phase: 'Terminating',
        conditions: [
          {
            type: 'NamespaceDeletionDiscoveryFailure',
            status: 'False',
            lastTransitionTime: ago(now, 60),
            reason: 'ResourcesDiscovered',
            message: 'All resources successfully discovered',
          },
        ],
      },
    },
    ...edgePods(now),
    {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: 'node-2',
        uid: 'node-uid-2',
        creationTimestamp: ago(now, 400 * 24 * 3600),
        labels: { 'kubernetes.io/role': 'worker', 'node-role.kubernetes.io/': 'x' },
      },
      spec: {
        unschedulable: true,
        providerID: 'gangway://node-2',
        taints: [
          { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
          { key: 'dedicated', value: 'edge', effect: 'NoExecute' },
          { key: 'a', value: 'b', effect: 'NoSchedule' },
        ],
      },
      status: {
        capacity: {
          cpu: '1500m',
          memory: '3Gi',
          'hugepages-2Mi': '1Gi',
          'example.com/gpu': '2',
          pods: '110',
        },
        allocatable: {
          cpu: '1500m',
          memory: '3Gi',
          'hugepages-2Mi': '1Gi',
          'example.com/gpu': '2',
          pods: '110',
        },
        conditions: [
          { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'ok' },
        ],
        addresses: [{ type: 'ExternalIP', address: '203.0.113.9' }],
        nodeInfo: { kubeletVersion: 'v1.31.0' },
      },
    },
    obj('v1', 'Service', 'ext-svc', now, {
      spec: { type: 'ExternalName', externalName: 'example.com', sessionAffinity: 'None' },
    }),
    obj('v1', 'Service', 'headless', now, {
      metadata: { labels: { a: 'b' } },
      spec: {
        type: 'ClusterIP',
        clusterIP: 'None',
        clusterIPs: ['None'],
        ports: [{ port: 5432, targetPort: 5432, protocol: 'TCP' }],
        sessionAffinity: 'ClientIP',
      },
    }),
    obj('v1', 'Service', 'lb-edge', now, {
      spec: {
        type: 'LoadBalancer',
        clusterIP: '127.1.96.50',
        clusterIPs: ['127.1.96.50'],
        externalIPs: ['198.51.100.1', '198.51.100.2'],
        loadBalancerIP: '198.51.100.9',
        loadBalancerSourceRanges: ['10.0.0.0/8', '192.168.0.0/16'],
        selector: { app: 'edge', tier: 'web' },
        ports: [
          { name: 'http', port: 80, targetPort: 8080, nodePort: 30080, protocol: 'TCP' },
          { name: 'https', port: 443, targetPort: 'https', nodePort: 30443, protocol: 'TCP' },
          { name: 'dns', port: 53, targetPort: 53, nodePort: 30053, protocol: 'UDP' },
        ],
        sessionAffinity: 'None',
        externalTrafficPolicy: 'Cluster',
        internalTrafficPolicy: 'Local',
      },
      status: {
        loadBalancer: {
          ingress: [
            { ip: '127.1.1.9', ipMode: 'VIP' },
            { hostname: 'z.elb.example.com' },
            { ip: '127.1.1.8' },
          ],
        },
      },
    }),
    slice(
      'lb-edge-a',
      'lb-edge',
      now,
      [
        { name: 'http', port: 8080, protocol: 'TCP' },
        { name: 'dns', port: 53, protocol: 'UDP' },
      ],
      [...eps(2, 1), ...eps(1, 9, false), ...eps(1, 10, true)],
    ),
    slice('lb-edge-b', 'lb-edge', now, [{ name: 'http', port: 8080, protocol: 'TCP' }], eps(2, 20, true)),
    slice('headless-a', 'headless', now, [], eps(4, 40)),
    slice(
      'many-ports',
      'nothing',
      now,
      [
        { name: 'a', port: 1, protocol: 'TCP' },
        { name: 'b', protocol: 'TCP' },
        { protocol: 'TCP' },
        { name: 'd', port: 4, protocol: 'TCP' },
      ],
      [],
    ),
    obj('v1', 'Endpoints', 'lb-edge', now, {
      subsets: [
        {
          addresses: [{ ip: '127.1.130.1' }],
          ports: [
            { name: 'http', port: 8080, protocol: 'TCP' },
            { port: 53, protocol: 'UDP' },
          ],
        },
        { notReadyAddresses: [{ ip: 'fd00::9' }] },
        { addresses: [{ ip: 'fd00::1' }, { ip: '127.1.130.3' }] },
      ],
    }),
    obj('v1', 'Endpoints', 'empty', now, {}),
    obj('networking.k8s.io/v1', 'Ingress', 'edge-ing', now, {
      metadata: { labels: { app: 'edge' } },
      spec: {
        ingressClassName: 'alb',
        defaultBackend: { service: { name: 'ext-svc', port: { name: 'x' } } },
        tls: [
          { hosts: ['a.example.com', 'b.example.com'], secretName: 'tls-ab' },
          { hosts: ['c.example.com'] },
        ],
        rules: [
          {
            host: 'a.example.com',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'lb-edge', port: { number: 80 } } },
                },
                {
                  path: '/dns',
                  pathType: 'Prefix',
                  backend: { service: { name: 'lb-edge', port: { name: 'dns' } } },
                },
              ],
            },
          },
          {
            host: 'b.example.com',
            http: {
              paths: [
                {
                  pathType: 'ImplementationSpecific',
                  backend: {
                    resource: { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'static' },
                  },
                },
              ],
            },
          },
          { host: 'c.example.com' },
          {
            host: 'd.example.com',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Exact',
                  backend: { service: { name: 'headless', port: { number: 5432 } } },
                },
              ],
            },
          },
        ],
      },
      status: {
        loadBalancer: {
          ingress: [{ ip: '127.1.1.9' }, { hostname: 'a.elb.example.com' }, { ip: '127.1.1.2' }],
        },
      },
    }),
    obj('extensions/v1beta1', 'Ingress', 'old-style', now, {
      spec: {
        backend: { serviceName: 'lb-edge', servicePort: 'https' },
        rules: [{ host: 'x.example.com' }],
      },
    }),
    ...edgeMisc(now),
  ];
}
