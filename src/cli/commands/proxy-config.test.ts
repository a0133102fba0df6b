// `gangway proxy-config` against a fake API and a fake Envoy admin on <podIP>:15000.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { clustersDump, configDump } from '../../istio/config-dump/index.ts';
import { seedModel } from '../../istio/proxy-config/seed-fixture.ts';
import type { KubeObject } from '../../resources/types.ts';
import { createContext } from '../context.ts';
import { defaultDeps } from '../deps.ts';
import { bufferOutput } from '../output.ts';
import type { ExitBox } from '../command-kit.ts';
import { startFakeApi } from '../test-support/fake-api.ts';
import { fakeResources } from '../test-support/fake-resources.ts';
import { namespace, pod } from '../test-support/objects.ts';
import { PROXY_ADMIN_PORT, proxyConfigCommand } from './proxy-config.ts';

const POD = 'istio-ingressgateway-d45fb4b48-jsz9z';

function gatewayPod(ip: string, name = POD, phase = 'Running'): KubeObject {
  const p = pod('istio-system', name, { phase });
  p.metadata.labels = { app: 'istio-ingressgateway', istio: 'ingressgateway' };
  const status = p['status'] as { podIP: string; podIPs: { ip: string }[] };
  status.podIP = ip;
  status.podIPs = [{ ip }];
  return p;
}

/** A fake Envoy admin on a free 127.x address, port 15000. */
async function startAdmin(t: TestContext, step: 3 | 5 | 6): Promise<string> {
  const model = seedModel(step);
  const eps = new Map([
    [
      'outbound|80||test-svc.test-ns.svc.cluster.local',
      [{ address: '127.1.128.9', port: 80, healthy: true }],
    ],
  ]);
  for (let attempt = 0; ; attempt++) {
    const ip = `127.${100 + Math.floor(Math.random() * 100)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
    const server: Server = createServer((req, res) => {
      const body =
        req.url === '/config_dump'
          ? configDump(model)
          : req.url === '/clusters?format=json'
            ? clustersDump(model, eps)
            : undefined;
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
      res.end(body === undefined ? 'not found' : JSON.stringify(body));
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(PROXY_ADMIN_PORT, ip, () => resolve());
      });
      t.after(() => new Promise<void>((r) => server.close(() => r())));
      return ip;
    } catch (e) {
      if (attempt >= 5) throw e;
    }
  }
}

async function run(home: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = bufferOutput();
  const ctx = createContext(defaultDeps({ env: { GANGWAY_HOME: home, HOME: home }, output }), argv);
  const box: ExitBox = { code: 0 };
  try {
    await proxyConfigCommand(ctx, box).exitOverride().parseAsync(argv, { from: 'user' });
  } finally {
    ctx.close();
  }
  return { code: box.code, stdout: output.stdout, stderr: output.stderr };
}

async function cluster(t: TestContext, objects: KubeObject[]): Promise<string> {
  const api = await startFakeApi(fakeResources([namespace('istio-system'), ...objects]).handler);
  t.after(() => api.close());
  return api.home;
}

void test('pc listeners POD -n istio-system prints step 6 as istioctl does', async (t) => {
  const ip = await startAdmin(t, 6);
  const home = await cluster(t, [gatewayPod(ip)]);
  const r = await run(home, ['listeners', POD, '-n', 'istio-system']);
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0);
  assert.equal(
    r.stdout,
    'ADDRESSES PORT  MATCH DESTINATION\n' +
      '0.0.0.0   8080  ALL   Route: http.8080\n' +
      '0.0.0.0   15021 ALL   Inline Route: /healthz/ready*\n' +
      '0.0.0.0   15090 ALL   Inline Route: /stats/prometheus*\n',
  );
  const dotted = await run(home, ['routes', `${POD}.istio-system`, '--name', 'http.8080']);
  assert.match(
    dotted.stdout,
    /^NAME {10}VHOST NAME {24}DOMAINS .*\nhttp\.8080 {5}istio-test-alb\.example\.com:80 .* test-virtualservice\.test-ns\n$/,
  );
});

void test('pc without POD picks the Running istio-ingressgateway pod and says so', async (t) => {
  const ip = await startAdmin(t, 5);
  const home = await cluster(t, [
    gatewayPod('127.9.9.9', 'istio-ingressgateway-pending', 'Pending'),
    gatewayPod(ip),
  ]);
  const r = await run(home, ['routes']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, `Using pod ${POD}.istio-system (the first Running istio-ingressgateway pod)\n`);
  assert.match(r.stdout, /\nhttp\.8080 {5}blackhole:80 {5}\* {11}\/\* {21}404\n/);
  const ep = await run(home, ['endpoints', '--cluster', 'outbound|80||test-svc.test-ns.svc.cluster.local']);
  assert.equal(
    ep.stdout,
    'ENDPOINT           STATUS      OUTLIER CHECK     CLUSTER\n' +
      '127.1.128.9:80     HEALTHY     OK                outbound|80||test-svc.test-ns.svc.cluster.local\n',
  );
});

void test('pc -o json|yaml prints the filtered protos', async (t) => {
  const ip = await startAdmin(t, 6);
  const home = await cluster(t, [gatewayPod(ip)]);
  const j = await run(home, ['clusters', POD, '-n', 'istio-system', '--fqdn', 'test-svc', '-o', 'json']);
  const parsed = JSON.parse(j.stdout) as { name: string; type: string; edsClusterConfig: unknown }[];
  assert.deepEqual(
    parsed.map((c) => [c.name, c.type]),
    [['outbound|80||test-svc.test-ns.svc.cluster.local', 'EDS']],
  );
  assert.match(j.stdout, /^\[\n {4}\{\n {8}"name"/);
  const y = await run(home, ['listeners', POD, '-n', 'istio-system', '--port', '8080', '-o', 'yaml']);
  assert.match(y.stdout, /^- address:\n {4}socketAddress:\n {6}address: "0\.0\.0\.0"\n {6}portValue: 8080\n/);
  assert.ok(y.stdout.endsWith('\n\n'));
});

void test('pc errors are worded as istioctl words them', async (t) => {
  const home = await cluster(t, [gatewayPod('127.9.9.10', 'stuck', 'Pending')]);
  const missing = await run(home, ['listeners', 'nope', '-n', 'istio-system']);
  assert.equal(missing.code, 1);
  assert.equal(
    missing.stderr,
    'Error: failed to execute command on nope.istio-system sidecar: pods "nope" not found\n',
  );
  const stuck = await run(home, ['clusters', 'stuck.istio-system']);
  assert.equal(
    stuck.stderr,
    'Error: failed to execute command on stuck.istio-system sidecar: pod is not running (phase Pending)\n',
  );
  const none = await run(home, ['listeners']);
  assert.equal(none.stderr, 'Error: no running istio-ingressgateway pod in namespace istio-system\n');
});
