// Envoy's route selection for one route configuration, compiled once per model: the virtual
// host by Host/:authority with the port ignored (exact > suffix wildcard, longest first >
// prefix wildcard, longest first > '*'), then the first route whose match accepts the request
// (path exact / prefix / RE2 full match, headers, query parameters). Both lookups are indexed
// (domain maps bucketed by length, a path index per virtual host), so their cost does not
// grow with the number of virtual hosts or routes.
import type { IncomingHttpHeaders } from 'node:http';
import type { GatewayRoute, RouteConfig, RouteMatch, StringMatch, VirtualHost } from '../../istio/model.ts';
import { buildRouteIndex, selectIndexed, type RouteIndex } from './match-index.ts';
import { fullMatchRegExp } from './match-regex.ts';
import { compileRetry, type CompiledRetry } from './retry-policy.ts';
import { compileRouteFeatures, type RouteFeatures } from './route-features.ts';

/** What route matching reads from a request. Built once per request. */
export interface RequestView {
  /** Host without port, lowercase. */
  host: string;
  /** :authority as sent (with any port). */
  authority: string;
  method: string;
  scheme: string;
  /** The path with its query string, as in the request line (after normalisation). */
  path: string;
  headers: IncomingHttpHeaders;
}

type StringTest = (value: string) => boolean;

export interface CompiledRoute {
  route: GatewayRoute;
  matches(req: RequestView, pathOnly: string, query: URLSearchParams | undefined): boolean;
  /** `matches` for a route the path index already selected (its exact/prefix path test left out). */
  accepts(req: RequestView, pathOnly: string, query: URLSearchParams | undefined): boolean;
  needsQuery: boolean;
  /** Optional features; undefined when the route has none (the common, fast case). */
  features: RouteFeatures | undefined;
  retry: CompiledRetry | undefined;
}

export interface CompiledVirtualHost {
  vhost: VirtualHost;
  routes: CompiledRoute[];
  /** Candidate routes by path (see match-index.ts). */
  index: RouteIndex;
}

/** Wildcard domains of one length: Envoy looks them up longest first, one map per length. */
export interface DomainBucket {
  length: number;
  domains: Map<string, CompiledVirtualHost>;
}

export interface CompiledRouteConfig {
  name: string;
  exact: Map<string, CompiledVirtualHost>;
  /** '*.example.com' -> '.example.com', longest first. */
  suffixes: { suffix: string; vh: CompiledVirtualHost }[];
  /** 'example.*' -> 'example.', longest first. */
  prefixes: { prefix: string; vh: CompiledVirtualHost }[];
  any: CompiledVirtualHost | undefined;
  /** `suffixes` as maps by suffix length, longest first. */
  suffixBuckets: DomainBucket[];
  /** `prefixes` as maps by prefix length, longest first. */
  prefixBuckets: DomainBucket[];
}

export { fullMatchRegExp } from './match-regex.ts';

function stringTest(m: StringMatch, ignoreCase = false): StringTest {
  if ('exact' in m) {
    const want = ignoreCase ? m.exact.toLowerCase() : m.exact;
    return ignoreCase ? (v) => v.toLowerCase() === want : (v) => v === want;
  }
  if ('prefix' in m) {
    const want = ignoreCase ? m.prefix.toLowerCase() : m.prefix;
    return ignoreCase ? (v) => v.toLowerCase().startsWith(want) : (v) => v.startsWith(want);
  }
  const re = fullMatchRegExp(m.regex);
  return (v) => re.test(v);
}

/** A request header's value as Envoy sees it (pseudo-headers from the request line). */
export function headerValue(req: RequestView, name: string): string | undefined {
  switch (name) {
    case ':authority':
      return req.authority;
    case ':method':
      return req.method;
    case ':scheme':
      return req.scheme;
    case ':path':
      return req.path;
    default: {
      const v = req.headers[name];
      return Array.isArray(v) ? v.join(',') : v;
    }
  }
}

type Test = CompiledRoute['matches'];

const always: Test = () => true;

function allOf(tests: readonly Test[]): Test {
  const n = tests.length;
  if (n === 0) return always;
  if (n === 1) return tests[0] as Test;
  return (r, pathOnly, q) => {
    for (let i = 0; i < n; i++) if (!(tests[i] as Test)(r, pathOnly, q)) return false;
    return true;
  };
}

function compileRoute(route: GatewayRoute): CompiledRoute {
  const m: RouteMatch = route.match;
  const tests: Test[] = [];
  const p = m.path;
  const ic = m.ignoreCase === true;
  let pathTest: Test | undefined;
  if (p && 'exact' in p) {
    const t = stringTest(p, ic);
    pathTest = (_r, pathOnly) => t(pathOnly);
  } else if (p && 'prefix' in p && p.prefix !== '/') {
    const t = stringTest(p, ic);
    pathTest = (r) => t(r.path);
  } else if (p && 'regex' in p) {
    const t = stringTest(p);
    tests.push((_r, pathOnly) => t(pathOnly));
  }
  for (const h of m.headers ?? []) {
    const name = h.name.toLowerCase();
    const invert = h.invert === true;
    if (h.match) {
      const t = stringTest(h.match);
      // Envoy: a missing header never matches a value matcher (inverted: it does).
      tests.push((r) => {
        const v = headerValue(r, name);
        return v === undefined ? invert : t(v) !== invert;
      });
    } else {
      const want = h.present !== false;
      tests.push((r) => ((headerValue(r, name) !== undefined) === want) !== invert);
    }
  }
  let needsQuery = false;
  for (const q of m.queryParams ?? []) {
    needsQuery = true;
    const name = q.name;
    if (q.match) {
      const t = stringTest(q.match);
      tests.push((_r, _p, qs) => {
        const v = qs?.get(name);
        return v !== undefined && v !== null && t(v);
      });
    } else {
      const want = q.present !== false;
      tests.push((_r, _p, qs) => (qs?.has(name) ?? false) === want);
    }
  }
  const accepts = allOf(tests);
  return {
    route,
    matches: pathTest === undefined ? accepts : allOf([pathTest, ...tests]),
    accepts,
    needsQuery,
    features: compileRouteFeatures(route),
    retry: route.action.type === 'route' ? compileRetry(route.action.retry) : undefined,
  };
}

function compileVirtualHost(vhost: VirtualHost): CompiledVirtualHost {
  return { vhost, routes: vhost.routes.map(compileRoute), index: buildRouteIndex(vhost.routes) };
}

/** Wildcard domains (sorted longest first, stably) as one map per length; the first keeps a duplicate. */
function buckets(sorted: readonly [string, CompiledVirtualHost][]): DomainBucket[] {
  const out: DomainBucket[] = [];
  for (const [domain, vh] of sorted) {
    let last = out[out.length - 1];
    if (last?.length !== domain.length) {
      last = { length: domain.length, domains: new Map() };
      out.push(last);
    }
    if (!last.domains.has(domain)) last.domains.set(domain, vh);
  }
  return out;
}

/** Compiles a route configuration. Duplicate domains: the first virtual host keeps it (Envoy rejects). */
export function compileRouteConfig(rc: RouteConfig): CompiledRouteConfig {
  const out: CompiledRouteConfig = {
    name: rc.name,
    exact: new Map(),
    suffixes: [],
    prefixes: [],
    any: undefined,
    suffixBuckets: [],
    prefixBuckets: [],
  };
  for (const vhost of rc.virtualHosts) {
    const vh = compileVirtualHost(vhost);
    for (const raw of vhost.domains) {
      const d = raw.toLowerCase();
      if (d === '*') out.any ??= vh;
      else if (d.startsWith('*')) out.suffixes.push({ suffix: d.slice(1), vh });
      else if (d.endsWith('*')) out.prefixes.push({ prefix: d.slice(0, -1), vh });
      else if (!out.exact.has(d)) out.exact.set(d, vh);
    }
  }
  // Stable sorts: equal lengths keep the configuration's order.
  out.suffixes.sort((a, b) => b.suffix.length - a.suffix.length);
  out.prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
  out.suffixBuckets = buckets(out.suffixes.map((s) => [s.suffix, s.vh]));
  out.prefixBuckets = buckets(out.prefixes.map((p) => [p.prefix, p.vh]));
  return out;
}

/** The Host header lowercased without its port ('[::1]:80' -> '[::1]'). */
export function hostWithoutPort(authority: string): string {
  let h = authority;
  if (h.startsWith('[')) {
    const close = h.indexOf(']');
    if (close > 0) h = h.slice(0, close + 1);
  } else {
    const colon = h.lastIndexOf(':');
    if (colon >= 0) h = h.slice(0, colon);
  }
  return h.toLowerCase();
}

export function selectVirtualHost(rc: CompiledRouteConfig, host: string): CompiledVirtualHost | undefined {
  const exact = rc.exact.get(host);
  if (exact) return exact;
  const n = host.length;
  for (const b of rc.suffixBuckets) {
    if (b.length >= n) continue;
    const vh = b.domains.get(host.slice(n - b.length));
    if (vh) return vh;
  }
  for (const b of rc.prefixBuckets) {
    if (b.length >= n) continue;
    const vh = b.domains.get(host.slice(0, b.length));
    if (vh) return vh;
  }
  return rc.any;
}

export function selectCompiledRoute(vh: CompiledVirtualHost, req: RequestView): CompiledRoute | undefined {
  const path = req.path;
  const q = path.indexOf('?');
  return vh.routes[selectIndexed(vh.index, vh.routes, req, path, q < 0 ? path : path.slice(0, q))];
}

/** The first matching route by a plain in-order scan (the reference the index must agree with). */
export function selectCompiledRouteByScan(
  vh: CompiledVirtualHost,
  req: RequestView,
): CompiledRoute | undefined {
  const q = req.path.indexOf('?');
  const pathOnly = q < 0 ? req.path : req.path.slice(0, q);
  let query: URLSearchParams | undefined;
  for (const r of vh.routes) {
    if (r.needsQuery && query === undefined) query = new URLSearchParams(q < 0 ? '' : req.path.slice(q + 1));
    if (r.matches(req, pathOnly, query)) return r;
  }
  return undefined;
}

export function selectRoute(vh: CompiledVirtualHost, req: RequestView): GatewayRoute | undefined {
  return selectCompiledRoute(vh, req)?.route;
}

/** RFC 3986 remove_dot_segments on the path part (Envoy normalize_path), query kept. */
export function normalizePath(path: string): string {
  const q = path.indexOf('?');
  const p = q < 0 ? path : path.slice(0, q);
  if (!p.includes('/.')) return path;
  const out: string[] = [];
  const segs = p.split('/');
  for (let i = 1; i < segs.length; i++) {
    const s = segs[i] as string;
    if (s === '.') {
      if (i === segs.length - 1) out.push('');
    } else if (s === '..') {
      out.pop();
      if (i === segs.length - 1) out.push('');
    } else out.push(s);
  }
  return `/${out.join('/')}${q < 0 ? '' : path.slice(q)}`;
}
