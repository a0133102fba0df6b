// Property tests of the indexed route and virtual host selection: over seeded random route
// tables (exact, prefix, regex, catch-all paths, ignoreCase, header and query matchers) and
// random requests, the index must pick exactly what an in-order scan picks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GatewayRoute, RouteMatch, VirtualHost } from '../../istio/model.ts';
import {
  compileRouteConfig,
  selectCompiledRoute,
  selectCompiledRouteByScan,
  selectVirtualHost,
  type CompiledRouteConfig,
  type CompiledVirtualHost,
  type RequestView,
} from './match.ts';
import { seededRandom } from './seeded-random.ts';

const SEGMENTS = ['a', 'A', 'ab', 'b', 'api', 'Api', 'v1', 'x', ''];

function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)] as T;
}

function randomPath(rnd: () => number): string {
  const n = Math.floor(rnd() * 4);
  let p = '';
  for (let i = 0; i < n; i++) p += `/${pick(rnd, SEGMENTS)}`;
  return p === '' || rnd() < 0.1 ? `${p}/` : p;
}

function randomMatch(rnd: () => number): RouteMatch {
  const m: RouteMatch = {};
  const kind = rnd();
  const path = randomPath(rnd);
  if (kind < 0.35) m.path = { exact: path };
  else if (kind < 0.75) m.path = { prefix: rnd() < 0.5 ? path : path.slice(0, Math.max(1, path.length - 1)) };
  else if (kind < 0.85) m.path = { regex: rnd() < 0.5 ? '/a.*' : '/(api|v1)/[a-z]+' };
  else if (kind < 0.9) m.path = { prefix: '/' };
  if (rnd() < 0.3) m.ignoreCase = true;
  if (rnd() < 0.25) m.headers = [{ name: 'x-env', match: { exact: pick(rnd, ['prod', 'dev']) } }];
  if (rnd() < 0.1) m.headers = [{ name: 'x-debug', present: true, invert: rnd() < 0.5 }];
  if (rnd() < 0.15) m.queryParams = [{ name: 'q', match: { exact: pick(rnd, ['1', '2']) } }];
  return m;
}

function randomRoutes(rnd: () => number, n: number): GatewayRoute[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `r${String(i)}`,
    match: randomMatch(rnd),
    action: { type: 'direct', status: 200, body: String(i) },
  }));
}

function randomRequest(rnd: () => number): RequestView {
  let path = randomPath(rnd);
  if (path === '') path = '/';
  if (rnd() < 0.3) path += `?q=${pick(rnd, ['1', '2', '3'])}`;
  const headers: Record<string, string> = {};
  if (rnd() < 0.5) headers['x-env'] = pick(rnd, ['prod', 'dev', 'qa']);
  if (rnd() < 0.3) headers['x-debug'] = '1';
  return { host: 'h', authority: 'h', method: 'GET', scheme: 'http', path, headers };
}

void test('indexed route selection agrees with an in-order scan (seeded random tables)', () => {
  for (let seed = 1; seed <= 200; seed++) {
    const rnd = seededRandom(seed);
    const routes = randomRoutes(rnd, 1 + Math.floor(rnd() * 60));
    const vh = compileRouteConfig({
      name: 'r',
      virtualHosts: [{ name: 'h:80', domains: ['*'], routes }],
    }).any;
    assert.ok(vh);
    for (let k = 0; k < 200; k++) {
      const req = randomRequest(rnd);
      const want: string | undefined = selectCompiledRouteByScan(vh, req)?.route.name;
      assert.equal(selectCompiledRoute(vh, req)?.route.name, want, `seed ${String(seed)} ${req.path}`);
    }
  }
});

/** Envoy's order by plain scans: exact, suffix wildcards longest first, prefix wildcards, '*'. */
function scanVirtualHost(rc: CompiledRouteConfig, host: string): CompiledVirtualHost | undefined {
  const exact = rc.exact.get(host);
  if (exact) return exact;
  for (const s of rc.suffixes) if (host.length > s.suffix.length && host.endsWith(s.suffix)) return s.vh;
  for (const p of rc.prefixes) if (host.length > p.prefix.length && host.startsWith(p.prefix)) return p.vh;
  return rc.any;
}

const LABELS = ['a', 'b', 'ex', 'example', 'com', 'io'];

function randomHost(rnd: () => number): string {
  const n = 1 + Math.floor(rnd() * 3);
  return Array.from({ length: n }, () => pick(rnd, LABELS)).join('.');
}

void test('indexed virtual host selection agrees with Envoy ordered scans', () => {
  for (let seed = 1; seed <= 200; seed++) {
    const rnd = seededRandom(seed * 7919);
    const hosts: VirtualHost[] = [];
    for (let i = 0, n = 1 + Math.floor(rnd() * 12); i < n; i++) {
      const d = randomHost(rnd);
      const r = rnd();
      const domain = r < 0.4 ? d : r < 0.7 ? `*.${d}` : r < 0.8 ? `*${d}` : r < 0.95 ? `${d}.*` : '*';
      hosts.push({ name: `vh${String(i)}`, domains: [domain], routes: [] });
    }
    const rc = compileRouteConfig({ name: 'r', virtualHosts: hosts });
    for (let k = 0; k < 100; k++) {
      const host = randomHost(rnd);
      assert.equal(selectVirtualHost(rc, host)?.vhost.name, scanVirtualHost(rc, host)?.vhost.name, host);
    }
  }
});
