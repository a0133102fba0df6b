// traceRequest on the seed manifests (examples/seed) at each SCENARIO.md step, offline and
// with runtime facts (target health, endpoints) supplied as the running stack would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TargetHealth } from '../alb/model.ts';
import type { ClusterEndpoint } from '../istio/istiod-endpoints.ts';
import { parseManifests } from '../manifest/parse.ts';
import { formatTrace } from './format.ts';
import { offlineTraceInput } from './offline.ts';
import { traceRequest } from './trace.ts';
import type { TraceInput, TraceResult } from './types.ts';

const SEED = resolve(import.meta.dirname, '..', '..', 'examples', 'seed');
const URL_ = 'https://istio-test-alb.example.com/';
const STEPS: Record<number, string[]> = {
  3: ['1-istio-operator.yaml', '3-ingress.yaml'],
  4: ['1-istio-operator.yaml', '3-ingress.yaml', '4-test-app.yaml'],
  5: ['1-istio-operator.yaml', '3-ingress.yaml', '4-test-app.yaml', '5-gateway.yaml'],
  6: [
    '1-istio-operator.yaml',
    '3-ingress.yaml',
    '4-test-app.yaml',
    '5-gateway.yaml',
    '6-virtualservice.yaml',
  ],
};

function inputAt(step: number): TraceInput {
  const manifests = (STEPS[step] ?? []).flatMap((f) => {
    const file = join(SEED, f);
    return parseManifests(readFileSync(file, 'utf8'), file).manifests;
  });
  const t = offlineTraceInput(manifests, {});
  assert.deepEqual(t.diagnostics, []);
  return t.input;
}

function trace(input: TraceInput, url = URL_, headers: [string, string][] = [], method = 'GET'): TraceResult {
  return traceRequest(input, { url, method, headers });
}

const healthy = (state: TargetHealth['state']): TargetHealth[] => [
  { target: { id: 'gangway-node', address: '127.0.0.1', port: 31246, healthCheckPort: 30218 }, state },
];
const ready: ClusterEndpoint[] = [{ address: '127.1.0.5', port: 80, ready: true }];

function live(input: TraceInput, targets: TargetHealth[], eps: ClusterEndpoint[]): TraceInput {
  return { ...input, mode: 'live', targets: () => targets, endpoints: () => eps };
}

const cases: {
  name: string;
  step: number;
  facts?: [TargetHealth[], ClusterEndpoint[]];
  status: number;
  fault?: string;
  server: string;
}[] = [
  {
    name: 'step 3: 502, no listener on 8080',
    step: 3,
    status: 502,
    fault: 'gateway-listener',
    server: 'awselb/2.0',
  },
  { name: 'step 4: still 502', step: 4, status: 502, fault: 'gateway-listener', server: 'awselb/2.0' },
  {
    name: 'step 5: 404 at the blackhole virtual host',
    step: 5,
    status: 404,
    fault: 'virtual-host',
    server: 'istio-envoy',
  },
  { name: 'step 6 offline: 200 assumed', step: 6, status: 200, server: 'istio-envoy' },
  {
    name: 'step 6 live: 200',
    step: 6,
    facts: [healthy('healthy'), ready],
    status: 200,
    server: 'istio-envoy',
  },
  {
    name: 'step 6, no ready endpoints: 503 UH',
    step: 6,
    facts: [healthy('healthy'), [{ ...ready[0]!, ready: false }]],
    status: 503,
    fault: 'endpoints',
    server: 'istio-envoy',
  },
  {
    name: 'step 6, no targets: 503 at the ALB',
    step: 6,
    facts: [[], ready],
    status: 503,
    fault: 'targets',
    server: 'awselb/2.0',
  },
  {
    name: 'step 6, all unhealthy: fail-open, 200',
    step: 6,
    facts: [healthy('unhealthy'), ready],
    status: 200,
    server: 'istio-envoy',
  },
];

for (const c of cases) {
  void test(`trace ${c.name}`, () => {
    let input = inputAt(c.step);
    if (c.facts) input = live(input, c.facts[0], c.facts[1]);
    const r = trace(input);
    assert.equal(r.status, c.status, formatTrace(r));
    assert.equal(r.server, c.server);
    assert.equal(r.fault?.hop, c.fault, formatTrace(r));
    if (c.fault) assert.ok(r.fault?.fix, 'a fault names its fix');
  });
}

void test('trace names the hops in order, the rule and the VirtualService', () => {
  const r = trace(inputAt(6));
  assert.deepEqual(
    r.hops.map((h) => h.hop),
    [
      'dns',
      'alb',
      'listener',
      'rule',
      'action',
      'target-group',
      'targets',
      'node-port',
      'gateway-pod',
      'gateway-listener',
      'route-config',
      'virtual-host',
      'route',
      'cluster',
      'endpoints',
    ],
  );
  const hop = (k: string) => r.hops.find((h) => h.hop === k);
  assert.equal(hop('listener')?.name, 'HTTPS:443');
  assert.equal(hop('gateway-listener')?.name, '0.0.0.0_8080');
  assert.equal(hop('route-config')?.name, 'http.8080');
  assert.equal(hop('virtual-host')?.name, 'istio-test-alb.example.com:80');
  assert.equal(hop('route')?.name, 'test-virtualservice.test-ns');
  assert.equal(hop('cluster')?.name, 'outbound|80||test-svc.test-ns.svc.cluster.local');
  assert.match(hop('node-port')?.detail ?? '', /targetPort 8080/);
  assert.deepEqual(r.assumptions.length, 2);
  assert.match(formatTrace(r), /^✔ dns /m);
});

void test('trace: HTTP 80 is redirected to HTTPS by the ALB', () => {
  const r = trace(inputAt(6), 'http://istio-test-alb.example.com/x?a=1');
  assert.equal(r.status, 301);
  assert.equal(r.fault, undefined);
  assert.match(
    r.hops.find((h) => h.hop === 'action')?.detail ?? '',
    /Location https:\/\/istio-test-alb\.example\.com:443\/x\?a=1/,
  );
});

void test('trace: a Host no Gateway accepts gets 404 at the gateway; an unknown name fails at DNS', () => {
  const r = trace(inputAt(6), URL_, [['Host', 'other.example.com']]);
  assert.equal(r.status, 404);
  assert.equal(r.fault?.hop, 'virtual-host');
  const d = trace(inputAt(6), 'https://nowhere.example.com/');
  assert.equal(d.status, 0);
  assert.equal(d.fault?.hop, 'dns');
  const p = trace(inputAt(6), 'https://istio-test-alb.example.com:8443/');
  assert.equal(p.fault?.hop, 'listener');
});

void test('trace: the ALB DNS name resolves offline too', () => {
  const input = inputAt(6);
  const dnsName = input.alb.loadBalancers[0]!.dnsName;
  const r = trace(input, `https://${dnsName}/`);
  assert.equal(r.hops[0]?.verdict, 'ok');
  assert.equal(r.fault?.hop, 'virtual-host'); // the Host is the ALB's name, no VirtualService has it
});
