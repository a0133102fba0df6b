import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlbModel, TargetHealth } from '../alb/model.ts';
import type { GatewayModel } from '../istio/model.ts';
import type { KubeObject } from '../resources/types.ts';
import { buildGraph } from './graph.ts';
import { parsePrometheus } from './metrics.ts';

const pod = (ns: string, name: string, labels: Record<string, string>, ready: boolean): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { namespace: ns, name, labels },
  status: {
    phase: 'Running',
    podIP: '127.1.128.2',
    conditions: [
      { type: 'Ready', status: ready ? 'True' : 'False', ...(ready ? {} : { reason: 'ContainersNotReady' }) },
    ],
  },
});
const svc = (ns: string, name: string, selector: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { namespace: ns, name },
  spec: { selector },
});

const TG = 'arn:aws:elasticloadbalancing:eu-west-3:111111111111:targetgroup/k8s-istiosys-istioing/0';
const alb = {
  loadBalancers: [
    {
      name: 'k8s-istiosys-testalb',
      dnsName: 'k8s-istiosys-testalb-1.eu-west-3.elb.amazonaws.com',
      scheme: 'internet-facing',
      ingresses: [{ namespace: 'istio-system', name: 'test-alb' }],
      listeners: [
        {
          port: 443,
          protocol: 'HTTPS',
          arn: 'l443',
          defaultActions: [],
          rules: [
            {
              priority: 1,
              actions: [{ type: 'forward', targetGroups: [{ targetGroupArn: TG, weight: 1 }] }],
            },
          ],
        },
      ],
      targetGroups: [
        {
          name: 'k8s-istiosys-istioing',
          arn: TG,
          protocol: 'HTTP',
          port: 31246,
          service: { namespace: 'istio-system', name: 'istio-ingressgateway', port: 80 },
          healthCheck: { protocol: 'HTTP', port: 30218, path: '/healthz/ready' },
        },
      ],
    },
  ],
} as unknown as AlbModel;
const health = (state: TargetHealth['state'], reason?: string): TargetHealth[] => [
  {
    target: {
      id: 'gangway-node',
      address: '127.1.0.1',
      port: 31246,
      healthCheckPort: 30218,
      node: 'gangway-node',
    },
    state,
    ...(reason ? { reason } : {}),
  },
];
const model = {
  listeners: [{ name: '0.0.0.0_8080', address: '0.0.0.0', port: 8080, protocol: 'HTTP', filterChains: [] }],
  routeConfigs: [
    {
      name: 'http.8080',
      virtualHosts: [
        {
          name: 'h:80',
          domains: ['istio-test-alb.example.com'],
          routes: [
            {
              name: '',
              match: {},
              virtualService: { namespace: 'test-ns', name: 'test-virtualservice' },
              action: {
                type: 'route',
                clusters: [{ cluster: 'outbound|80||test-svc.test-ns.svc.cluster.local', weight: 100 }],
              },
            },
          ],
        },
      ],
    },
  ],
  clusters: [
    {
      name: 'outbound|80||test-svc.test-ns.svc.cluster.local',
      type: 'EDS',
      lbPolicy: 'LEAST_REQUEST',
      service: {
        namespace: 'test-ns',
        name: 'test-svc',
        fqdn: 'test-svc.test-ns.svc.cluster.local',
        port: 80,
      },
    },
  ],
} as unknown as GatewayModel;

const scrape = (n: number) =>
  parsePrometheus(
    `istio_requests_total{response_code="200",destination_service_name="test-svc",destination_service_namespace="test-ns"} ${n}\n`,
  );

const input = (state: TargetHealth['state'], reason?: string) => ({
  alb,
  health: () => health(state, reason),
  pods: [
    pod('istio-system', 'istio-ingressgateway-abc', { istio: 'ingressgateway' }, true),
    pod('test-ns', 'test-deploy-1', { app: 'test-app' }, true),
    pod('test-ns', 'test-deploy-2', { app: 'test-app' }, false),
  ],
  services: [
    svc('istio-system', 'istio-ingressgateway', { istio: 'ingressgateway' }),
    svc('test-ns', 'test-svc', { app: 'test-app' }),
  ],
  gateways: [{ namespace: 'istio-system', name: 'istio-ingressgateway-abc', model }],
  window: { seconds: 10, byPod: new Map([['istio-system/istio-ingressgateway-abc', scrape(50)]]) },
});

void test('buildGraph: the whole path, client to pods, with health and rates', () => {
  const g = buildGraph(input('healthy'));
  const rows = g.nodes.map(
    (n) => `${n.kind} ${n.namespace}/${n.name} ${n.health}${n.reason ? ` ${n.reason}` : ''}`,
  );
  assert.deepEqual(rows, [
    'Client /client healthy',
    'LoadBalancer /k8s-istiosys-testalb healthy',
    'Listener /k8s-istiosys-testalb HTTPS:443 healthy',
    'TargetGroup istio-system/k8s-istiosys-istioing healthy',
    'Target /gangway-node:31246 healthy',
    'NodePort istio-system/istio-ingressgateway:31246 healthy',
    'GatewayPod istio-system/istio-ingressgateway-abc healthy',
    'VirtualServiceRoute test-ns/test-virtualservice http[0] healthy',
    'Service test-ns/test-svc healthy',
    'Pod test-ns/test-deploy-1 healthy',
    'Pod test-ns/test-deploy-2 unhealthy ContainersNotReady',
  ]);
  const ids = new Set(g.nodes.map((n) => n.id));
  for (const e of g.edges) assert.ok(ids.has(e.source) && ids.has(e.target), `${e.source} -> ${e.target}`);
  const rps = (s: string, t: string) =>
    g.edges.find((e) => e.source.startsWith(s) && e.target.startsWith(t))?.rps;
  assert.equal(rps('client', 'alb:'), 5);
  assert.equal(rps('listener:', 'tg:'), 5);
  assert.equal(rps('nodeport:', 'gateway:'), 5);
  assert.equal(rps('gateway:', 'vsroute:'), 5);
  assert.equal(rps('vsroute:', 'service:'), 5);
  assert.equal(rps('service:', 'pod:'), null);
  assert.equal(g.window_seconds, 10);
});

void test('buildGraph: unhealthy targets carry their reason', () => {
  const g = buildGraph(input('unhealthy', 'Target.ResponseCodeMismatch'));
  const t = g.nodes.find((n) => n.kind === 'Target')!;
  assert.equal(t.health, 'unhealthy');
  assert.equal(t.reason, 'Target.ResponseCodeMismatch');
  assert.equal(g.nodes.find((n) => n.kind === 'TargetGroup')!.health, 'unhealthy');
});
