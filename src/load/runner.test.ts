import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createCA, issueCertificate } from '../pki/index.ts';
import { LOAD_DEFAULTS, parseResolve, targetOf, type LoadOptions } from './options.ts';
import { runLoad } from './runner.ts';

interface Upstream {
  port: number;
  connections: number;
  hosts: string[];
  methods: string[];
}

async function listen(
  server: Server,
  t: { after: (fn: () => Promise<void>) => void },
  seen: Upstream,
): Promise<Upstream> {
  server.on('connection', () => seen.connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(
    () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  );
  seen.port = (server.address() as AddressInfo).port;
  return seen;
}

/** Every 5th call answers 503; bodies alternate between v1 and v2. */
function handler(seen: Upstream): (req: IncomingMessage, res: ServerResponse) => void {
  let n = 0;
  return (req, res) => {
    n++;
    seen.hosts.push(req.headers.host ?? '');
    seen.methods.push(req.method ?? '');
    req.resume();
    res.writeHead(n % 5 === 0 ? 503 : 200, { 'content-type': 'text/plain' });
    res.end(`Hello version: v${n % 2 === 1 ? 1 : 2}, instance: x\n`);
  };
}

function opts(url: string, extra: Partial<LoadOptions> = {}): LoadOptions {
  return {
    url,
    connections: 2,
    requests: 20,
    durationMs: LOAD_DEFAULTS.durationMs,
    qps: 0,
    method: 'GET',
    headers: [],
    resolve: [],
    timeoutMs: 10_000,
    ...extra,
  };
}

function fresh(): Upstream {
  return { port: 0, connections: 0, hosts: [], methods: [] };
}

void test('-n calls over keep-alive connections: codes, sockets and bodies counted exactly', async (t) => {
  const seen = fresh();
  await listen(createServer(handler(seen)), t, seen);
  const r = await runLoad(
    opts(`http://127.0.0.1:${seen.port}/hello`, { bodyPattern: /version: (v\d)/, connections: 3 }),
  );
  assert.equal(r.calls, 20);
  assert.equal(r.warmup, 0);
  assert.deepEqual([...r.codes].sort(), [
    [200, 16],
    [503, 4],
  ]);
  assert.deepEqual([...r.bodies].sort(), [
    ['v1', 10],
    ['v2', 10],
  ]);
  assert.equal(r.socketsUsed, 3);
  assert.equal(seen.connections, 3);
  assert.equal(r.latency.count, 20);
  assert.equal(r.errors.count, 4);
  assert.ok(r.latency.min <= r.latency.avg && r.latency.avg <= r.latency.max);
});

void test('-H Host, -X and --payload reach the server', async (t) => {
  const seen = fresh();
  await listen(createServer(handler(seen)), t, seen);
  const r = await runLoad(
    opts(`http://127.0.0.1:${seen.port}/`, {
      requests: 3,
      connections: 1,
      method: 'PUT',
      payload: 'x',
      headers: [['Host', 'httpbin.example.com']],
    }),
  );
  assert.equal(r.calls, 3);
  assert.deepEqual(seen.hosts, ['httpbin.example.com', 'httpbin.example.com', 'httpbin.example.com']);
  assert.deepEqual(seen.methods, ['PUT', 'PUT', 'PUT']);
});

void test('HTTPS with --resolve and a CA verifies the name; without the CA every call fails', async (t) => {
  const ca = await createCA();
  const leaf = await issueCertificate(ca, {
    commonName: 'load.example.com',
    dnsNames: ['load.example.com'],
    days: 1,
  });
  const seen = fresh();
  await listen(createHttpsServer({ cert: leaf.certPem, key: leaf.keyPem }, handler(seen)), t, seen);
  const url = `https://load.example.com:${seen.port}/`;
  const resolve = [{ host: 'load.example.com', port: seen.port, address: '127.0.0.1' }];
  const ok = await runLoad(opts(url, { requests: 4, resolve, ca: ca.certPem }));
  assert.deepEqual([...ok.codes], [[200, 4]]);
  assert.deepEqual(seen.hosts, Array(4).fill(`load.example.com:${seen.port}`));
  const bad = await runLoad(opts(url, { requests: 4, resolve }));
  assert.deepEqual([...bad.codes], [[-1, 4]]);
  assert.equal(bad.errors.count, 4);
  const insecure = await runLoad(opts(url, { requests: 2, resolve, insecure: true }));
  assert.equal(insecure.calls, 2);
  assert.equal(insecure.codes.get(-1), undefined);
});

void test('a refused connection counts as code -1', async (t) => {
  const seen = fresh();
  const server = createServer(handler(seen));
  await listen(server, t, seen);
  await new Promise<void>((r) => server.close(() => r()));
  const r = await runLoad(opts(`http://127.0.0.1:${seen.port}/`, { requests: 3, connections: 1 }));
  assert.deepEqual([...r.codes], [[-1, 3]]);
});

void test('--qps paces the calls (never faster than asked)', async (t) => {
  const seen = fresh();
  await listen(createServer(handler(seen)), t, seen);
  const r = await runLoad(opts(`http://127.0.0.1:${seen.port}/`, { requests: 4, connections: 1, qps: 20 }));
  assert.equal(r.calls, 4);
  // Calls 2..4 start 50 ms apart at the earliest (a load only makes this slower). Node's timers
  // may fire a little before their time measured by hrtime, so allow a few ms of that.
  assert.ok(r.elapsedNs >= 140_000_000n, String(r.elapsedNs));
});

void test('-t runs for a duration after one warmup call per connection', async (t) => {
  const seen = fresh();
  await listen(createServer(handler(seen)), t, seen);
  const { requests: _n, ...base } = opts(`http://127.0.0.1:${seen.port}/`);
  assert.equal(_n, 20);
  const r = await runLoad({ ...base, durationMs: 300, connections: 2 });
  assert.equal(r.warmup, 2);
  assert.equal(r.requestedRequests, undefined);
  assert.ok(r.calls > 0);
  assert.equal(seen.hosts.length, r.calls + 2);
  assert.ok(r.elapsedNs >= 300_000_000n);
});

void test('targetOf and parseResolve', () => {
  assert.deepEqual(parseResolve('httpbin.example.com:443:127.0.0.1'), {
    host: 'httpbin.example.com',
    port: 443,
    address: '127.0.0.1',
  });
  assert.equal(parseResolve('nope'), undefined);
  assert.deepEqual(
    targetOf('https://a.example.com:8443/x?y=1', [
      { host: 'a.example.com', port: 8443, address: '127.1.2.3' },
    ]),
    {
      origin: 'https://127.1.2.3:8443',
      path: '/x?y=1',
      host: 'a.example.com:8443',
      servername: 'a.example.com',
      secure: true,
    },
  );
  assert.deepEqual(targetOf('http://127.0.0.1/', []), {
    origin: 'http://127.0.0.1:80',
    path: '/',
    host: '127.0.0.1',
    secure: false,
  });
  assert.throws(() => targetOf('ftp://x/', []), TypeError);
});
