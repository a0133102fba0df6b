// The ALB -> gateway hand-over in memory (loopback block 245): a real ALB listener and a real
// gateway proxy in this process, the same requests sent with the hand-over on and off; what
// the client, the pod and the gateway's access log see must be the same either way.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlbModel } from '../../alb/model.ts';
import type { GatewayRoute } from '../../istio/model.ts';
import { addressPlan } from '../../net/addresses.ts';
import { DialTable } from '../../net/dial-table.ts';
import { localEndpointsOf, type LocalHttpEndpoint } from '../../net/local-endpoints.ts';
import { createCA } from '../../pki/ca.ts';
import { GatewayProxyServer } from '../gateway/server.ts';
import { FakeIstiod, PROXY, edsCluster, gatewayModel, routeTo } from '../gateway/test-helpers.ts';
import { setInproc } from './forward.ts';
import { AlbDataPlane } from './server.ts';
import { HOST, forward, listener, loadBalancer, tg, waitFor } from './test-helpers.ts';

const BLOCK = 245;
const POD = `127.${BLOCK}.128.2`;
const ALB = `127.${BLOCK}.2.1`;
const BIG = Buffer.alloc(3 * 1024 * 1024, 'x');

interface Seen {
  method: string;
  url: string;
  rawHeaders: string[];
  body: string;
}

interface Stack {
  port: number;
  seen: Seen[];
  log: string[];
  served: () => number;
}

/** The pod: echoes the request as JSON; /big streams 3 MiB; /hang never answers. */
async function pod(t: TestContext): Promise<{ port: number; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    if (req.url === '/hang') return;
    if (req.url === '/big') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(BIG);
      return;
    }
    let body = '';
    req.setEncoding('latin1');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const s = { method: req.method ?? '', url: req.url ?? '', rawHeaders: req.rawHeaders, body };
      seen.push(s);
      res.writeHead(200, {
        Server: 'nginx',
        'Content-Type': 'application/json',
        'Set-Cookie': ['a=1', 'b=2'],
      });
      res.end(JSON.stringify(s));
    });
  });
  await new Promise<void>((r) => server.listen(0, `127.${BLOCK}.129.1`, r));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { port: (server.address() as AddressInfo).port, seen };
}

async function stack(t: TestContext): Promise<Stack> {
  const up = await pod(t);
  const dial = new DialTable();
  const istiod = new FakeIstiod();
  const log: string[] = [];
  const gw = new GatewayProxyServer({
    podIP: POD,
    plan: addressPlan(BLOCK, true),
    dial,
    istiod,
    proxy: PROXY,
    log: (l) => log.push(l),
  });
  await gw.start();
  t.after(() => gw.stop());
  const cluster = edsCluster('echo', 80);
  istiod.setEndpoints('test-ns', 'echo', 80, [{ address: `127.${BLOCK}.129.1`, port: up.port, ready: true }]);
  const route: GatewayRoute = {
    name: 'r',
    match: { path: { prefix: '/' } },
    action: routeTo([{ cluster: cluster.name, weight: 100 }]),
    virtualService: { name: 'vs', namespace: 'test-ns' },
    decoratorOperation: 'echo.test-ns.svc.cluster.local:80/*',
  };
  istiod.push(gatewayModel([route], [cluster]));
  await gw.settled();

  // Count what reaches the gateway listener in memory.
  const local = localEndpointsOf(dial);
  const inner = local.get(POD, 8080) as LocalHttpEndpoint;
  let served = 0;
  local.register(POD, 8080, {
    serve: (req, sink) => {
      served++;
      inner.serve(req, sink);
    },
  });

  const group = tg('k8s-gw', {
    targetType: 'ip',
    port: 8080,
    healthCheck: { ...tg('x').healthCheck, path: '/healthz/ready', port: 15021 },
  });
  const lb = { ...loadBalancer([listener(80, 'HTTP', [], forward(group))], [group]), idleTimeoutSeconds: 1 };
  const model: AlbModel = { loadBalancers: [lb] };
  const plane = new AlbDataPlane({
    dial,
    ca: await createCA(),
    address: () => ALB,
    portMap: new Map([[80, 0]]),
    targets: () => [{ id: POD, address: POD, port: 8080, healthCheckPort: 15021 }],
    healthTimeScale: 0.005,
  });
  t.after(() => plane.stop());
  await plane.setModel(model);
  await plane.start();
  await waitFor('gateway target healthy', () => plane.health(group.arn).every((h) => h.state === 'healthy'));
  const port = plane.listenersOf(lb.name)[0]!.boundPort;
  return { port, seen: up.seen, log, served: () => served };
}

interface Answer {
  status: number;
  message: string;
  rawHeaders: string[];
  body: Buffer;
}

function send(port: number, method: string, path: string, body?: string, host = HOST): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: ALB,
        port,
        method,
        path,
        agent: false,
        headers: { host, 'user-agent': 'test/1', 'x-forwarded-for': '203.0.113.9' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            message: res.statusMessage ?? '',
            rawHeaders: res.rawHeaders,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const VARYING = new Set(['date', 'x-amzn-trace-id', 'x-request-id', 'x-envoy-upstream-service-time']);

/** Raw headers with the per-request values blanked. */
function stable(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2)
    out.push(raw[i]!, VARYING.has(raw[i]!.toLowerCase()) ? '*' : raw[i + 1]!);
  return out;
}

function stableBody(b: Buffer): string {
  const s = b.toString('latin1');
  if (!s.startsWith('{')) return s;
  const seen = JSON.parse(s) as Seen;
  return JSON.stringify({ ...seen, rawHeaders: stable(seen.rawHeaders) });
}

/** The access log line without its per-request fields (time, duration, ids, source port). */
function stableLog(line: string): string {
  return line
    .replace(/^\[[^\]]+\]/, '[T]')
    .replace(/"[0-9a-f-]{36}"/g, '"ID"')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:P')
    .replace(/ \d+ (\d+|-) "/, ' D S "');
}

const CASES: { name: string; method: string; path: string; body?: string; host?: string }[] = [
  { name: 'GET', method: 'GET', path: '/a/b?x=1' },
  { name: 'POST with a body', method: 'POST', path: '/post', body: 'payload=1' },
  { name: 'HEAD', method: 'HEAD', path: '/head' },
  { name: 'DELETE without a body', method: 'DELETE', path: '/d' },
  { name: "the gateway's own 404 (no virtual host)", method: 'GET', path: '/', host: 'other.example.com' },
];

void test('in memory and over sockets, the client, the pod and the access log see the same', async (t) => {
  t.after(() => setInproc(true));
  const s = await stack(t);
  for (const c of CASES) {
    const answers: Answer[] = [];
    const pods: string[] = [];
    const logs: string[] = [];
    for (const on of [false, true]) {
      setInproc(on);
      const before = s.served();
      const seen = s.seen.length;
      const logged = s.log.length;
      answers.push(await send(s.port, c.method, c.path, c.body, c.host));
      assert.equal(s.served() - before, on ? 1 : 0, `${c.name}: in memory ${String(on)}`);
      pods.push(s.seen.length > seen ? stableBody(Buffer.from(JSON.stringify(s.seen[seen]))) : '');
      await waitFor('access log', () => s.log.length > logged);
      logs.push(stableLog(s.log[logged]!));
    }
    const [wire, mem] = answers as [Answer, Answer];
    assert.equal(mem.status, wire.status, c.name);
    assert.equal(mem.message, wire.message, c.name);
    assert.deepEqual(stable(mem.rawHeaders), stable(wire.rawHeaders), c.name);
    assert.equal(stableBody(mem.body), stableBody(wire.body), c.name);
    assert.equal(pods[1], pods[0], c.name);
    assert.equal(logs[1], logs[0], c.name);
  }
});

void test('in memory: a large body streams through whole, and the idle timeout still answers 504', async (t) => {
  const s = await stack(t);
  const big = await send(s.port, 'GET', '/big');
  assert.equal(big.status, 200);
  assert.equal(big.body.length, BIG.length);
  assert.ok(big.body.equals(BIG));
  const hang = await send(s.port, 'GET', '/hang');
  assert.equal(hang.status, 504);
  assert.match(hang.body.toString(), /504 Gateway Time-out/);
  // The gateway saw its downstream go away when the ALB gave up.
  await waitFor('DC logged', () => s.log.some((l) => l.includes('"GET /hang HTTP/1.1" 0 DC')));
  assert.ok(s.served() >= 2);
});
