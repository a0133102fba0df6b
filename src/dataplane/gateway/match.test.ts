// Route selection, actions and header rewriting as pure tables: Envoy's virtual host order,
// first-match routes, rewrites, redirects, weighted picks, balancers, upstream headers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GatewayRoute, RouteConfig, RouteMatch } from '../../istio/model.ts';
import { pickWeighted, redirectLocation, rewritePath } from './actions.ts';
import { chooseHost } from './balancer.ts';
import {
  compileRouteConfig,
  hostWithoutPort,
  normalizePath,
  selectRoute,
  selectVirtualHost,
  type RequestView,
} from './match.ts';
import { downstreamResponseHeaders, upstreamHeaders } from './request-headers.ts';

function route(name: string, match: RouteMatch): GatewayRoute {
  return { name, match, action: { type: 'direct', status: 200, body: name } };
}

const RC: RouteConfig = {
  name: 'http.8080',
  virtualHosts: [
    { name: 'a.example.com:80', domains: ['a.example.com'], routes: [route('a', {})] },
    { name: '*.example.com:80', domains: ['*.example.com'], routes: [route('star-example', {})] },
    { name: '*.b.example.com:80', domains: ['*.b.example.com'], routes: [route('star-b-example', {})] },
    { name: 'pre.*:80', domains: ['pre.*'], routes: [route('prefix', {})] },
    { name: 'blackhole:80', domains: ['*'], routes: [] },
  ],
};

void test('virtual host: exact > longest suffix wildcard > prefix wildcard > *, port ignored', () => {
  const rc = compileRouteConfig(RC);
  const cases: [string, string][] = [
    ['a.example.com', 'a.example.com:80'],
    ['A.Example.com:8080', 'a.example.com:80'],
    ['x.example.com', '*.example.com:80'],
    ['x.b.example.com', '*.b.example.com:80'],
    ['example.com', 'blackhole:80'],
    ['pre.anything', 'pre.*:80'],
    ['pre.example.com', '*.example.com:80'],
    ['other', 'blackhole:80'],
    ['[::1]:80', 'blackhole:80'],
  ];
  for (const [host, want] of cases) {
    const vh = selectVirtualHost(rc, hostWithoutPort(host));
    assert.equal(vh?.vhost.name, want, host);
  }
  const none = compileRouteConfig({ name: 'x', virtualHosts: [RC.virtualHosts[0]!] });
  assert.equal(selectVirtualHost(none, 'b.example.com'), undefined);
});

function view(path: string, headers: Record<string, string> = {}, method = 'GET'): RequestView {
  return { host: 'h', authority: 'h:80', method, scheme: 'http', path, headers };
}

void test('routes: first match wins over exact, prefix, regex, headers and query parameters', () => {
  const routes: GatewayRoute[] = [
    route('exact', { path: { exact: '/productpage' } }),
    route('prefix-ci', { path: { prefix: '/Static' }, ignoreCase: true }),
    route('regex', { path: { regex: '/api/v[0-9]+/items' } }),
    route('header', { path: { prefix: '/h' }, headers: [{ name: 'end-user', match: { exact: 'jason' } }] }),
    route('without', {
      path: { prefix: '/h' },
      headers: [{ name: 'end-user', match: { exact: 'bob' }, invert: true }],
    }),
    route('present', { path: { prefix: '/p' }, headers: [{ name: 'x-debug', present: true }] }),
    route('method', { path: { prefix: '/m' }, headers: [{ name: ':method', match: { exact: 'POST' } }] }),
    route('query', { path: { prefix: '/q' }, queryParams: [{ name: 'v', match: { regex: '[0-9]+' } }] }),
    route('catch-all', { path: { prefix: '/' } }),
  ];
  const vh = compileRouteConfig({ name: 'r', virtualHosts: [{ name: 'h:80', domains: ['*'], routes }] }).any!;
  const cases: [RequestView, string][] = [
    [view('/productpage'), 'exact'],
    [view('/productpage?x=1'), 'exact'],
    [view('/productpage/'), 'catch-all'],
    [view('/static/app.css'), 'prefix-ci'],
    [view('/api/v12/items'), 'regex'],
    [view('/api/v12/items/1'), 'catch-all'],
    [view('/h', { 'end-user': 'jason' }), 'header'],
    [view('/h', { 'end-user': 'alice' }), 'without'],
    [view('/h'), 'without'],
    [view('/h', { 'end-user': 'bob' }), 'catch-all'],
    [view('/p', { 'x-debug': '' }), 'present'],
    [view('/p'), 'catch-all'],
    [view('/m', {}, 'POST'), 'method'],
    [view('/m'), 'catch-all'],
    [view('/q?v=12'), 'query'],
    [view('/q?v=x'), 'catch-all'],
  ];
  for (const [req, want] of cases) assert.equal(selectRoute(vh, req)?.name, want, req.path);
  const noCatchAll = compileRouteConfig({
    name: 'r',
    virtualHosts: [{ name: 'h:80', domains: ['*'], routes: routes.slice(0, 1) }],
  }).any!;
  assert.equal(selectRoute(noCatchAll, view('/other')), undefined);
});

void test('normalizePath removes dot segments and keeps the query', () => {
  const cases: [string, string][] = [
    ['/a/b', '/a/b'],
    ['/a/./b', '/a/b'],
    ['/a/../b?x=/../', '/b?x=/../'],
    ['/../a', '/a'],
    ['/a/b/..', '/a/'],
  ];
  for (const [input, want] of cases) assert.equal(normalizePath(input), want, input);
});

void test('prefix rewrite replaces the matched prefix; exact and regex matches the whole path', () => {
  const cases: [RouteMatch, string, string, string][] = [
    [{ path: { prefix: '/api' } }, '/api/items?x=1', '/v2', '/v2/items?x=1'],
    [{ path: { prefix: '/common' } }, '/common/api', '/', '//api'],
    [{ path: { exact: '/old' } }, '/old?q', '/new', '/new?q'],
    [{ path: { regex: '/o.d' } }, '/old', '/new', '/new'],
  ];
  for (const [match, path, rw, want] of cases) assert.equal(rewritePath(route('r', match), path, rw), want);
});

void test('redirect Location as Envoy builds it (processRequestHost port rules)', () => {
  const r = route('r', { path: { prefix: '/old' } });
  const req = { scheme: 'http', authority: 'a.com:80', path: '/old/x?q=1' };
  const cases: [Parameters<typeof redirectLocation>[0], string][] = [
    // The scheme changes and :80 is the default of the request's scheme: dropped.
    [{ type: 'redirect', code: 301, scheme: 'https' }, 'https://a.com/old/x?q=1'],
    // Same scheme: the request's port stays.
    [{ type: 'redirect', code: 301, path: '/new' }, 'http://a.com:80/new?q=1'],
    [{ type: 'redirect', code: 301, prefixRewrite: '/new' }, 'http://a.com:80/new/x?q=1'],
    [{ type: 'redirect', code: 302, host: 'b.com' }, 'http://b.com/old/x?q=1'],
    [
      { type: 'redirect', code: 302, host: 'b.com', port: 8443, scheme: 'https' },
      'https://b.com:8443/old/x?q=1',
    ],
    [{ type: 'redirect', code: 302, port: 8080 }, 'http://a.com:8080/old/x?q=1'],
  ];
  for (const [action, want] of cases) assert.equal(redirectLocation(action, r, req), want);
  assert.equal(
    redirectLocation({ type: 'redirect', code: 301, scheme: 'https' }, r, { ...req, authority: 'a.com:443' }),
    'https://a.com:443/old/x?q=1',
  );
});

void test('weighted cluster choice follows the weights', () => {
  const clusters = [
    { cluster: 'a', weight: 20 },
    { cluster: 'zero', weight: 0 },
    { cluster: 'b', weight: 80 },
  ];
  assert.equal(pickWeighted(clusters, 0), 'a');
  assert.equal(pickWeighted(clusters, 0.199), 'a');
  assert.equal(pickWeighted(clusters, 0.2), 'b');
  assert.equal(pickWeighted(clusters, 0.999), 'b');
  assert.equal(pickWeighted([{ cluster: 'only', weight: 0 }], 0.5), 'only');
});

void test('balancers: round robin rotates, least request prefers the idle host, retries avoid tried hosts', () => {
  const hosts = [0, 1, 2].map((i) => ({ active: 0, key: `10.0.0.${i}:80` }));
  const state = { rr: 0 };
  const seen = [0, 1, 2, 3].map(() => hosts.indexOf(chooseHost('ROUND_ROBIN', hosts, state, Math.random)!));
  assert.deepEqual(seen, [0, 1, 2, 0]);
  const busy = [
    { active: 5, key: 'a' },
    { active: 0, key: 'b' },
  ];
  const seq = [0, 0.9];
  let i = 0;
  assert.equal(
    chooseHost('LEAST_REQUEST', busy, { rr: 0 }, () => seq[i++ % 2]!),
    busy[1],
  );
  const tried = new Set([hosts[0]!]);
  let calls = 0;
  const alwaysFirst = (): number => (calls++ < 1 ? 0 : 0.5);
  assert.equal(chooseHost('RANDOM', hosts, { rr: 0 }, alwaysFirst, tried), hosts[1]);
  assert.equal(chooseHost('RANDOM', [], { rr: 0 }, Math.random), undefined);
});

void test('upstream headers: host first, hop-by-hop and x-envoy-* stripped, XFF appended, Envoy headers added', () => {
  const { headers, attemptSlot, forwardedFor } = upstreamHeaders({
    raw: [
      'Host',
      'a.com',
      'User-Agent',
      'curl',
      'Connection',
      'keep-alive, X-Secret',
      'X-Secret',
      's',
      'X-Forwarded-For',
      '1.2.3.4',
      'X-Forwarded-Proto',
      'https',
      'X-Request-Id',
      'client',
      'X-Envoy-Retry-On',
      '5xx',
      'X-Envoy-Internal',
      'true',
      'x-envoy-custom',
      'kept',
      'TE',
      'trailers',
      'Transfer-Encoding',
      'chunked',
      'Expect',
      '100-continue',
    ],
    authority: 'a.com',
    peer: '127.1.0.1',
    scheme: 'http',
    requestId: 'rid',
    decoratorOperation: 'svc.ns.svc.cluster.local:80/*',
  });
  assert.deepEqual(headers, [
    'host',
    'a.com',
    'user-agent',
    'curl',
    'x-forwarded-for',
    '1.2.3.4,127.1.0.1',
    'x-envoy-custom',
    'kept',
    'te',
    'trailers',
    'x-forwarded-proto',
    'http',
    'x-request-id',
    'rid',
    'x-envoy-decorator-operation',
    'svc.ns.svc.cluster.local:80/*',
    'x-envoy-external-address',
    '127.1.0.1',
    'x-envoy-attempt-count',
    '1',
  ]);
  assert.equal(headers[attemptSlot], '1');
  assert.equal(forwardedFor, '1.2.3.4,127.1.0.1');
});

void test('downstream response headers: server overwritten in place, date kept, service time last', () => {
  const raw = [
    'Server',
    'nginx/1.27',
    'Date',
    'd0',
    'Content-Type',
    'text/html',
    'Connection',
    'keep-alive',
    'Transfer-Encoding',
    'chunked',
  ].map((s) => Buffer.from(s));
  assert.deepEqual(downstreamResponseHeaders(raw, 'now', 3), [
    'server',
    'istio-envoy',
    'date',
    'd0',
    'content-type',
    'text/html',
    'x-envoy-upstream-service-time',
    '3',
    'transfer-encoding',
    'chunked',
  ]);
  assert.deepEqual(downstreamResponseHeaders([], 'now', 0), [
    'date',
    'now',
    'server',
    'istio-envoy',
    'x-envoy-upstream-service-time',
    '0',
  ]);
});
