// Issue 6 acceptance for `gangway trace`: SCENARIO.md replayed on a running stack; after each
// step the live trace names the hop at fault (502 at the gateway listener, 404 at the virtual
// host, then 200), and the same request sent through the stack gets the trace's final status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { TraceResult } from '../../src/trace/types.ts';
import { ROOT, curl, eventually, newCluster, run, type Cluster } from './harness.ts';

const SEED = join(ROOT, 'examples', 'seed');
const HOST = 'istio-test-alb.example.com';
const URL_ = `https://${HOST}/`;

async function trace(c: Cluster): Promise<TraceResult> {
  const r = await c.gangway(['trace', URL_, '-o', 'json']);
  assert.ok(r.stdout.startsWith('{'), r.stdout + r.stderr);
  return JSON.parse(r.stdout) as TraceResult;
}

void test('gangway trace follows SCENARIO.md: 502, 404, 200, and reality agrees', async (t) => {
  const c = newCluster();
  t.after(() => c.stop());
  const httpsPort = 22000 + c.block;
  const dnsPort = 23000 + c.block;
  const up = await c.gangway([
    'up',
    '-d',
    '--api-port',
    '0',
    '--port-map',
    `80=${21000 + c.block},443=${httpsPort}`,
    '--dns-port',
    String(dnsPort),
  ]);
  assert.equal(up.code, 0, up.stdout + up.stderr);
  // Steps 1-2 as one IstioOperator (NodePort, status-port health checks), then step 3.
  for (const f of ['1-istio-operator.yaml', '3-ingress.yaml']) {
    const r = await c.kubectl(['apply', '-f', join(SEED, f)]);
    assert.equal(r.code, 0, r.stderr);
  }
  const ip = await eventually('DNS answers for the external-dns hostname', async () => {
    const r = await run('dig', ['+short', '@127.0.0.1', '-p', String(dnsPort), HOST], process.env);
    const a = r.stdout.trim().split('\n').pop() ?? '';
    return /^127\.\d+\.\d+\.\d+$/.test(a) ? a : undefined;
  });
  const send = () =>
    curl(`https://${HOST}:${httpsPort}/`, [
      '--cacert',
      join(c.home, 'ca.crt'),
      '--resolve',
      `${HOST}:${httpsPort}:${ip}`,
    ]);
  // Poll until trace and reality settle on the expected answer, then compare them once more.
  const step = async (want: number, hop: string | undefined): Promise<TraceResult> => {
    const tr = await eventually(`trace ${want}`, async () => {
      const r = await trace(c);
      const healthy = r.hops.find((h) => h.hop === 'targets')?.verdict === 'ok';
      return r.status === want && healthy && (await send()).status === want ? r : undefined;
    });
    assert.equal(tr.fault?.hop, hop, JSON.stringify(tr.hops, null, 2));
    assert.equal((await send()).status, tr.status);
    return tr;
  };

  const t3 = await step(502, 'gateway-listener');
  assert.equal(t3.server, 'awselb/2.0');
  assert.match(t3.fault?.why ?? '', /no listener on 8080 \(listeners: 15021, 15090\)/);

  assert.equal((await c.kubectl(['apply', '-f', join(SEED, '4-test-app.yaml')])).code, 0);
  await step(502, 'gateway-listener');
  assert.equal((await c.kubectl(['apply', '-f', join(SEED, '5-gateway.yaml')])).code, 0);
  const t5 = await step(404, 'virtual-host');
  assert.equal(t5.server, 'istio-envoy');
  assert.equal(t5.hops.find((h) => h.hop === 'virtual-host')?.name, 'blackhole:80');

  assert.equal((await c.kubectl(['apply', '-f', join(SEED, '6-virtualservice.yaml')])).code, 0);
  const t6 = await step(200, undefined);
  assert.equal(t6.hops.find((h) => h.hop === 'route')?.name, 'test-virtualservice.test-ns');
  assert.equal(t6.hops.at(-1)?.hop, 'endpoints');
  assert.equal(t6.hops.at(-1)?.verdict, 'ok');

  // The text form names the hop and the fix; exit 0 on success.
  const text = await c.gangway(['trace', URL_]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^✔ route\s+test-virtualservice\.test-ns/m);
  assert.match(text.stdout, /^result: 200 from istio-envoy$/m);

  // The analyzers on the running stack: clean after step 6; a VirtualService naming a missing
  // Gateway gives IST0101 in `analyze` (exit 79) and in `describe`'s Findings.
  const clean = await c.gangway(['analyze', '-A']);
  assert.equal(clean.code, 0, clean.stdout + clean.stderr);
  assert.equal(clean.stdout, '✔ No validation issues found when analyzing all namespaces.\n');
  const broken = [
    'apiVersion: networking.istio.io/v1',
    'kind: VirtualService',
    'metadata: {name: broken, namespace: test-ns}',
    'spec:',
    '  hosts: [other.example.com]',
    '  gateways: [no-such-gateway]',
    '  http: [{route: [{destination: {host: test-svc}}]}]',
    '',
  ].join('\n');
  assert.equal((await c.kubectl(['apply', '-f', '-'], { input: broken })).code, 0);
  const found = await c.gangway(['analyze', '-n', 'test-ns']);
  assert.equal(found.code, 79, found.stderr);
  assert.match(
    found.stdout,
    /^Error \[IST0101\] \(VirtualService test-ns\/broken\) Referenced gateway not found: "no-such-gateway"$/m,
  );
  const described = await c.gangway(['describe', 'virtualservice', 'broken', '-n', 'test-ns']);
  assert.match(
    described.stdout,
    /^Findings \(gangway analyze\):\n {2}Error \[IST0101\] spec\.gateways\[0\]: /m,
  );
  const ok = await c.gangway(['describe', 'virtualservice', 'test-virtualservice', '-n', 'test-ns']);
  assert.match(ok.stdout, /^Findings: {2}<none>$/m);
});
