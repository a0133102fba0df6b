// End-to-end tests of the ALB data plane on loopback block 231: listeners, actions,
// forwarding over HTTP/1.1 and HTTP/2, ALB error pages, fail-open, curl.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlbModel, Target, TargetGroup } from '../../alb/model.ts';
import { DialTable } from '../../net/dial-table.ts';
import { createCA, type CertificateAuthority } from '../../pki/ca.ts';
import { AlbDataPlane } from './server.ts';
import {
  HOST,
  closedPort,
  forward,
  h1,
  h2connect,
  h2get,
  headerOf,
  listener,
  loadBalancer,
  pathRule,
  tg,
  upstream,
  waitFor,
  type Upstream,
} from './test-helpers.ts';

let caPromise: Promise<CertificateAuthority> | undefined;
const ca = (): Promise<CertificateAuthority> => (caPromise ??= createCA());

interface Fixture {
  plane: AlbDataPlane;
  a: Upstream;
  b: Upstream;
  main: TargetGroup;
  p80: number;
  p443: number;
  targets: Map<string, Target[]>;
  model: AlbModel;
  ca: CertificateAuthority;
}

async function fixture(t: TestContext, hostOctet: number): Promise<Fixture> {
  const a = await upstream(t, `127.231.${hostOctet}.1`, 'a');
  const b = await upstream(t, `127.231.${hostOctet}.2`, 'b');
  const refusedPort = await closedPort(`127.231.${hostOctet}.3`);
  const main = tg('k8s-main');
  const refused = tg('k8s-refused');
  const empty = tg('k8s-empty');
  const targets = new Map<string, Target[]>([
    [main.arn, [a.target, b.target]],
    [
      refused.arn,
      [{ id: 'dead', address: `127.231.${hostOctet}.3`, port: refusedPort, healthCheckPort: refusedPort }],
    ],
    [empty.arn, []],
  ]);
  const model: AlbModel = {
    loadBalancers: [
      loadBalancer(
        [
          listener(80, 'HTTP', [], {
            type: 'redirect',
            protocol: 'HTTPS',
            port: '443',
            host: '#{host}',
            path: '/#{path}',
            query: '#{query}',
            statusCode: 'HTTP_301',
          }),
          listener(
            443,
            'HTTPS',
            [
              pathRule(1, ['/fixed'], {
                type: 'fixed-response',
                statusCode: '404',
                contentType: 'text/plain',
                messageBody: 'nope',
              }),
              pathRule(2, ['/refused'], forward(refused)),
              pathRule(3, ['/empty', '/empty/*'], forward(empty)),
              pathRule(4, ['/*'], forward(main)),
            ],
            { type: 'fixed-response', statusCode: '404', contentType: 'text/plain' },
          ),
        ],
        [empty, main, refused],
      ),
    ],
  };
  const theCA = await ca();
  const plane = new AlbDataPlane({
    dial: new DialTable(),
    ca: theCA,
    address: () => `127.231.${hostOctet}.100`,
    portMap: new Map([
      [80, 0],
      [443, 0],
    ]),
    targets: (g) => targets.get(g.arn) ?? [],
    healthTimeScale: 0.005,
  });
  t.after(() => plane.stop());
  await plane.setModel(model);
  await plane.start();
  const ls = plane.listenersOf(model.loadBalancers[0]!.name);
  assert.deepEqual(
    ls.map((l) => [l.port, l.protocol, l.address]),
    [
      [80, 'HTTP', `127.231.${hostOctet}.100`],
      [443, 'HTTPS', `127.231.${hostOctet}.100`],
    ],
  );
  return { plane, a, b, main, p80: ls[0]!.boundPort, p443: ls[1]!.boundPort, targets, model, ca: theCA };
}

void test('HTTP listener: default redirect 301 to https://host:443/', async (t) => {
  const f = await fixture(t, 10);
  const r = await h1({
    host: '127.231.10.100',
    port: f.p80,
    path: '/a/b?x=1',
    hostHeader: `${HOST}:${f.p80}`,
  });
  assert.equal(r.status, 301);
  assert.equal(r.headers.location, `https://${HOST}:443/a/b?x=1`);
  assert.equal(r.headers.server, 'awselb/2.0');
  assert.equal(r.headers['content-type'], 'text/html');
  assert.equal(r.headers['content-length'], '134');
  const root = await h1({ host: '127.231.10.100', port: f.p80, path: '/', hostHeader: HOST });
  assert.equal(root.headers.location, `https://${HOST}:443/`);
});

void test('HTTPS listener: h2 and h1 verified against the CA, forwarding to both targets', async (t) => {
  const f = await fixture(t, 11);
  await waitFor('targets healthy', () => f.plane.health(f.main.arn).every((h) => h.state === 'healthy'));
  const session = h2connect(t, '127.231.11.100', f.p443, f.ca.certPem);
  const names = new Set<string>();
  for (let i = 0; i < 4; i++) {
    const r = await h2get(session, `/hello?i=${i}`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.server, 'upstream');
    assert.equal(r.headers.connection, undefined);
    const echo = JSON.parse(r.body) as { name: string; url: string; headers: string[] };
    names.add(echo.name);
    assert.equal(echo.url, `/hello?i=${i}`);
    assert.equal(headerOf(echo.headers, 'host'), HOST);
    assert.equal(headerOf(echo.headers, 'x-forwarded-proto'), 'https');
    assert.equal(headerOf(echo.headers, 'x-forwarded-port'), '443');
    assert.match(headerOf(echo.headers, 'x-forwarded-for') ?? '', /^127\./);
    assert.match(headerOf(echo.headers, 'x-amzn-trace-id') ?? '', /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  }
  assert.deepEqual([...names].sort(), ['a', 'b']);

  const post = await h2get(session, '/post', 'POST', 'payload');
  assert.equal((JSON.parse(post.body) as { body: string }).body, 'payload');

  const r1 = await h1(
    {
      host: '127.231.11.100',
      port: f.p443,
      path: '/one',
      hostHeader: `${HOST}:${f.p443}`,
      method: 'POST',
      body: 'x1',
    },
    { ca: f.ca.certPem, servername: HOST },
  );
  assert.equal(r1.status, 200);
  assert.equal(r1.alpn, 'http/1.1');
  const echo = JSON.parse(r1.body) as { headers: string[]; body: string };
  assert.equal(headerOf(echo.headers, 'host'), HOST);
  assert.equal(echo.body, 'x1');
});

void test('ALB answers: fixed-response 404, 502 refused, 503 no targets', async (t) => {
  const f = await fixture(t, 12);
  const session = h2connect(t, '127.231.12.100', f.p443, f.ca.certPem);
  const fixed = await h2get(session, '/fixed');
  assert.equal(fixed.status, 404);
  assert.equal(fixed.body, 'nope');
  assert.equal(fixed.headers['content-type'], 'text/plain; charset=utf-8');
  assert.equal(fixed.headers.server, 'awselb/2.0');

  const bad = await h2get(session, '/refused');
  assert.equal(bad.status, 502);
  assert.equal(bad.headers.server, 'awselb/2.0');
  assert.equal(bad.headers['content-type'], 'text/html');
  assert.match(bad.body, /<title>502 Bad Gateway<\/title>/);

  const none = await h2get(session, '/empty/x');
  assert.equal(none.status, 503);
  assert.equal(none.body.length, 162);
  assert.match(none.body, /503 Service Temporarily Unavailable/);

  const head = await h2get(session, '/empty', 'HEAD');
  assert.equal(head.status, 503);
  assert.equal(head.body, '');

  const h1bad = await h1(
    { host: '127.231.12.100', port: f.p443, path: '/refused', hostHeader: HOST },
    { ca: f.ca.certPem, servername: HOST },
  );
  assert.equal(h1bad.status, 502);
  assert.equal(h1bad.headers.server, 'awselb/2.0');
});

void test('fail-open: every target unhealthy, traffic still flows', async (t) => {
  const f = await fixture(t, 13);
  f.a.health = 404;
  f.b.health = 404;
  await waitFor('targets unhealthy', () => f.plane.health(f.main.arn).every((h) => h.state === 'unhealthy'));
  const h = f.plane.health(f.main.arn)[0]!;
  assert.equal(h.reason, 'Target.ResponseCodeMismatch');
  assert.equal(h.description, 'Health checks failed with these codes: [404]');
  const session = h2connect(t, '127.231.13.100', f.p443, f.ca.certPem);
  const names = new Set<string>();
  for (let i = 0; i < 4; i++)
    names.add((JSON.parse((await h2get(session, '/x')).body) as { name: string }).name);
  assert.deepEqual([...names].sort(), ['a', 'b']);

  // One healthy again: only it gets traffic.
  f.a.health = 200;
  await waitFor(
    'a healthy',
    () => f.plane.health(f.main.arn).find((x) => x.target.id === 'a')?.state === 'healthy',
  );
  f.a.seen.length = 0;
  f.b.seen.length = 0;
  for (let i = 0; i < 4; i++) await h2get(session, '/y');
  assert.equal(f.a.seen.length, 4);
  assert.equal(f.b.seen.length, 0);
});

void test('model swap keeps the listener port; removed targets drain while in flight', async (t) => {
  const f = await fixture(t, 14);
  const session = h2connect(t, '127.231.14.100', f.p443, f.ca.certPem);
  const lb = f.model.loadBalancers[0]!;
  const https = lb.listeners[1]!;
  const next: AlbModel = {
    loadBalancers: [
      {
        ...lb,
        listeners: [
          lb.listeners[0]!,
          {
            ...https,
            rules: [
              pathRule(1, ['/teapot'], {
                type: 'fixed-response',
                statusCode: '418',
                contentType: 'text/plain',
              }),
              ...https.rules,
            ],
          },
        ],
      },
    ],
  };
  await f.plane.setModel(next);
  assert.equal(f.plane.listenersOf(lb.name)[1]!.boundPort, f.p443);
  assert.equal((await h2get(session, '/teapot')).status, 418);

  await waitFor('targets healthy', () => f.plane.health(f.main.arn).every((h) => h.state === 'healthy'));
  f.a.holdPath = '/slow';
  f.b.holdPath = '/slow';
  const slow = h2get(session, '/slow');
  await waitFor('slow request held', () => f.a.seen.includes('/slow') || f.b.seen.includes('/slow'));
  const holder = f.a.seen.includes('/slow') ? f.a : f.b;
  f.targets.set(
    f.main.arn,
    [f.a.target, f.b.target].filter((x) => x !== holder.target),
  );
  f.plane.targetsChanged();
  const draining = f.plane.health(f.main.arn).find((h) => h.target.id === holder.name);
  assert.equal(draining?.state, 'draining');
  assert.equal(draining.reason, 'Target.DeregistrationInProgress');
  assert.equal(draining.description, 'Target deregistration is in progress');
  holder.release();
  assert.equal((await slow).body, 'held released');
  await waitFor('drained', () => f.plane.health(f.main.arn).length === 1);
});

void test('curl --http2 --cacert --resolve against the HTTPS listener', async (t) => {
  const f = await fixture(t, 15);
  const dir = await mkdtemp(join(tmpdir(), 'alb-curl-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const caFile = join(dir, 'ca.crt');
  await writeFile(caFile, f.ca.certPem);
  const run = (args: string[]): Promise<string> =>
    new Promise((resolve, reject) => {
      execFile('curl', args, { timeout: 30_000 }, (err, stdout) => {
        if (err) reject(new Error(`curl ${args.join(' ')}: ${err.message}`));
        else resolve(stdout);
      });
    });
  const url = `https://${HOST}:${f.p443}/curl`;
  const resolve = `${HOST}:${f.p443}:127.231.15.100`;
  const head = await run(['-sS', '-I', '--http2', '--cacert', caFile, '--resolve', resolve, url]);
  assert.match(head, /^HTTP\/2 200/);
  assert.match(head, /server: upstream/);
  const fixed = await run([
    '-sS',
    '-i',
    '--http2',
    '--cacert',
    caFile,
    '--resolve',
    resolve,
    `https://${HOST}:${f.p443}/fixed`,
  ]);
  assert.match(fixed, /^HTTP\/2 404/);
  assert.match(fixed, /nope$/);
  const bad = await run([
    '-sS',
    '-I',
    '--http2',
    '--cacert',
    caFile,
    '--resolve',
    resolve,
    `https://${HOST}:${f.p443}/refused`,
  ]);
  assert.match(bad, /^HTTP\/2 502/);
  assert.match(bad, /server: awselb\/2.0/);
});

void test('HTTP listener forwarding (X-Forwarded-Proto http, Host port kept off) and 504 on the idle timeout', async (t) => {
  const a = await upstream(t, '127.231.16.1', 'a');
  a.hangPath = '/hang';
  const main = tg('k8s-main');
  const lb = loadBalancer([listener(80, 'HTTP', [], forward(main))], [main]);
  lb.attributes = { 'idle_timeout.timeout_seconds': '1' };
  const plane = new AlbDataPlane({
    dial: new DialTable(),
    ca: await ca(),
    address: () => '127.231.16.100',
    portMap: new Map([[80, 0]]),
    targets: () => [a.target],
    healthTimeScale: 0.005,
  });
  t.after(() => plane.stop());
  await plane.start();
  await plane.setModel({ loadBalancers: [lb] });
  const port = plane.listenersOf(lb.name)[0]!.boundPort;
  const r = await h1({ host: '127.231.16.100', port, path: '/p?q=1', hostHeader: `${HOST}:${port}` });
  assert.equal(r.status, 200);
  assert.equal(r.headers.server, 'upstream');
  const echo = JSON.parse(r.body) as { headers: string[] };
  assert.equal(headerOf(echo.headers, 'host'), HOST);
  assert.equal(headerOf(echo.headers, 'x-forwarded-proto'), 'http');
  assert.equal(headerOf(echo.headers, 'x-forwarded-port'), '80');
  const slow = await h1({ host: '127.231.16.100', port, path: '/hang', hostHeader: HOST });
  assert.equal(slow.status, 504);
  assert.equal(slow.headers.server, 'awselb/2.0');
  assert.match(slow.body, /<title>504 Gateway Time-out<\/title>/);
});
