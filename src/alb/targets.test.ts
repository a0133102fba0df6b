// Target resolution: which nodes an instance target group registers, and ip targets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../resources/types.ts';
import type { TargetGroup } from './model.ts';
import { isNodeSuitable, resolveTargets } from './targets.ts';

function node(
  name: string,
  opts: { ready?: boolean; labels?: Record<string, string>; taint?: string } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: opts.labels ?? {} },
    spec: opts.taint ? { taints: [{ key: opts.taint, effect: 'NoSchedule' }] } : {},
    status: {
      addresses: [{ type: 'InternalIP', address: `127.0.9.${name.length}` }],
      conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True' }],
    },
  };
}

void test('isNodeSuitable', () => {
  const cases: [KubeObject, boolean][] = [
    [node('a'), true],
    [node('b', { ready: false }), false],
    [node('c', { labels: { 'node.kubernetes.io/exclude-from-external-load-balancers': '' } }), false],
    [node('d', { labels: { 'node-role.kubernetes.io/control-plane': '' } }), false],
    [node('e', { labels: { 'node-role.kubernetes.io/master': '' } }), false],
    [node('f', { labels: { 'eks.amazonaws.com/compute-type': 'fargate' } }), false],
    [node('g', { taint: 'ToBeDeletedByClusterAutoscaler' }), false],
  ];
  for (const [n, want] of cases) assert.equal(isNodeSuitable(n), want, n.metadata.name);
  assert.equal(isNodeSuitable(node('h', { labels: { pool: 'a' } }), { pool: 'b' }), false);
});

const tg: TargetGroup = {
  name: 'k8s-x-y-0123456789',
  arn: 'arn',
  protocol: 'HTTP',
  protocolVersion: 'HTTP1',
  targetType: 'instance',
  port: 31246,
  service: {
    namespace: 'istio-system',
    name: 'istio-ingressgateway',
    port: 80,
    nodePort: 31246,
    portName: 'http2',
  },
  healthCheck: {
    protocol: 'HTTP',
    port: 30218,
    path: '/healthz/ready',
    intervalSeconds: 15,
    timeoutSeconds: 5,
    healthyThresholdCount: 2,
    unhealthyThresholdCount: 2,
    matcher: { httpCode: '200' },
  },
  attributes: {},
  loadBalancingAlgorithm: 'round_robin',
};

void test('instance targets: every suitable node x NodePort, sorted by node name', () => {
  const got = resolveTargets(tg, {
    nodes: [node('nodeb'), node('n-a'), node('x', { ready: false })],
    endpointSlices: [],
  });
  assert.deepEqual(got, [
    { id: 'n-a', address: '127.0.9.3', port: 31246, healthCheckPort: 30218, node: 'n-a' },
    { id: 'nodeb', address: '127.0.9.5', port: 31246, healthCheckPort: 30218, node: 'nodeb' },
  ]);
  const traffic = resolveTargets(
    { ...tg, healthCheck: { ...tg.healthCheck, port: 'traffic-port' } },
    { nodes: [node('a')], endpointSlices: [] },
  );
  assert.equal(traffic[0]?.healthCheckPort, 31246);
});

void test('ip targets: ready endpoints of the Service slices on the named port', () => {
  const slice: KubeObject = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 's-1', namespace: 'ns', labels: { 'kubernetes.io/service-name': 'svc' } },
    addressType: 'IPv4',
    ports: [{ name: 'web', port: 8080 }],
    endpoints: [
      { addresses: ['127.0.3.2'], conditions: { ready: true }, targetRef: { kind: 'Pod', name: 'p2' } },
      { addresses: ['127.0.3.1'], conditions: {} },
      { addresses: ['127.0.3.3'], conditions: { ready: false } },
    ],
  };
  const other = {
    ...slice,
    metadata: { ...slice.metadata, labels: { 'kubernetes.io/service-name': 'other' } },
  };
  const ipTg: TargetGroup = {
    ...tg,
    targetType: 'ip',
    port: 8080,
    service: { namespace: 'ns', name: 'svc', port: 80, portName: 'web' },
    healthCheck: { ...tg.healthCheck, port: 'traffic-port' },
  };
  assert.deepEqual(resolveTargets(ipTg, { nodes: [], endpointSlices: [slice, other] }), [
    { id: '127.0.3.1', address: '127.0.3.1', port: 8080, healthCheckPort: 8080 },
    {
      id: '127.0.3.2',
      address: '127.0.3.2',
      port: 8080,
      healthCheckPort: 8080,
      pod: { namespace: 'ns', name: 'p2' },
    },
  ]);
});
