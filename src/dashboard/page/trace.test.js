// The trace marks: each hop of a trace answer lands on the graph nodes of its own kind, and
// the first failing hop is the one at fault (pure functions of trace.js, no browser needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hopNodes, traceMarks } from './trace.js';

const node = (id, kind, name, namespace = '') => ({
  id,
  kind,
  name,
  namespace,
  health: 'healthy',
  reason: '',
});
const LB = 'k8s-istiosys-testalb-790e8122c1';
const TG = 'k8s-istiosys-istioing-d80f59e2de';
const graph = {
  nodes: [
    node('client', 'Client', 'client'),
    node(`alb:${LB}`, 'LoadBalancer', LB),
    node('listener:a', 'Listener', `${LB} HTTP:80`),
    node('listener:b', 'Listener', `${LB} HTTPS:443`),
    node(`tg:${TG}`, 'TargetGroup', TG, 'istio-system'),
    node(`target:${TG}:gangway-node-1:32183`, 'Target', 'gangway-node-1:32183'),
    node('nodeport:istio-system/istio-ingressgateway:32183', 'NodePort', 'istio-ingressgateway:32183'),
    node('gateway:istio-system/gw-1', 'GatewayPod', 'gw-1', 'istio-system'),
    node('vsroute:test-ns/vs#0', 'VirtualServiceRoute', 'vs http[0]', 'test-ns'),
    node('vsroute:test-ns/vs#1', 'VirtualServiceRoute', 'vs http[1]', 'test-ns'),
    node('service:test-ns/test-svc', 'Service', 'test-svc', 'test-ns'),
    node('service:test-ns/other', 'Service', 'other', 'test-ns'),
    node('pod:test-ns/p-1', 'Pod', 'p-1', 'test-ns'),
    node('pod:test-ns/p-2', 'Pod', 'p-2', 'test-ns'),
  ],
  edges: [
    { source: 'vsroute:test-ns/vs#0', target: 'service:test-ns/test-svc' },
    { source: 'vsroute:test-ns/vs#1', target: 'service:test-ns/other' },
  ],
};
const hop = (h, name, detail, verdict = 'ok') => ({ hop: h, name, detail, verdict });
const hops = [
  hop('dns', 'istio-test-alb.example.com', `A 127.0.0.1 -> ${LB}-1.eu-west-3.elb.amazonaws.com`),
  hop('alb', LB, 'internet-facing'),
  hop('listener', 'HTTPS:443', 'TLS terminated'),
  hop('rule', 'priority 1', 'path-pattern /*'),
  hop('target-group', TG, 'HTTP:32183 instance'),
  hop('targets', '1/1 healthy', 'gangway-node-1:32183 healthy'),
  hop('node-port', 'NodePort 32183', 'Service istio-system/istio-ingressgateway port 80 (http2)'),
  hop('gateway-pod', 'istio-system/gw-1', 'selected by app=gw'),
  hop('gateway-listener', '0.0.0.0_8080', 'HTTP'),
  hop('route', 'vs.test-ns', 'match prefix / -> outbound|80||test-svc.test-ns.svc.cluster.local (100)'),
  hop('cluster', 'outbound|80||test-svc.test-ns.svc.cluster.local', 'EDS'),
  hop('endpoints', '1/2 ready', "127.0.0.3:80 (p-2); the status is the application's"),
];

void test('every hop lands on the nodes of its kind', () => {
  const per = hopNodes(graph, hops);
  const want = [
    ['client', `alb:${LB}`],
    [`alb:${LB}`],
    ['listener:b'],
    ['listener:b'], // a rule belongs to its listener
    [`tg:${TG}`],
    [`target:${TG}:gangway-node-1:32183`],
    ['nodeport:istio-system/istio-ingressgateway:32183'],
    ['gateway:istio-system/gw-1'],
    ['gateway:istio-system/gw-1'],
    ['vsroute:test-ns/vs#0'], // narrowed to the route leading to the traced Service
    ['service:test-ns/test-svc'],
    ['pod:test-ns/p-2'],
  ];
  want.forEach((ids, i) => assert.deepEqual(per[i], ids, `hop ${i} ${hops[i].hop}`));
});

void test('the first failing hop is at fault and nothing after it is traced', () => {
  const failing = hops.slice(0, 6).map((h, i) => (i === 5 ? { ...h, verdict: 'fail' } : h));
  const m = traceMarks(graph, [...failing, hops[6]]);
  assert.deepEqual([...m.fault], [`target:${TG}:gangway-node-1:32183`]);
  assert.ok(m.nodes.has('client') && m.nodes.has(`tg:${TG}`));
  assert.ok(!m.nodes.has('nodeport:istio-system/istio-ingressgateway:32183'));
});
