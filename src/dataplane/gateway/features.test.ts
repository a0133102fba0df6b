// The pure parts of the gateway's traffic features as tables: header operations, fault
// sampling, CORS decisions, XFF/XFP, retry decisions, regex rewrites, shadow hosts, hash
// policies and the ring, outlier detection and response flag order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCors, corsDecode, corsResponseHeaders } from './cors.ts';
import { decideFault, faultFlags, perMillion } from './fault.ts';
import { addFlag } from './flags.ts';
import { forwardedProto, trustedClientAddress } from './forwarded.ts';
import { applyHeaderOps, applyResponseMutation, compileHeaderOps } from './header-ops.ts';
import { cookieValue, requestHash, setCookieValue } from './hash-policy.ts';
import { shadowAuthority } from './mirror.ts';
import { lbHosts, outlierHost, recordResult, sweep } from './outlier.ts';
import { backoffMs, compileRetry, retriableReset, retriableResponse } from './retry-policy.ts';
import { buildRing, ringLookup } from './ring-hash.ts';
import { compileRouteFeatures, jsSubstitution, regexRewritePath } from './route-features.ts';
import { xxHash64 } from './xxhash64.ts';

void test('header ops: destination then route level; remove, set (first copy replaced), add; host is the authority', () => {
  const levels = compileHeaderOps(
    [
      { set: [['x-a', 'dest']], add: [['x-b', 'd']] },
      {
        set: [
          ['x-a', 'route'],
          ['Host', 'new.example.com'],
          [':path', '/no'],
        ],
        remove: ['x-gone'],
        add: [['x-b', 'r']],
      },
    ],
    true,
  );
  assert.ok(levels);
  const h = ['host', 'old', 'x-a', '1', 'x-gone', 'z', 'x-a', '2', 'x-keep', 'k'];
  const authority = applyHeaderOps(h, levels, new Set(['host']));
  assert.equal(authority, 'new.example.com');
  assert.deepEqual(h, ['host', 'old', 'x-a', 'route', 'x-keep', 'k', 'x-b', 'd', 'x-b', 'r']);
  assert.equal(compileHeaderOps([undefined, { set: [] }], true), undefined);

  const resp = ['content-type', 'text/plain', 'access-control-allow-origin', 'up'];
  applyResponseMutation(resp, {
    ops: compileHeaderOps([{ remove: ['content-type'], add: [['x-r', '1']] }], false),
    cors: ['access-control-allow-origin', 'https://a.com'],
    setCookie: 'c="1"; HttpOnly',
  });
  assert.deepEqual(resp, [
    'x-r',
    '1',
    'set-cookie',
    'c="1"; HttpOnly',
    'access-control-allow-origin',
    'https://a.com',
  ]);
});

void test('fault: per-million sampling, delay before abort, flags', () => {
  assert.equal(perMillion(0.1), 1000);
  const seq = (...v: number[]) => {
    let i = 0;
    return () => v[i++ % v.length] as number;
  };
  const cases: [Parameters<typeof decideFault>[0], number[], number, number, string][] = [
    [{ abort: { httpStatus: 500, percentage: 100 } }, [0.99], 0, 500, 'FI'],
    [{ abort: { httpStatus: 500, percentage: 50 } }, [0.6], 0, 0, '-'],
    [{ abort: { httpStatus: 500, percentage: 50 } }, [0.4], 0, 500, 'FI'],
    [{ delay: { fixedDelayMs: 7000, percentage: 100 } }, [0.5], 7000, 0, 'DI'],
    [{ delay: { fixedDelayMs: 10, percentage: 0.1 } }, [0.0009], 10, 0, 'DI'],
    [{ delay: { fixedDelayMs: 10, percentage: 0.1 } }, [0.001], 0, 0, '-'],
    [
      { delay: { fixedDelayMs: 10, percentage: 100 }, abort: { httpStatus: 503, percentage: 100 } },
      [0],
      10,
      503,
      'DI,FI',
    ],
    [{ abort: { httpStatus: 500, percentage: 0 } }, [0], 0, 0, '-'],
  ];
  for (const [fault, rnd, delay, abort, flags] of cases) {
    const d = decideFault(fault, seq(...rnd));
    assert.deepEqual([d.delayMs, d.abortStatus, faultFlags(d)], [delay, abort, flags], JSON.stringify(fault));
  }
});

void test('CORS: allowed origins, preflight answers, unmatched preflights, response headers', () => {
  const c = compileCors({
    allowOrigins: [{ exact: 'https://a.com' }, { regex: 'https://.*\\.b\\.com' }],
    allowMethods: ['GET', 'POST'],
    allowHeaders: ['x-a'],
    exposeHeaders: ['x-e'],
    maxAge: '86400',
    allowCredentials: true,
  });
  const pre = { 'access-control-request-method': 'POST' };
  assert.deepEqual(corsDecode(c, 'GET', {}), { kind: 'none' });
  assert.deepEqual(corsDecode(c, 'GET', { origin: 'https://x.b.com' }), {
    kind: 'cors',
    origin: 'https://x.b.com',
  });
  assert.deepEqual(corsDecode(c, 'GET', { origin: 'https://evil.com' }), { kind: 'none' });
  assert.deepEqual(corsDecode(c, 'OPTIONS', { origin: 'https://a.com', ...pre }), {
    kind: 'preflight',
    headers: [
      'access-control-allow-origin',
      'https://a.com',
      'access-control-allow-credentials',
      'true',
      'access-control-allow-methods',
      'GET,POST',
      'access-control-allow-headers',
      'x-a',
      'access-control-max-age',
      '86400',
    ],
  });
  assert.deepEqual(corsDecode(c, 'OPTIONS', { origin: 'https://a.com' }), {
    kind: 'cors',
    origin: 'https://a.com',
  });
  assert.deepEqual(corsDecode(c, 'OPTIONS', { origin: 'https://evil.com', ...pre }), { kind: 'none' });
  const ignore = compileCors({
    allowOrigins: [{ exact: 'x' }],
    allowMethods: [],
    allowHeaders: [],
    exposeHeaders: [],
    unmatchedPreflights: 'IGNORE',
  });
  assert.deepEqual(corsDecode(ignore, 'OPTIONS', { origin: 'https://evil.com', ...pre }), { kind: 'ignore' });
  const star = compileCors({
    allowOrigins: [{ exact: '*' }],
    allowMethods: [],
    allowHeaders: [],
    exposeHeaders: [],
  });
  assert.deepEqual(corsDecode(star, 'GET', { origin: 'https://any.com' }), {
    kind: 'cors',
    origin: 'https://any.com',
  });
  assert.deepEqual(corsResponseHeaders(c, 'https://a.com'), [
    'access-control-allow-origin',
    'https://a.com',
    'access-control-allow-credentials',
    'true',
    'access-control-expose-headers',
    'x-e',
  ]);
});

void test('XFF / XFP with xff_num_trusted_hops (Envoy headers.rst examples)', () => {
  const cases: [string | undefined, string, number, string][] = [
    [undefined, '192.0.2.5', 0, '192.0.2.5'],
    ['203.0.113.128, 203.0.113.10, 203.0.113.1', '192.0.2.5', 0, '192.0.2.5'],
    ['203.0.113.128, 203.0.113.10, 203.0.113.1', '192.0.2.5', 1, '203.0.113.1'],
    ['203.0.113.128, 203.0.113.10, 203.0.113.1', '192.0.2.5', 2, '203.0.113.10'],
    ['203.0.113.128,203.0.113.10,203.0.113.1', '192.0.2.5', 3, '203.0.113.128'],
    ['203.0.113.128, 203.0.113.10', '192.0.2.5', 3, '192.0.2.5'],
    ['not-an-ip', '192.0.2.5', 1, '192.0.2.5'],
  ];
  for (const [xff, peer, n, want] of cases)
    assert.equal(trustedClientAddress(xff, peer, n), want, `${xff} ${n}`);
  assert.equal(forwardedProto('https', 'http', 0), 'http');
  assert.equal(forwardedProto('https', 'http', 1), 'https');
  assert.equal(forwardedProto(undefined, 'http', 1), 'http');
});

void test('retry policy: conditions, codes, overloaded, resets, backoff', () => {
  const p = compileRetry({
    attempts: 2,
    retryOn: 'gateway-error,retriable-4xx,retriable-status-codes,418,unavailable',
    retriableStatusCodes: [429],
  });
  assert.ok(p);
  const cases: [number, number | undefined, boolean, boolean][] = [
    [502, undefined, false, true],
    [500, undefined, false, false],
    [409, undefined, false, true],
    [429, undefined, false, true],
    [418, undefined, false, true],
    [503, undefined, true, false],
    [200, 14, false, true],
    [200, 2, false, false],
  ];
  for (const [status, grpc, overloaded, want] of cases)
    assert.equal(retriableResponse(p, status, grpc, overloaded), want, `${status} ${grpc}`);
  const cf = compileRetry({ attempts: 2, retryOn: 'connect-failure,retriable-status-codes' });
  assert.ok(cf);
  assert.equal(retriableResponse(cf, 503, undefined, false), false, 'no codes listed: 503 not retried');
  assert.equal(retriableReset(cf, true), true);
  assert.equal(retriableReset(cf, false), false);
  assert.equal(retriableReset(p, false), true);
  assert.equal(compileRetry({ attempts: 0, retryOn: '5xx' }), undefined);
  assert.equal(
    backoffMs(1, () => 0.999),
    24,
  );
  assert.equal(
    backoffMs(2, () => 0.999),
    74,
  );
  assert.equal(
    backoffMs(5, () => 0.999),
    249,
  );
});

void test('regex rewrite: RE2 substitutions, global replace, query kept', () => {
  assert.equal(jsSubstitution('/v2/\\1/\\2'), '/v2/$1/$2');
  assert.equal(jsSubstitution('a$b\\\\'), 'a$$b\\');
  const f = compileRouteFeatures({
    name: '',
    match: {},
    action: {
      type: 'route',
      clusters: [{ cluster: 'c', weight: 1 }],
      regexRewrite: { pattern: '^/service/([^/]+)(/.*)$', substitution: '\\2/instance/\\1' },
    } as never,
  });
  assert.ok(f?.regexRewrite);
  assert.equal(regexRewritePath('/service/foo/v1/api?x=1', f.regexRewrite), '/v1/api/instance/foo?x=1');
  const g = compileRouteFeatures({
    name: '',
    match: {},
    action: { type: 'route', clusters: [], regexRewrite: { pattern: 'o', substitution: '0' } } as never,
  });
  assert.ok(g?.regexRewrite);
  assert.equal(regexRewritePath('/foo/boo', g.regexRewrite), '/f00/b00');
  assert.equal(
    compileRouteFeatures({ name: '', match: {}, action: { type: 'route', clusters: [] } }),
    undefined,
  );
});

void test('shadow authority: -shadow before any port', () => {
  const cases: [string, string][] = [
    ['httpbin:8000', 'httpbin-shadow:8000'],
    ['httpbin.example.com', 'httpbin.example.com-shadow'],
    ['[::1]:80', '[::1]-shadow:80'],
  ];
  for (const [a, want] of cases) assert.equal(shadowAuthority(a), want);
});

void test('hash policies and the ring: same key same host, generated cookies', () => {
  const hosts = [1, 2, 3, 4].map((i) => ({ key: `10.0.0.${i}:80`, active: 0 }));
  const ring = buildRing(hosts);
  assert.equal(ring.hashes.length, 1024);
  const first = ringLookup(ring, xxHash64('user-a'));
  for (let i = 0; i < 5; i++) assert.equal(ringLookup(ring, xxHash64('user-a')), first);
  const spread = new Set<unknown>();
  for (let i = 0; i < 200; i++) spread.add(ringLookup(ring, xxHash64(`u${i}`)));
  assert.equal(spread.size, 4);

  const input = {
    headers: {},
    path: '/p?user=7',
    clientAddress: '1.2.3.4',
    remote: '1.2.3.4:5555',
    local: '10.0.0.9:8080',
  };
  assert.equal(requestHash({ header: 'x-user' }, input).hash, undefined);
  assert.equal(
    requestHash({ header: 'x-user' }, { ...input, headers: { 'x-user': 'a' } }).hash,
    xxHash64('a'),
  );
  assert.equal(requestHash({ sourceIp: true }, input).hash, xxHash64('1.2.3.4'));
  assert.equal(requestHash({ queryParameter: 'user' }, input).hash, xxHash64('7'));
  const gen = requestHash({ cookie: { name: 'sticky', path: '/', ttlSeconds: 3600 } }, input);
  assert.match(gen.setCookie ?? '', /^sticky="[0-9a-f]{16}"; Max-Age=3600; Path=\/; HttpOnly$/);
  const sent = requestHash(
    { cookie: { name: 'sticky', ttlSeconds: 0 } },
    { ...input, headers: { cookie: 'a=1; sticky="abc"' } },
  );
  assert.equal(sent.hash, xxHash64('abc'));
  assert.equal(sent.setCookie, undefined);
  assert.equal(
    requestHash({ cookie: { name: 'sticky' } }, input).hash,
    undefined,
    'no TTL: no cookie generated',
  );
  assert.equal(cookieValue('x=1;  y=2', 'y'), '2');
  assert.equal(setCookieValue('s', 'v', undefined, 0), 's="v"; HttpOnly');
});

void test('outlier detection: consecutive 5xx ejects within maxEjectionPercent, sweeps bring hosts back', () => {
  const cfg = { consecutive5xx: 2, intervalMs: 1000, baseEjectionTimeMs: 30_000, maxEjectionPercent: 50 };
  const counters = { ejectionsEnforced: 0, ejectionsOverflow: 0 };
  const hs = [outlierHost(), outlierHost(), outlierHost(), outlierHost()];
  const [a, b, c] = hs as [
    ReturnType<typeof outlierHost>,
    ReturnType<typeof outlierHost>,
    ReturnType<typeof outlierHost>,
  ];
  assert.equal(recordResult(cfg, a, hs, 500, 0, counters), false);
  assert.equal(recordResult(cfg, a, hs, 200, 0, counters), false, 'a success resets the count');
  assert.equal(recordResult(cfg, a, hs, 500, 0, counters), false);
  assert.equal(recordResult(cfg, a, hs, 503, 0, counters), true);
  recordResult(cfg, b, hs, 500, 0, counters);
  assert.equal(recordResult(cfg, b, hs, 500, 0, counters), true);
  recordResult(cfg, c, hs, 500, 0, counters);
  assert.equal(recordResult(cfg, c, hs, 500, 0, counters), false, '75% > maxEjectionPercent 50');
  assert.deepEqual(counters, { ejectionsEnforced: 2, ejectionsOverflow: 1 });
  assert.equal(
    lbHosts(
      hs.map((o) => ({ outlier: o })),
      undefined,
    ).length,
    2,
  );
  assert.equal(
    lbHosts(
      hs.map((o) => ({ outlier: o })),
      60,
    ).length,
    4,
    'panic: all hosts',
  );
  assert.equal(sweep(cfg, hs, 29_999), false);
  assert.equal(sweep(cfg, hs, 30_000), true);
  assert.equal(a.ejected, false);
  const gw = {
    consecutive5xx: 0,
    consecutiveGatewayFailure: 1,
    intervalMs: 1,
    baseEjectionTimeMs: 1,
    maxEjectionPercent: 100,
  };
  const h = [outlierHost()];
  assert.equal(recordResult(gw, h[0]!, h, 500, 0, counters), false, '500 is no gateway failure');
  assert.equal(recordResult(gw, h[0]!, h, 502, 0, counters), true);
});

void test('response flags in Envoy order', () => {
  assert.equal(addFlag('-', 'URX'), 'URX');
  assert.equal(addFlag('URX', 'UF'), 'UF,URX');
  assert.equal(addFlag('DI', 'FI'), 'DI,FI');
  assert.equal(addFlag('DI', 'UO'), 'UO,DI');
  assert.equal(addFlag('UF', 'UF'), 'UF');
});
