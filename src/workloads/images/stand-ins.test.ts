// The Istio-task stand-ins over real sockets (block 212): go-httpbin and kennethreitz/httpbin
// JSON and status/delay rules, helloworld, http-echo, tcp-echo, and the official nginx with
// its welcome page, conditional GET, 404/405, and TLS from a mounted nginx.conf and Secret.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { connect as tlsConnect, TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { addressPlan } from '../../net/addresses.ts';
import { createCA } from '../../pki/ca.ts';
import { issueCertificate } from '../../pki/issue.ts';
import type { RunContext } from '../container.ts';
import { parseImageRef } from '../image-ref.ts';
import { testContext, waitFor } from '../test-helpers.ts';
import { findBuiltin } from './builtin.ts';

const BLOCK = 212;
let hostSeq = 10;

async function start(
  t: { after: (fn: () => unknown) => void },
  image: string,
  over: Partial<RunContext> = {},
): Promise<{ base: string; ip: string; lines: string[]; port: number; ctx: RunContext }> {
  const ref = parseImageRef(image);
  assert.ok(ref, image);
  const img = findBuiltin(ref);
  assert.ok(img, image);
  const ip = `127.${BLOCK}.1.${hostSeq++}`;
  const lines: string[] = [];
  const ctx = testContext({
    podIP: ip,
    hostIP: `127.${BLOCK}.0.1`,
    plan: addressPlan(BLOCK, true),
    podName: 'helloworld-v1-abc',
    lines,
    ...over,
  });
  const inst = await img.start(ctx);
  t.after(() => inst.stop(0));
  const real = ctx.dial.resolve(ip, img.port);
  return { base: `http://${real.host}:${real.port}`, ip, lines, port: img.port, ctx };
}

void test('go-httpbin: /get JSON with arrays, /status, 404/405, CORS, delay limits', async (t) => {
  const { base, lines } = await start(t, 'docker.io/mccutchen/go-httpbin:v2.15.0');
  const r = await fetch(`${base}/get?a=1&a=2`, { headers: { 'X-Forwarded-For': '10.0.0.9, 10.0.0.1' } });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal(r.headers.get('access-control-allow-origin'), '*');
  const text = await r.text();
  assert.ok(text.endsWith('}\n'));
  const body = JSON.parse(text) as {
    args: Record<string, string[]>;
    headers: Record<string, string[]>;
    origin: string;
    url: string;
    method: string;
  };
  assert.deepEqual(body.args, { a: ['1', '2'] });
  assert.ok(Array.isArray(body.headers['Host']));
  assert.equal(body.origin, '10.0.0.9');
  assert.equal(body.method, 'GET');
  assert.match(body.url, /^http:\/\/127\.[\d.]+:\d+\/get\?a=1&a=2$/);
  assert.deepEqual(Object.keys(body), ['args', 'headers', 'method', 'origin', 'url']);

  const cases: [string, string, number, string | undefined][] = [
    ['GET', '/status/418', 418, "I'm a teapot!"],
    ['POST', '/status/503', 503, ''],
    ['GET', '/status/302', 302, ''],
    ['GET', '/status/99', 400, undefined],
    ['GET', '/nope', 404, '404 page not found\n'],
    ['POST', '/get', 405, 'Method Not Allowed\n'],
    ['GET', '/delay/11', 400, undefined],
  ];
  for (const [method, path, status, text] of cases) {
    const res = await fetch(`${base}${path}`, { method, redirect: 'manual' });
    assert.equal(res.status, status, path);
    const got = await res.text();
    if (text !== undefined) assert.equal(got, text, path);
  }
  const redirect = await fetch(`${base}/status/302`, { redirect: 'manual' });
  assert.equal(redirect.headers.get('location'), '/redirect/1');
  const opts = await fetch(`${base}/anything`, { method: 'OPTIONS' });
  assert.equal(
    opts.headers.get('access-control-allow-methods'),
    'GET, POST, HEAD, PUT, DELETE, PATCH, OPTIONS',
  );

  const post = (await (
    await fetch(`${base}/anything/x?b=2`, {
      method: 'PUT',
      body: '{"k":1}',
      headers: { 'content-type': 'application/json' },
    })
  ).json()) as { json: unknown; data: string; method: string };
  assert.deepEqual(post.json, { k: 1 });
  assert.equal(post.data, '{"k":1}');
  assert.equal(post.method, 'PUT');
  const delayed = await fetch(`${base}/delay/100ms`);
  assert.equal(delayed.status, 200);
  assert.match(delayed.headers.get('server-timing') ?? '', /^initial_delay;dur=100\.00;/);
  await waitFor('a log line', () => lines.some((l) => / level=WARN msg="418 GET \/status\/418 /.test(l)));
});

void test('kennethreitz/httpbin: Flask JSON, hidden proxy headers, Werkzeug errors', async (t) => {
  const { base } = await start(t, 'kennethreitz/httpbin');
  const r = await fetch(`${base}/get?a=1`, {
    headers: { 'X-Request-Id': 'abc', 'X-Forwarded-For': '1.2.3.4' },
  });
  assert.equal(r.headers.get('server'), 'gunicorn/19.9.0');
  assert.equal(r.headers.get('content-type'), 'application/json');
  const text = await r.text();
  assert.match(text, /^\{\n {2}"args": \{\n {4}"a": "1"\n {2}\}, \n {2}"headers": \{/);
  const body = JSON.parse(text) as { headers: Record<string, string>; origin: string };
  assert.equal(body.headers['X-Request-Id'], undefined);
  assert.equal(body.origin, '1.2.3.4');
  const nf = await fetch(`${base}/nope`);
  assert.equal(nf.status, 404);
  assert.equal(nf.statusText, 'NOT FOUND');
  assert.match(await nf.text(), /the server\. {2}If you entered/);
  const teapot = await fetch(`${base}/status/418`);
  assert.equal(teapot.status, 418);
  assert.match(await teapot.text(), /teapot/);
  const bad = await fetch(`${base}/status/abc`);
  assert.equal(bad.status, 400);
  assert.equal(await bad.text(), 'Invalid status code');
  const wrong = await fetch(`${base}/post`);
  assert.equal(wrong.status, 405);
  assert.equal(wrong.headers.get('allow'), 'POST, OPTIONS');
});

void test('helloworld v1/v2 answer /hello with the version and the instance', async (t) => {
  for (const [image, version] of [
    ['docker.io/istio/examples-helloworld-v1', 'v1'],
    ['docker.io/istio/examples-helloworld-v2:1.0', 'v2'],
  ] as const) {
    const { base, lines } = await start(t, image);
    const r = await fetch(`${base}/hello`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('server'), 'gunicorn');
    assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(await r.text(), `Hello version: ${version}, instance: helloworld-v1-abc\n`);
    assert.equal(await (await fetch(`${base}/health`)).text(), 'Helloworld is healthy');
    assert.equal((await fetch(`${base}/hello`, { method: 'POST' })).status, 405);
    assert.match(lines[0] ?? '', /\[INFO\] Starting gunicorn/);
  }
});

void test('http-echo: text, status code, /health, flags', async (t) => {
  const { base, lines } = await start(t, 'hashicorp/http-echo', {
    argv: ['-text=hello world', '-listen=:5678', '-status-code=201'],
  });
  const r = await fetch(`${base}/anything`, { method: 'DELETE' });
  assert.equal(r.status, 201);
  assert.equal(r.headers.get('x-app-name'), 'http-echo');
  assert.equal(await r.text(), 'hello world\n');
  assert.equal(await (await fetch(`${base}/health`)).text(), '{"status":"ok"}\n');
  assert.equal(lines[0], '[INFO] server is listening on :5678');
  const ref = parseImageRef('hashicorp/http-echo:0.2.3');
  assert.ok(ref);
  const lines2: string[] = [];
  const inst = await findBuiltin(ref)!.start(testContext({ argv: [], lines: lines2 }));
  assert.deepEqual(await inst.exited, { exitCode: 127, reason: 'Error' });
  assert.deepEqual(lines2, ['[ERR] Missing -text option!']);
});

void test('tcp-echo: every complete line answered with the prefix, on each port', async (t) => {
  const { ip, ctx, lines } = await start(t, 'istio/tcp-echo-server:1.3', { argv: ['9000,9001', 'one'] });
  for (const port of [9000, 9001]) {
    const real = ctx.dial.resolve(ip, port);
    const sock = connect(real.port, real.host);
    t.after(() => sock.destroy());
    let got = '';
    sock.setEncoding('utf8').on('data', (d: string) => (got += d));
    sock.write('world\nsecond\npartial');
    await waitFor('the echoes', () => got === 'one world\none second\n');
    sock.end();
  }
  assert.deepEqual(lines.slice(0, 4), [
    'listening on [::]:9000, prefix: one',
    'listening on [::]:9001, prefix: one',
    'request: world',
    'response: one world',
  ]);
});

void test('nginx: welcome page, 304, 404, 405, and TLS from a mounted nginx.conf and Secret', async (t) => {
  const plain = await start(t, 'nginx:1.27');
  const r = await fetch(`${plain.base}/`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-length'), '615');
  assert.match(r.headers.get('etag') ?? '', /^"[0-9a-f]+-267"$/);
  assert.match(await r.text(), /<title>Welcome to nginx!<\/title>/);
  const etag = r.headers.get('etag') ?? '';
  assert.equal((await fetch(`${plain.base}/`, { headers: { 'if-none-match': etag } })).status, 304);
  const nf = await fetch(`${plain.base}/missing`);
  assert.equal(nf.status, 404);
  assert.equal((await nf.text()).length, 153);
  assert.equal((await fetch(`${plain.base}/`, { method: 'POST' })).status, 405);
  assert.equal((await fetch(`${plain.base}/`, { method: 'PUT' })).status, 405);

  const home = mkdtempSync(join(tmpdir(), 'gangway-nginx-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const ca = await createCA();
  const leaf = await issueCertificate(ca, {
    commonName: 'nginx.example.com',
    dnsNames: ['nginx.example.com'],
    days: 1,
  });
  mkdirSync(join(home, 'conf'));
  mkdirSync(join(home, 'certs'));
  writeFileSync(join(home, 'certs', 'tls.crt'), leaf.certPem);
  writeFileSync(join(home, 'certs', 'tls.key'), leaf.keyPem);
  writeFileSync(
    join(home, 'conf', 'nginx.conf'),
    `events {\n}\nhttp {\n  log_format main '$remote_addr - $remote_user [$time_local]  $status '\n  '"$request" $body_bytes_sent';\n` +
      `  access_log /var/log/nginx/access.log main;\n  server {\n    listen 443 ssl;\n    root /usr/share/nginx/html;\n    index index.html;\n` +
      `    server_name nginx.example.com;\n    ssl_certificate /etc/nginx-server-certs/tls.crt;\n    ssl_certificate_key /etc/nginx-server-certs/tls.key;\n  }\n}\n`,
  );
  const lines: string[] = [];
  const ref = parseImageRef('nginx');
  assert.ok(ref);
  const ip = `127.${BLOCK}.1.${hostSeq++}`;
  const ctx = testContext({
    podIP: ip,
    plan: addressPlan(BLOCK, true),
    lines,
    mounts: [
      { mountPath: '/etc/nginx', hostPath: join(home, 'conf'), readOnly: true },
      { mountPath: '/etc/nginx-server-certs', hostPath: join(home, 'certs'), readOnly: true },
    ],
  });
  const inst = await findBuiltin(ref)!.start(ctx);
  t.after(() => inst.stop(0));
  const real = ctx.dial.resolve(ip, 443);
  const got = await new Promise<{ status: number; body: string; cn: string }>((resolve, reject) => {
    const req = httpsRequest(
      {
        host: real.host,
        port: real.port,
        path: '/',
        servername: 'other.example.com',
        ca: ca.certPem,
        checkServerIdentity: () => undefined,
      },
      (res) => {
        let body = '';
        const sock = res.socket;
        const cn = sock instanceof TLSSocket ? String(sock.getPeerCertificate().subject.CN) : '';
        res.setEncoding('utf8').on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, cn }));
      },
    );
    req.on('error', reject);
    req.end();
  });
  assert.equal(got.status, 200);
  assert.match(got.body, /Welcome to nginx!/);
  const alpn = await new Promise<string | false>((resolve, reject) => {
    const sock = tlsConnect(
      {
        host: real.host,
        port: real.port,
        servername: 'nginx.example.com',
        ca: ca.certPem,
        ALPNProtocols: ['h2', 'http/1.1'],
      },
      () => {
        resolve(sock.alpnProtocol ?? false);
        sock.end();
      },
    );
    sock.on('error', reject);
  });
  assert.equal(alpn, 'http/1.1');
  assert.equal(got.cn, 'nginx.example.com');
  const plainOnTls = await fetch(`http://${real.host}:${real.port}/`);
  assert.equal(plainOnTls.status, 400);
  assert.match(await plainOnTls.text(), /The plain HTTP request was sent to HTTPS port/);
  await waitFor('the access log', () => lines.find((l) => /\] {2}200 "GET \/ HTTP\/1\.1" 615$/.test(l)));
});
