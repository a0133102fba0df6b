// HTTPMatchRequest -> the model's RouteMatch (pilot route.TranslateRouteMatch): uri as path,
// headers and withoutHeaders sorted by name, then :method, :authority, :scheme; query params
// sorted by name. `{}` or regex `*` means "present".
import type { RouteMatch, StringMatch } from '../model.ts';
import type { HttpMatchSpec, IstioStringMatch } from './specs.ts';

type HeaderMatcher = NonNullable<RouteMatch['headers']>[number];
type QueryMatcher = NonNullable<RouteMatch['queryParams']>[number];

/** Header keys that name request properties with their own match fields. */
const IGNORED_HEADER_KEYS = new Set(['uri', 'scheme', 'method', 'authority']);

function toStringMatch(m: IstioStringMatch | null | undefined): StringMatch | undefined {
  if (!m) return undefined;
  if (typeof m.exact === 'string') return { exact: m.exact };
  if (typeof m.prefix === 'string') return m.prefix === '' ? undefined : { prefix: m.prefix };
  if (typeof m.regex === 'string') return m.regex === '*' ? undefined : { regex: m.regex };
  return undefined;
}

function headerMatcher(name: string, m: IstioStringMatch | null | undefined, invert: boolean): HeaderMatcher {
  const sm = toStringMatch(m);
  const out: HeaderMatcher = sm ? { name, match: sm } : { name, present: true };
  if (invert) out.invert = true;
  return out;
}

function byName<T extends { name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export function translateMatch(m: HttpMatchSpec | undefined): RouteMatch {
  const out: RouteMatch = { path: { prefix: '/' } };
  if (!m) return out;
  const headers: HeaderMatcher[] = [];
  for (const [name, sm] of Object.entries(m.headers ?? {})) {
    if (IGNORED_HEADER_KEYS.has(name)) continue;
    headers.push(headerMatcher(name, sm, false));
  }
  for (const [name, sm] of Object.entries(m.withoutHeaders ?? {})) {
    if (IGNORED_HEADER_KEYS.has(name)) continue;
    headers.push(headerMatcher(name, sm, true));
  }
  headers.sort(byName);
  if (m.uri) {
    if (typeof m.uri.exact === 'string') out.path = { exact: m.uri.exact };
    else if (typeof m.uri.prefix === 'string') out.path = { prefix: m.uri.prefix };
    else if (typeof m.uri.regex === 'string') out.path = { regex: m.uri.regex };
  }
  if (m.ignoreUriCase) out.ignoreCase = true;
  if (m.method) headers.push(headerMatcher(':method', m.method, false));
  if (m.authority) headers.push(headerMatcher(':authority', m.authority, false));
  if (m.scheme) headers.push(headerMatcher(':scheme', m.scheme, false));
  if (headers.length > 0) out.headers = headers;
  const query: QueryMatcher[] = [];
  for (const [name, sm] of Object.entries(m.queryParams ?? {})) {
    const q = toStringMatch(sm);
    query.push(q ? { name, match: q } : { name, present: true });
  }
  query.sort(byName);
  if (query.length > 0) out.queryParams = query;
  return out;
}

/** isCatchAllMatch: `prefix: /` (or regex `*`) and nothing else; rules after it are unreachable. */
export function isCatchAllMatch(m: HttpMatchSpec): boolean {
  const uriCatchAll = m.uri !== undefined && (m.uri.prefix === '/' || m.uri.regex === '*');
  const empty = (r: object | undefined): boolean => r === undefined || Object.keys(r).length === 0;
  return (
    uriCatchAll &&
    empty(m.headers) &&
    empty(m.queryParams) &&
    empty(m.withoutHeaders) &&
    empty(m.sourceLabels) &&
    (m.gateways ?? []).length === 0 &&
    m.method === undefined &&
    m.scheme === undefined &&
    m.authority === undefined &&
    (m.port ?? 0) === 0 &&
    (m.sourceNamespace ?? '') === ''
  );
}

/** isCatchAllRoute (SortVHostRoutes): a catch-all path and no header or query matchers. */
export function isCatchAllRoute(m: RouteMatch): boolean {
  const p = m.path;
  const pathCatchAll =
    p === undefined || ('prefix' in p && p.prefix === '/') || ('regex' in p && p.regex === '*');
  return pathCatchAll && (m.headers ?? []).length === 0 && (m.queryParams ?? []).length === 0;
}
