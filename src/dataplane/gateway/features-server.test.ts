// The gateway's traffic features on real loopback sockets (block 241) with hand-built models
// and tiny upstreams: header operations and authority rewrite, fault abort and delay, CORS,
// regex rewrite, retries on 5xx, mirroring with the -shadow host, circuit breakers (503 UO),
// outlier ejection, cookie consistent hashing, XFF trusted hops with require_tls.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { addressPlan } from '../../net/addresses.ts';
import { DialTable } from '../../net/dial-table.ts';
import type { GatewayCluster, GatewayModel, GatewayRoute } from '../../istio/model.ts';
import { GatewayProxyServer } from './server.ts';
import {
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

const BLOCK = 241;
const HOST = 'istio-test-alb.example.com';
let nextPod = 2;
let nextUpstream = 1;

async function startProxy(t: TestContext) {
  const istiod = new FakeIstiod();
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
  const push = async (m: GatewayModel) => {
    istiod.push(m);
    await proxy.settled();
  };
  return { istiod, proxy, lines, at, send, push };
}

async function upstream(t: TestContext, handler: Parameters<typeof startUpstream>[1]): Promise<Upstream> {
  const u = await startUpstream(`127.${BLOCK}.129.${nextUpstream++}`, handler);
  t.after(() => stopServer(u.server));
  return u;
}

function send(
  at: { host: string; port: number },
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: at.host, port: at.port, path, method, agent: false, headers: { host: HOST, ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function echo(name: string): Parameters<typeof startUpstream>[1] {
  return (req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'x-up': 'u', 'x-drop': 'd' });
    res.end(`${name} ${req.url ?? ''}`);
  };
}

function cluster(name: string, extra: Partial<GatewayCluster> = {}): GatewayCluster {
  return { ...edsCluster(name, 80), ...extra };
}

function r(prefix: string, action: GatewayRoute['action'], extra: Partial<GatewayRoute> = {}): GatewayRoute {
  return { name: prefix.slice(1), match: { path: { prefix } }, action, ...extra };
}

void test('header ops, authority rewrite, fault abort and delay, CORS, regex rewrite', async (t) => {
  const a = await upstream(t, echo('a'));
  const gw = await startProxy(t);
  const c = cluster('svc-a');
  gw.istiod.setEndpoints('test-ns', 'svc-a', 80, [{ address: a.address, port: a.port, ready: true }]);
  const to = (extra: object = {}) => routeTo([{ cluster: c.name, weight: 100 }], extra);
  await gw.push(
    gatewayModel(
      [
        r(
          '/headers',
          routeTo([
            {
              cluster: c.name,
              weight: 100,
              requestHeaders: { set: [['x-dest', 'd']] },
              responseHeaders: { add: [['x-resp-dest', '1']] },
            },
          ]),
          {
            requestHeaders: {
              set: [[':authority', 'rewritten.example.com']],
              add: [['x-route', 'r']],
              remove: ['x-gone'],
            },
            responseHeaders: { set: [['x-up', 'over']], remove: ['x-drop'] },
          },
        ),
        r('/abort', to(), { fault: { abort: { httpStatus: 418, percentage: 100 } } }),
        r('/delay', to(), { fault: { delay: { fixedDelayMs: 30, percentage: 100 } } }),
        r('/cors', to(), {
          cors: {
            allowOrigins: [{ exact: 'https://app.example.com' }],
            allowMethods: ['GET', 'PUT'],
            allowHeaders: ['x-custom'],
            exposeHeaders: ['x-up'],
            maxAge: '600',
          },
        }),
        r('/svc', to({ regexRewrite: { pattern: '^/svc/([^/]+)/(.*)$', substitution: '/\\2/\\1' } })),
      ],
      [c],
    ),
  );

  const h = await gw.send('/headers', { 'x-gone': 'yes' });
  assert.equal(h.status, 200);
  const up = a.requests.at(-1)!;
  assert.equal(up.headers.host, 'rewritten.example.com');
  assert.equal(up.headers['x-dest'], 'd');
  assert.equal(up.headers['x-route'], 'r');
  assert.equal(up.headers['x-gone'], undefined);
  assert.equal(h.headers['x-up'], 'over');
  assert.equal(h.headers['x-drop'], undefined);
  assert.equal(h.headers['x-resp-dest'], '1');

  const ab = await gw.send('/abort');
  assert.equal(ab.status, 418);
  assert.equal(ab.body, 'fault filter abort');
  assert.equal(ab.headers['content-type'], 'text/plain');
  assert.ok(gw.lines.some((l) => l.includes('"GET /abort HTTP/1.1" 418 FI fault_filter_abort ')));

  const d = await gw.send('/delay');
  assert.equal(d.status, 200);
  assert.ok(gw.lines.some((l) => l.includes('"GET /delay HTTP/1.1" 200 DI via_upstream ')));

  const pre = await send(gw.at(8080), 'OPTIONS', '/cors', {
    origin: 'https://app.example.com',
    'access-control-request-method': 'PUT',
  });
  assert.equal(pre.status, 200);
  assert.equal(pre.headers['access-control-allow-origin'], 'https://app.example.com');
  assert.equal(pre.headers['access-control-allow-methods'], 'GET,PUT');
  assert.equal(pre.headers['access-control-allow-headers'], 'x-custom');
  assert.equal(pre.headers['access-control-max-age'], '600');
  const seen = a.requests.length;
  const simple = await gw.send('/cors', { origin: 'https://app.example.com' });
  assert.equal(simple.headers['access-control-allow-origin'], 'https://app.example.com');
  assert.equal(simple.headers['access-control-expose-headers'], 'x-up');
  assert.equal(a.requests.length, seen + 1, 'only the simple request went upstream');
  const other = await gw.send('/cors', { origin: 'https://evil.example.com' });
  assert.equal(other.headers['access-control-allow-origin'], undefined);

  const rw = await gw.send('/svc/foo/bar?q=1');
  assert.equal(rw.body, 'a /bar/foo?q=1');
  assert.equal(a.requests.at(-1)!.headers['x-envoy-original-path'], '/svc/foo/bar?q=1');
});

void test('retries on 5xx with x-envoy-attempt-count; mirrors get -shadow copies, clients see only v1', async (t) => {
  let calls = 0;
  const flaky = await upstream(t, (req, res) => {
    calls++;
    res.writeHead(calls === 1 ? 503 : 200);
    res.end(`attempt ${String(req.headers['x-envoy-attempt-count'])}`);
  });
  const v1 = await upstream(t, echo('v1'));
  const v2 = await upstream(t, (_req, res) => {
    res.writeHead(500);
    res.end('v2 fails');
  });
  const gw = await startProxy(t);
  const cf = cluster('flaky');
  // mirrors is not in model.ts yet (route-features.ts RouteActionExtras).
  const mirrorTo = { mirrors: [{ cluster: 'outbound|80||v2.test-ns.svc.cluster.local', percentage: 100 }] };
  const c1 = cluster('v1');
  const c2 = cluster('v2');
  gw.istiod.setEndpoints('test-ns', 'flaky', 80, [{ address: flaky.address, port: flaky.port, ready: true }]);
  gw.istiod.setEndpoints('test-ns', 'v1', 80, [{ address: v1.address, port: v1.port, ready: true }]);
  gw.istiod.setEndpoints('test-ns', 'v2', 80, [{ address: v2.address, port: v2.port, ready: true }]);
  await gw.push(
    gatewayModel(
      [
        r('/flaky', routeTo([{ cluster: cf.name, weight: 100 }], { retry: { attempts: 2, retryOn: '5xx' } })),
        r('/m', routeTo([{ cluster: c1.name, weight: 100 }], mirrorTo)),
      ],
      [cf, c1, c2],
    ),
  );
  const res = await gw.send('/flaky');
  assert.equal(res.status, 200);
  assert.equal(res.body, 'attempt 2');

  for (let i = 0; i < 3; i++) {
    const m = await gw.send('/m/x', { host: 'istio-test-alb.example.com:8000' });
    assert.equal(m.status, 200);
    assert.equal(m.body, 'v1 /m/x');
  }
  const posted = await new Promise<number>((resolve, reject) => {
    import('node:http')
      .then(({ request }) => {
        const at = gw.at(8080);
        const req = request(
          {
            host: at.host,
            port: at.port,
            path: '/m/post',
            method: 'POST',
            agent: false,
            headers: { host: HOST },
          },
          (res2) => {
            res2.resume();
            res2.on('end', () => resolve(res2.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end('hello body');
      })
      .catch(reject);
  });
  assert.equal(posted, 200);
  await waitFor('the mirror copies', () => v2.requests.length >= 4);
  assert.equal(v2.requests[0]!.headers.host, 'istio-test-alb.example.com-shadow:8000');
  assert.equal(v2.requests[3]!.headers.host, `${HOST}-shadow`);
  assert.equal(v2.requests[3]!.method, 'POST');
});

void test('circuit breakers: maxConnections 1, pending 1, 1 request per connection -> 503 UO overflow', async (t) => {
  const held: ServerResponse[] = [];
  const slow = await upstream(t, (_req, res) => {
    held.push(res);
  });
  const gw = await startProxy(t);
  const c = cluster('cb', {
    circuitBreakers: { maxConnections: 1, maxPendingRequests: 1 },
    maxRequestsPerConnection: 1,
  });
  gw.istiod.setEndpoints('test-ns', 'cb', 80, [{ address: slow.address, port: slow.port, ready: true }]);
  await gw.push(gatewayModel([r('/', routeTo([{ cluster: c.name, weight: 100 }]))], [c]));

  const first = gw.send('/1');
  await waitFor('the first request upstream', () => held.length === 1);
  // One of the next two waits (pending 1, no connection may open), the other overflows.
  const next = [gw.send('/2'), gw.send('/3')];
  const over = await Promise.race(next);
  assert.equal(over.status, 503);
  assert.equal(over.headers['x-envoy-overloaded'], 'true');
  assert.equal(
    over.body,
    'upstream connect error or disconnect/reset before headers. reset reason: overflow',
  );
  held[0]!.end('one');
  assert.equal((await first).status, 200);
  await waitFor('the queued request on a new connection', () => held.length === 2);
  held[1]!.end('two');
  const both = await Promise.all(next);
  assert.deepEqual(both.map((x) => x.status).sort(), [200, 503]);
  assert.ok(gw.lines.some((l) => / 503 UO upstream_reset_before_response_started\{overflow\} /.test(l)));
  const stats = gw.proxy.prometheus();
  const name = c.name.replaceAll('|', '\\|');
  assert.match(stats, new RegExp(`^envoy_cluster_upstream_cx_overflow\\{cluster_name="${name}"\\} 1$`, 'm'));
  assert.match(
    stats,
    new RegExp(`^envoy_cluster_upstream_rq_pending_overflow\\{cluster_name="${name}"\\} 1$`, 'm'),
  );
});

void test('maxRequestsPerConnection 1: sequential requests each get a fresh upstream connection, promptly', async (t) => {
  const sockets = new Set<unknown>();
  const up = await upstream(t, (req, res) => {
    sockets.add(req.socket);
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
  const gw = await startProxy(t);
  const c = cluster('per-conn', {
    circuitBreakers: { maxConnections: 1, maxPendingRequests: 1 },
    maxRequestsPerConnection: 1,
  });
  gw.istiod.setEndpoints('test-ns', 'per-conn', 80, [{ address: up.address, port: up.port, ready: true }]);
  await gw.push(gatewayModel([r('/', routeTo([{ cluster: c.name, weight: 100 }]))], [c]));

  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  t.after(() => agent.destroy());
  const downstream = new Set<unknown>();
  const at = gw.at(8080);
  for (let i = 0; i < 5; i++) {
    const started = Date.now();
    const reply = await new Promise<{ status: number; headers: IncomingHttpHeaders }>((resolve, reject) => {
      const req = request(
        { host: at.host, port: at.port, path: `/${i}`, agent, headers: { host: HOST } },
        (res) => {
          downstream.add(res.socket);
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    assert.equal(reply.status, 200);
    assert.notEqual(reply.headers.connection, 'close');
    assert.ok(Date.now() - started < 500, `request ${i} took ${Date.now() - started} ms`);
  }
  assert.equal(up.requests.length, 5);
  assert.ok(up.requests.every((q) => q.headers.connection === 'close'));
  assert.equal(sockets.size, 5);
  assert.equal(downstream.size, 1);
});

void test('outlier detection ejects the failing host; ring hash with a generated cookie sticks to one host', async (t) => {
  const good = await upstream(t, echo('good'));
  const bad = await upstream(t, (_req, res) => {
    res.writeHead(500);
    res.end('bad');
  });
  const hs = [1, 2, 3].map(() => upstream(t, (req, res) => res.end(req.socket.localAddress)));
  const ring = await Promise.all(hs);
  const gw = await startProxy(t);
  const od = cluster('od', {
    lbPolicy: 'ROUND_ROBIN',
    outlierDetection: {
      consecutive5xx: 1,
      intervalMs: 60_000,
      baseEjectionTimeMs: 180_000,
      maxEjectionPercent: 100,
    },
  });
  const rh = cluster('rh', {
    lbPolicy: 'RING_HASH',
    hashPolicy: { cookie: { name: 'sticky', path: '/', ttlSeconds: 60 } },
  });
  gw.istiod.setEndpoints('test-ns', 'od', 80, [
    { address: good.address, port: good.port, ready: true },
    { address: bad.address, port: bad.port, ready: true },
  ]);
  gw.istiod.setEndpoints(
    'test-ns',
    'rh',
    80,
    ring.map((u) => ({ address: u.address, port: u.port, ready: true })),
  );
  await gw.push(
    gatewayModel(
      [
        r('/od', routeTo([{ cluster: od.name, weight: 100 }])),
        r('/rh', routeTo([{ cluster: rh.name, weight: 100 }])),
      ],
      [od, rh],
    ),
  );
  const codes: number[] = [];
  for (let i = 0; i < 10; i++) codes.push((await gw.send('/od')).status);
  assert.equal(codes.filter((s) => s === 500).length, 1, codes.join(','));
  assert.equal(bad.requests.length, 1);

  const first = await gw.send('/rh');
  const cookie = String(first.headers['set-cookie']);
  assert.match(cookie, /^sticky="[0-9a-f]{16}"; Max-Age=60; Path=\/; HttpOnly$/);
  const value = cookie.slice(0, cookie.indexOf(';'));
  const seen = new Set<string>();
  for (let i = 0; i < 10; i++) {
    const res = await gw.send('/rh', { cookie: value });
    assert.equal(res.headers['set-cookie'], undefined);
    seen.add(res.body);
  }
  assert.equal(seen.size, 1);
});

void test('xffNumTrustedHops 1: client from XFF, XFP kept; require_tls redirects unless XFP is https', async (t) => {
  const a = await upstream(t, echo('a'));
  const gw = await startProxy(t);
  const c = cluster('tls');
  gw.istiod.setEndpoints('test-ns', 'tls', 80, [{ address: a.address, port: a.port, ready: true }]);
  const m = gatewayModel([r('/', routeTo([{ cluster: c.name, weight: 100 }]))], [c]);
  const vh = m.routeConfigs[0]!.virtualHosts[0]!;
  m.routeConfigs[0]!.virtualHosts[0] = { ...vh, requireTls: true };
  await gw.push({ ...m, xffNumTrustedHops: 1 });

  const plain = await gw.send('/x?y=1', { 'x-forwarded-for': '198.51.100.7', 'x-forwarded-proto': 'http' });
  assert.equal(plain.status, 301);
  assert.equal(plain.headers.location, `https://${HOST}/x?y=1`);
  const secure = await gw.send('/x', { 'x-forwarded-for': '198.51.100.7', 'x-forwarded-proto': 'https' });
  assert.equal(secure.status, 200);
  const up = a.requests.at(-1)!;
  assert.equal(up.headers['x-forwarded-proto'], 'https');
  assert.equal(up.headers['x-envoy-external-address'], '198.51.100.7');
  assert.match(String(up.headers['x-forwarded-for']), /^198\.51\.100\.7,127\.\d+\.\d+\.\d+$/);
  assert.ok(
    gw.lines.some((l) => l.includes(' 198.51.100.7:0 - ')),
    gw.lines.join('\n'),
  );
});
