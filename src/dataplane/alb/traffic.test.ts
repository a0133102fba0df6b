// End-to-end tests of the ALB data plane on loopback block 232: request limits and their
// pages (400/405/408/501), X-Forwarded-For modes, stickiness cookies, unused target groups,
// and draining: a target deleted under steady load fails no request.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AlbModel, LoadBalancer, Target, TargetGroup } from '../../alb/model.ts';
import { DialTable } from '../../net/dial-table.ts';
import { createCA } from '../../pki/ca.ts';
import { seededRandom } from '../gateway/seeded-random.ts';
import { AlbDataPlane } from './server.ts';
import {
  HOST,
  h1,
  headerOf,
  listener,
  loadBalancer,
  tg,
  upstream,
  waitFor,
  type Upstream,
} from './test-helpers.ts';

interface Plane {
  plane: AlbDataPlane;
  address: string;
  port: number;
  targets: Map<string, Target[]>;
}

async function serve(
  t: TestContext,
  octet: number,
  lb: LoadBalancer,
  targets: Map<string, Target[]>,
): Promise<Plane> {
  const address = `127.232.${String(octet)}.100`;
  const plane = new AlbDataPlane({
    dial: new DialTable(),
    ca: await createCA(),
    address: () => address,
    portMap: new Map([[80, 0]]),
    targets: (g) => targets.get(g.arn) ?? [],
    healthTimeScale: 0.005,
    random: seededRandom(7),
  });
  t.after(() => plane.stop());
  const model: AlbModel = { loadBalancers: [lb] };
  await plane.setModel(model);
  await plane.start();
  const port = plane.listenersOf(lb.name)[0]!.boundPort;
  return { plane, address, port, targets };
}

async function simple(
  t: TestContext,
  octet: number,
  lbAttrs: Record<string, string>,
  group: TargetGroup,
  ups: Upstream[],
): Promise<Plane> {
  const lb = loadBalancer([listener(80, 'HTTP', [], fwd(group))], [group]);
  lb.attributes = lbAttrs;
  const p = await serve(t, octet, lb, new Map([[group.arn, ups.map((u) => u.target)]]));
  await waitFor('targets healthy', () => p.plane.health(group.arn).every((h) => h.state === 'healthy'));
  return p;
}

function fwd(...groups: TargetGroup[]): {
  type: 'forward';
  targetGroups: { targetGroupArn: string; weight: number }[];
} {
  return { type: 'forward', targetGroups: groups.map((g) => ({ targetGroupArn: g.arn, weight: 1 })) };
}

/** Sends raw bytes; resolves with everything received until the server closes. */
function raw(host: string, port: number, data: string | null): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, host);
    let got = '';
    s.setEncoding('latin1');
    s.on('data', (c: string) => (got += c));
    s.on('error', reject);
    s.on('close', () => resolve(got));
    if (data !== null) s.write(data);
  });
}

void test('limits: 400 (line, header, total), 405 TRACE, 501 Transfer-Encoding, 408 idle', async (t) => {
  const a = await upstream(t, '127.232.1.1', 'a');
  const p = await simple(t, 1, { 'idle_timeout.timeout_seconds': '1' }, tg('k8s-lim'), [a]);
  const big = (n: number): string => 'x'.repeat(n);
  const head = (extra: string, line = 'GET / HTTP/1.1'): string =>
    `${line}\r\nHost: ${HOST}\r\n${extra}Connection: close\r\n\r\n`;
  const fiveHeaders = Array.from({ length: 5 }, (_, i) => `X-H${String(i)}: ${big(15_000)}\r\n`).join('');
  const table: [string, string, string][] = [
    ['fine', head(''), '200'],
    ['request line over 16 KiB', head('', `GET /${big(17_000)} HTTP/1.1`), '400 Bad Request'],
    ['one header over 16 KiB', head(`X-Big: ${big(17_000)}\r\n`), '400 Bad Request'],
    ['headers over 64 KiB', head(fiveHeaders), '400 Bad Request'],
    ['TRACE', head('', 'TRACE / HTTP/1.1'), '405 Method Not Allowed'],
    ['Transfer-Encoding gzip', head('Transfer-Encoding: gzip\r\n', 'POST / HTTP/1.1'), '501 Not Implemented'],
    [
      'Transfer-Encoding gzip, chunked',
      head('Transfer-Encoding: gzip, chunked\r\n', 'POST / HTTP/1.1') + '0\r\n\r\n',
      '501 Not Implemented',
    ],
    ['nothing sent within the idle timeout', '', '408 Request Time-out'],
  ];
  for (const [name, req, want] of table) {
    const got = await raw(p.address, p.port, req);
    assert.ok(got.startsWith(`HTTP/1.1 ${want}`), `${name}: ${got.slice(0, 80)}`);
    if (want !== '200') assert.match(got, /\r\nServer: awselb\/2\.0\r\n/i, name);
  }
  assert.equal(a.seen.length, 1);
});

async function xffSeen(p: Plane): Promise<string | undefined> {
  const r = await h1({ host: p.address, port: p.port, path: '/', hostHeader: HOST });
  const echo = JSON.parse(r.body) as { headers: string[] };
  // the client sent none: only what the ALB added
  return headerOf(echo.headers, 'x-forwarded-for');
}

void test('X-Forwarded-For: append with client port, remove', async (t) => {
  const a = await upstream(t, '127.232.2.1', 'a');
  const withPort = await simple(t, 2, { 'routing.http.xff_client_port.enabled': 'true' }, tg('k8s-xff'), [a]);
  assert.match((await xffSeen(withPort)) ?? '', /^127\.\d+\.\d+\.\d+:\d+$/);
  const b = await upstream(t, '127.232.3.1', 'b');
  const removed = await simple(t, 3, { 'routing.http.xff_header_processing.mode': 'remove' }, tg('k8s-xfr'), [
    b,
  ]);
  assert.equal(await xffSeen(removed), undefined);
});

function get(p: Plane, cookie?: string): Promise<{ name: string; cookies: string[] }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: p.address,
        port: p.port,
        path: '/',
        agent: false,
        headers: { host: HOST, ...(cookie === undefined ? {} : { cookie }) },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`status ${String(res.statusCode)}`));
          else
            resolve({
              name: (JSON.parse(body) as { name: string }).name,
              cookies: res.headers['set-cookie'] ?? [],
            });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function cookieJar(setCookies: string[]): string {
  return setCookies.map((c) => c.split(';')[0]!).join('; ');
}

void test('stickiness: lb_cookie (AWSALB) pins a target; forward group stickiness (AWSALBTG)', async (t) => {
  const a = await upstream(t, '127.232.4.1', 'a');
  const b = await upstream(t, '127.232.4.2', 'b');
  const c = await upstream(t, '127.232.4.3', 'c');
  const sticky = tg('k8s-sticky', {
    attributes: { 'stickiness.enabled': 'true', 'stickiness.type': 'lb_cookie' },
  });
  const other = tg('k8s-other');
  const lb = loadBalancer(
    [
      listener(80, 'HTTP', [], {
        ...fwd(sticky, other),
        stickiness: { enabled: true, durationSeconds: 600 },
      }),
    ],
    [other, sticky],
  );
  const p = await serve(
    t,
    4,
    lb,
    new Map([
      [sticky.arn, [a.target, b.target]],
      [other.arn, [c.target]],
    ]),
  );
  await waitFor('healthy', () =>
    [sticky, other].every((g) => p.plane.health(g.arn).every((h) => h.state === 'healthy')),
  );
  const first = await get(p);
  const names = first.cookies.map((s) => s.split('=')[0]);
  assert.deepEqual(
    names.sort(),
    ['AWSALB', 'AWSALBCORS', 'AWSALBTG', 'AWSALBTGCORS'].filter(
      (n) => first.name !== 'c' || n.startsWith('AWSALBTG'),
    ),
  );
  assert.ok(first.cookies.some((s) => /^AWSALBTGCORS=.*; Path=\/; SameSite=None; Secure$/.test(s)));
  const jar = cookieJar(first.cookies);
  for (let i = 0; i < 8; i++) assert.equal((await get(p, jar)).name, first.name, `request ${String(i)}`);
  // without cookies both groups and both sticky targets get traffic
  const seen = new Set<string>();
  for (let i = 0; i < 30 && seen.size < 3; i++) seen.add((await get(p)).name);
  assert.deepEqual([...seen].sort(), ['a', 'b', 'c']);
  // a forged cookie is ignored
  assert.ok(['a', 'b', 'c'].includes((await get(p, 'AWSALB=Zm9yZ2Vk; AWSALBTG=Zm9yZ2Vk')).name));
});

void test('a target group no listener forwards to: targets unused (Target.NotInUse)', async (t) => {
  const a = await upstream(t, '127.232.5.1', 'a');
  const used = tg('k8s-used');
  const idle = tg('k8s-idle');
  const lb = loadBalancer([listener(80, 'HTTP', [], fwd(used))], [idle, used]);
  const p = await serve(
    t,
    5,
    lb,
    new Map([
      [used.arn, [a.target]],
      [idle.arn, [a.target]],
    ]),
  );
  await waitFor('used healthy', () => p.plane.health(used.arn)[0]?.state === 'healthy');
  assert.deepEqual(
    p.plane.health(idle.arn).map((h) => [h.state, h.reason, h.description]),
    [
      [
        'unused',
        'Target.NotInUse',
        'Target group is not configured to receive traffic from the load balancer',
      ],
    ],
  );
});

void test('draining: a target deleted under steady sequential load fails no request', async (t) => {
  const a = await upstream(t, '127.232.6.1', 'a');
  const b = await upstream(t, '127.232.6.2', 'b');
  const group = tg('k8s-drain', {
    targetType: 'ip',
    attributes: { 'deregistration_delay.timeout_seconds': '300' },
  });
  const p = await simple(t, 6, {}, group, [a, b]);
  b.holdPath = '/held';
  // a request held in flight on b
  const heldReply = (async () => {
    for (;;) {
      const r = await h1({ host: p.address, port: p.port, path: '/held', hostHeader: HOST });
      if (r.body.startsWith('held')) return r;
    }
  })();
  await waitFor('a request held on b', () => b.seen.includes('/held'));
  let failures = 0;
  let done = 0;
  let stop = false;
  // Whatever happens below, the load loop ends with the test (else the process never exits).
  t.after(() => {
    stop = true;
  });
  const load = (async () => {
    while (!stop) {
      try {
        const r = await h1({
          host: p.address,
          port: p.port,
          path: `/load/${String(done)}`,
          hostHeader: HOST,
        });
        if (r.status !== 200) failures++;
      } catch {
        failures++;
      }
      done++;
    }
  })();
  await waitFor('load on both', () => b.seen.some((s) => s.startsWith('/load/')) && done > 5);
  // the pod is deleted: the endpoint goes, then its server stops taking connections
  p.targets.set(group.arn, [a.target]);
  p.plane.targetsChanged();
  const states = (): string =>
    JSON.stringify(p.plane.health(group.arn).map((h) => [h.target.id, h.state, h.reason ?? null]));
  await waitFor(
    'b draining, a serving',
    () =>
      states() ===
      JSON.stringify([
        ['a', 'healthy', null],
        ['b', 'draining', 'Target.DeregistrationInProgress'],
      ]),
  );
  // The load is sequential: once one more request finished, every later one was sent after the
  // target began draining (the one in flight at the change may still have gone to b).
  const mark = done;
  await waitFor('the request in flight at the change done', () => done > mark);
  const before = b.seen.length;
  const until = done + 20;
  await waitFor('more load', () => done >= until);
  assert.equal(b.seen.length, before, 'a draining target gets no new request');
  b.release();
  const held = await heldReply;
  assert.equal(held.body, 'held released');
  await waitFor('b gone once idle', () => p.plane.health(group.arn).length === 1);
  stop = true;
  await load;
  assert.equal(failures, 0);
});

void test('a target whose server went away before deregistration: the request goes elsewhere', async (t) => {
  const a = await upstream(t, '127.232.7.1', 'a');
  const dead = await upstream(t, '127.232.7.2', 'dead');
  const group = tg('k8s-gone', { targetType: 'ip' });
  const p = await simple(t, 7, {}, group, [a, dead]);
  // the pod's server stops first (SIGTERM), the endpoint update comes later
  await dead.stop();
  let failures = 0;
  for (let i = 0; i < 10; i++) {
    const r = await h1({ host: p.address, port: p.port, path: '/', hostHeader: HOST });
    if (r.status !== 200) failures++;
  }
  assert.equal(failures, 0);
});

void test('inbound-cidrs: a client outside them gets 403 from the ALB; inside, traffic flows', async (t) => {
  const a = await upstream(t, '127.232.8.1', 'a');
  const group = tg('k8s-cidrs');
  const lb = loadBalancer([listener(80, 'HTTP', [], fwd(group))], [group]);
  lb.inboundCidrs = ['10.0.0.0/8'];
  const p = await serve(t, 8, lb, new Map([[group.arn, [a.target]]]));
  await waitFor('targets healthy', () => p.plane.health(group.arn).every((h) => h.state === 'healthy'));
  const denied = await h1({ host: p.address, port: p.port, path: '/', hostHeader: HOST });
  assert.equal(denied.status, 403);
  assert.equal(denied.headers['server'], 'awselb/2.0');
  assert.match(denied.body, /<title>403 Forbidden<\/title>/);
  assert.equal(a.seen.length, 0);

  await p.plane.setModel({ loadBalancers: [{ ...lb, inboundCidrs: ['10.0.0.0/8', '127.0.0.0/8'] }] });
  const allowed = await h1({ host: p.address, port: p.port, path: '/', hostHeader: HOST });
  assert.equal(allowed.status, 200);
});
