// The gateway proxy on real loopback sockets (block 221) with hand-built models and tiny
// upstream servers: readiness, listeners following the model, 404 / 503 / 504 local replies,
// proxied responses and the headers Envoy adds and strips, balancing, stats and access log.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { addressPlan } from '../../net/addresses.ts';
import { DialTable } from '../../net/dial-table.ts';
import type { GatewayRoute } from '../../istio/model.ts';
import { GatewayProxyServer } from './server.ts';
import {
  BLOCK,
  FakeIstiod,
  PROXY,
  edsCluster,
  gatewayModel,
  get,
  routeTo,
  startUpstream,
  stopServer,
  waitFor,
  type Upstream,
} from './test-helpers.ts';

const HOST = 'istio-test-alb.example.com';
let nextPod = 2;

async function startProxy(t: TestContext, istiod = new FakeIstiod()) {
  const podIP = `127.${BLOCK}.128.${nextPod++}`;
  const lines: string[] = [];
  const dial = new DialTable();
  const proxy = new GatewayProxyServer({
    podIP,
    plan: addressPlan(BLOCK, true),
    dial,
    istiod,
    proxy: PROXY,
    log: (l) => lines.push(l),
  });
  await proxy.start();
  t.after(() => proxy.stop());
  const at = (port: number) => dial.resolve(podIP, port);
  const send = (path: string, headers: Record<string, string> = {}) =>
    get(at(8080).host, at(8080).port, path, { host: HOST, ...headers });
  return { podIP, istiod, proxy, lines, at, send };
}

async function upstream(
  t: TestContext,
  n: number,
  handler: Parameters<typeof startUpstream>[1],
): Promise<Upstream> {
  const u = await startUpstream(`127.${BLOCK}.129.${n}`, handler);
  t.after(() => stopServer(u.server));
  return u;
}

function refused(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, host);
    s.on('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.on('error', () => resolve(true));
  });
}

const CLUSTER = edsCluster('test-svc', 80);
const ROUTE: GatewayRoute = {
  name: '',
  match: { path: { prefix: '/' } },
  action: routeTo([{ cluster: CLUSTER.name, weight: 100 }]),
  virtualService: { name: 'test-virtualservice', namespace: 'test-ns' },
  decoratorOperation: 'test-svc.test-ns.svc.cluster.local:80/*',
};

void test('readiness follows the first model; 8080 listens only while the model has it', async (t) => {
  const gw = await startProxy(t);
  const r15021 = gw.at(15021);
  assert.equal((await get(r15021.host, r15021.port, '/healthz/ready')).status, 503);
  gw.istiod.push(gatewayModel());
  await gw.proxy.settled();
  const ready = await get(r15021.host, r15021.port, '/healthz/ready');
  assert.equal(ready.status, 200);
  assert.equal(ready.body, '');
  assert.equal((await get(r15021.host, r15021.port, '/other')).status, 404);
  assert.ok(await refused(gw.podIP, 8080), 'nothing listens on 8080 before a Gateway');

  gw.istiod.push(gatewayModel([]));
  await gw.proxy.settled();
  assert.deepEqual(gw.proxy.listenerPorts(), [8080]);
  const nr = await gw.send('/');
  assert.equal(nr.status, 404);
  assert.equal(nr.body, '');
  assert.equal(nr.headers['content-length'], '0');
  assert.equal(nr.headers.server, 'istio-envoy');
  assert.equal(nr.headers['content-type'], undefined);

  gw.istiod.push(gatewayModel());
  await gw.proxy.settled();
  assert.ok(await refused(gw.podIP, 8080), '8080 closed again when the model drops it');
});

void test('proxied 200: server istio-envoy, service time, headers added and stripped, both endpoints reached', async (t) => {
  const handler: Parameters<typeof startUpstream>[1] = (req, res) => {
    res.writeHead(200, {
      Server: 'nginx/1.27.4',
      'Content-Type': 'text/html',
      'X-Pod': req.socket.localAddress ?? '',
    });
    res.end('<html>hello</html>');
  };
  const a = await upstream(t, 1, handler);
  const b = await upstream(t, 2, handler);
  const gw = await startProxy(t);
  gw.istiod.setEndpoints('test-ns', 'test-svc', 80, [
    { address: a.address, port: a.port, ready: true },
    { address: b.address, port: b.port, ready: true },
    { address: `127.${BLOCK}.129.3`, port: 1, ready: false },
  ]);
  gw.istiod.push(gatewayModel([ROUTE], [CLUSTER]));
  await gw.proxy.settled();

  const r = await gw.send('/index.html?x=1', {
    'x-forwarded-for': '203.0.113.7',
    'x-forwarded-proto': 'https',
    'x-envoy-retry-on': '5xx',
    'x-request-id': 'mine',
    'user-agent': 'curl/8.0',
  });
  assert.equal(r.status, 200);
  assert.equal(r.body, '<html>hello</html>');
  assert.equal(r.headers.server, 'istio-envoy');
  assert.match(String(r.headers['x-envoy-upstream-service-time']), /^\d+$/);
  assert.equal(r.headers['content-type'], 'text/html');
  const up = [...a.requests, ...b.requests][0]!;
  assert.equal(up.url, '/index.html?x=1');
  assert.equal(up.headers.host, HOST);
  assert.match(String(up.headers['x-forwarded-for']), /^203\.0\.113\.7,127\.\d+\.\d+\.\d+$/);
  assert.equal(up.headers['x-forwarded-proto'], 'http');
  assert.match(
    up.headers['x-request-id'] as string,
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  assert.equal(up.headers['x-envoy-attempt-count'], '1');
  assert.equal(up.headers['x-envoy-decorator-operation'], 'test-svc.test-ns.svc.cluster.local:80/*');
  assert.equal(up.headers['x-envoy-retry-on'], undefined);
  assert.ok(up.headers['x-envoy-external-address']);

  for (let i = 0; i < 40 && (a.requests.length === 0 || b.requests.length === 0); i++) await gw.send('/');
  assert.ok(a.requests.length > 0 && b.requests.length > 0, 'both endpoints reached');

  const log = gw.lines.find((l) =>
    l.includes('"GET /index.html?x=1 HTTP/1.1" 200 - via_upstream - "-" 0 18 '),
  );
  assert.ok(log, gw.lines.join('\n'));
  assert.match(log, /"curl\/8\.0"/);
  assert.match(log, / outbound\|80\|\|test-svc\.test-ns\.svc\.cluster\.local /);

  const m = gw.at(15090);
  const stats = await get(m.host, m.port, '/stats/prometheus');
  assert.equal(stats.status, 200);
  assert.match(
    stats.body,
    /^istio_requests_total\{response_code="200",reporter="source",source_workload="istio-ingressgateway",source_workload_namespace="istio-system",.*destination_service="test-svc\.test-ns\.svc\.cluster\.local",.*response_flags="-".*\} \d+$/m,
  );
  assert.match(
    stats.body,
    /^envoy_cluster_upstream_rq_total\{cluster_name="outbound\|80\|\|test-svc\.test-ns\.svc\.cluster\.local"\} \d+$/m,
  );
  assert.match(
    stats.body,
    /^envoy_cluster_upstream_rq\{response_code="200",cluster_name="outbound\|80\|\|test-svc\.test-ns\.svc\.cluster\.local"\} \d+$/m,
  );
  assert.match(
    stats.body,
    /^envoy_cluster_upstream_cx_active\{cluster_name="outbound\|80\|\|test-svc\.test-ns\.svc\.cluster\.local"\} \d+$/m,
  );
  assert.match(
    stats.body,
    /^istio_request_duration_milliseconds_bucket\{response_code="200",.*le="0\.5"\} \d+$/m,
  );
  assert.match(stats.body, /^istio_request_duration_milliseconds_count\{response_code="200",.*\} \d+$/m);
});

void test('503 no healthy upstream, refused (with and without retries), reset; 504 timeout; NC', async (t) => {
  const hang = await upstream(t, 4, () => undefined);
  const reset = await upstream(t, 5, (req) => req.socket.destroy());
  const closed = await upstream(t, 6, () => undefined);
  const closedPort = closed.port;
  await stopServer(closed.server);
  const gw = await startProxy(t);
  const none = edsCluster('none', 80);
  const refusedCl = edsCluster('refused', 80);
  const hangCl = edsCluster('hang', 80);
  const resetCl = edsCluster('reset', 80);
  gw.istiod.setEndpoints('test-ns', 'refused', 80, [
    { address: closed.address, port: closedPort, ready: true },
  ]);
  gw.istiod.setEndpoints('test-ns', 'hang', 80, [{ address: hang.address, port: hang.port, ready: true }]);
  gw.istiod.setEndpoints('test-ns', 'reset', 80, [{ address: reset.address, port: reset.port, ready: true }]);
  const retry = {
    attempts: 2,
    retryOn: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
  };
  const r = (prefix: string, action: GatewayRoute['action']): GatewayRoute => ({
    name: prefix.slice(1),
    match: { path: { prefix } },
    action,
  });
  gw.istiod.push(
    gatewayModel(
      [
        r('/none', routeTo([{ cluster: none.name, weight: 100 }])),
        r('/refused-retry', routeTo([{ cluster: refusedCl.name, weight: 100 }], { retry })),
        r('/refused', routeTo([{ cluster: refusedCl.name, weight: 100 }])),
        r('/hang', routeTo([{ cluster: hangCl.name, weight: 100 }], { timeoutMs: 200 })),
        r('/reset', routeTo([{ cluster: resetCl.name, weight: 100 }])),
        r('/missing', routeTo([{ cluster: 'outbound|80|v9|x.test-ns.svc.cluster.local', weight: 100 }])),
        r('/moved', { type: 'redirect', code: 301, scheme: 'https' }),
        r('/direct', { type: 'direct', status: 418, body: 'teapot' }),
      ],
      [none, refusedCl, hangCl, resetCl],
    ),
  );
  await gw.proxy.settled();

  const uh = await gw.send('/none');
  assert.equal(uh.status, 503);
  assert.equal(uh.body, 'no healthy upstream');
  assert.equal(uh.headers['content-type'], 'text/plain');
  assert.equal(uh.headers['content-length'], '19');
  assert.equal(uh.headers.server, 'istio-envoy');
  assert.equal(uh.headers['x-envoy-upstream-service-time'], undefined);

  const uf = await gw.send('/refused');
  assert.equal(uf.status, 503);
  assert.equal(
    uf.body,
    'upstream connect error or disconnect/reset before headers. reset reason: remote connection failure, transport failure reason: delayed connect error: 111',
  );
  const urx = await gw.send('/refused-retry');
  assert.equal(
    urx.body,
    'upstream connect error or disconnect/reset before headers. retried and the latest reset reason: remote connection failure, transport failure reason: delayed connect error: 111',
  );
  assert.ok(gw.lines.some((l) => l.includes('" 503 UF,URX upstream_reset_before_response_started')));

  const ut = await gw.send('/hang');
  assert.equal(ut.status, 504);
  assert.equal(ut.body, 'upstream request timeout');

  const uc = await gw.send('/reset');
  assert.equal(uc.status, 503);
  assert.equal(
    uc.body,
    'upstream connect error or disconnect/reset before headers. reset reason: connection termination',
  );

  const nc = await gw.send('/missing');
  assert.equal(nc.status, 503);
  assert.equal(nc.body, '');

  const moved = await gw.send('/moved/x?y=1');
  assert.equal(moved.status, 301);
  assert.equal(moved.headers.location, `https://${HOST}/moved/x?y=1`);
  const direct = await gw.send('/direct');
  assert.equal(direct.status, 418);
  assert.equal(direct.body, 'teapot');

  const stats = await get(gw.at(15090).host, gw.at(15090).port, '/stats/prometheus');
  assert.match(stats.body, /istio_requests_total\{response_code="503",.*response_flags="UH".*\} 1/);
  assert.match(stats.body, /istio_requests_total\{response_code="504",.*response_flags="UT".*\} 1/);
});

void test('endpoint updates reach a running listener; HTTP/1.0 gets 426', async (t) => {
  const a = await upstream(t, 7, (_req, res) => res.end('a'));
  const gw = await startProxy(t);
  gw.istiod.push(gatewayModel([ROUTE], [CLUSTER]));
  await gw.proxy.settled();
  assert.equal((await gw.send('/')).body, 'no healthy upstream');
  gw.istiod.setEndpoints('test-ns', 'test-svc', 80, [{ address: a.address, port: a.port, ready: true }]);
  await waitFor('endpoint', async () => (await gw.send('/')).status === 200);

  const http10 = await new Promise<string>((resolve, reject) => {
    const at = gw.at(8080);
    const s = connect(at.port, at.host, () => s.write(`GET / HTTP/1.0\r\nHost: ${HOST}\r\n\r\n`));
    let data = '';
    s.setEncoding('latin1');
    s.on('data', (d: string) => (data += d));
    s.on('close', () => resolve(data));
    s.on('error', reject);
  });
  assert.match(http10, /^HTTP\/1\.1 426 Upgrade Required\r\n/);
});

void test('bodies stream both ways; admin 15000 serves /ready, /config_dump and /clusters', async (t) => {
  const echo = await upstream(t, 8, (req, res) => {
    res.writeHead(201, { 'Content-Type': 'application/octet-stream' });
    req.pipe(res);
  });
  const gw = await startProxy(t);
  gw.istiod.setEndpoints('test-ns', 'test-svc', 80, [
    { address: echo.address, port: echo.port, ready: true },
  ]);
  gw.istiod.push(gatewayModel([ROUTE], [CLUSTER]));
  await gw.proxy.settled();

  const at = gw.at(8080);
  const payload = 'x'.repeat(256 * 1024);
  const echoed = await new Promise<{ status: number; body: string; te: string | undefined }>(
    (resolve, reject) => {
      const req = request(
        {
          host: at.host,
          port: at.port,
          method: 'POST',
          path: '/upload',
          headers: { host: HOST },
          agent: false,
        },
        (res) => {
          let body = '';
          res.setEncoding('latin1');
          res.on('data', (d: string) => (body += d));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body, te: res.headers['transfer-encoding'] }),
          );
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 4; i++) req.write(payload.slice(i * 65536, (i + 1) * 65536));
      req.end();
    },
  );
  assert.equal(echoed.status, 201);
  assert.equal(echoed.body.length, payload.length);
  assert.equal(echoed.te, 'chunked');
  assert.ok(
    gw.lines.some((l) =>
      l.includes(`"POST /upload HTTP/1.1" 201 - via_upstream - "-" ${payload.length} ${payload.length} `),
    ),
    gw.lines.map((l) => l.slice(0, 200)).join('\n'),
  );

  const admin = gw.at(15000);
  const ready = await get(admin.host, admin.port, '/ready');
  assert.equal(ready.body, 'LIVE\n');
  const dump = JSON.parse((await get(admin.host, admin.port, '/config_dump')).body) as {
    configs: { '@type': string }[];
  };
  assert.ok(dump.configs.some((c) => c['@type'].endsWith('ListenersConfigDump')));
  const clusters = JSON.parse((await get(admin.host, admin.port, '/clusters?format=json')).body) as {
    cluster_statuses: {
      name: string;
      host_statuses?: { address: { socket_address: { port_value: number } } }[];
    }[];
  };
  const st = clusters.cluster_statuses.find((c) => c.name === CLUSTER.name);
  assert.equal(st?.host_statuses?.[0]?.address.socket_address.port_value, echo.port);
});
