// The path index of one virtual host's route list, built once per model: exact paths and
// literal prefixes in key tables (lower-cased ones for ignoreCase routes), and the routes the
// index cannot narrow (regex paths, prefix '/' or no path) in an always-checked list. Indices
// are ascending everywhere, so first-match-wins is "the smallest candidate index whose other
// matchers (headers, query, regex) accept the request"; routes with none are accepted unseen.
import type { GatewayRoute } from '../../istio/model.ts';
import {
  addKey,
  addPrefix,
  collectPrefixHits,
  keyHits,
  newKeyTable,
  newPrefixTable,
  type Hits,
  type KeyTable,
  type PrefixTable,
} from './match-table.ts';

export interface RouteIndex {
  exact: KeyTable;
  exactIgnoreCase: KeyTable | undefined;
  prefixes: PrefixTable;
  prefixesIgnoreCase: PrefixTable | undefined;
  always: number[];
  /** 1 where the path index alone decides (no header/query/regex matcher left to run). */
  pathOnly: Uint8Array;
}

/** What selection needs of a compiled route. */
export interface IndexedRoute<Q> {
  needsQuery: boolean;
  accepts(req: Q, pathOnly: string, query: URLSearchParams | undefined): boolean;
}

/** How a route's path matcher is indexed. Prefix '/' (or no path) matches every path. */
type PathKey = { kind: 'exact' | 'prefix'; value: string; ignoreCase: boolean } | { kind: 'always' };

function pathKey(route: GatewayRoute): PathKey {
  const p = route.match.path;
  const ignoreCase = route.match.ignoreCase === true;
  if (p && 'exact' in p)
    return { kind: 'exact', value: ignoreCase ? p.exact.toLowerCase() : p.exact, ignoreCase };
  if (p && 'prefix' in p && p.prefix !== '/')
    return { kind: 'prefix', value: ignoreCase ? p.prefix.toLowerCase() : p.prefix, ignoreCase };
  return { kind: 'always' };
}

function hasOtherMatchers(route: GatewayRoute): boolean {
  const m = route.match;
  return (m.headers?.length ?? 0) > 0 || (m.queryParams?.length ?? 0) > 0;
}

export function buildRouteIndex(routes: readonly GatewayRoute[]): RouteIndex {
  const index: RouteIndex = {
    exact: newKeyTable(),
    exactIgnoreCase: undefined,
    prefixes: newPrefixTable(),
    prefixesIgnoreCase: undefined,
    always: [],
    pathOnly: new Uint8Array(routes.length),
  };
  routes.forEach((route, i) => {
    const k = pathKey(route);
    if (k.kind === 'always') {
      index.always.push(i);
      return;
    }
    if (!hasOtherMatchers(route)) index.pathOnly[i] = 1;
    if (k.kind === 'exact')
      addKey(k.ignoreCase ? (index.exactIgnoreCase ??= newKeyTable()) : index.exact, k.value, i);
    else
      addPrefix(k.ignoreCase ? (index.prefixesIgnoreCase ??= newPrefixTable()) : index.prefixes, k.value, i);
  });
  return index;
}

// Per-selection state (selection is synchronous, so module scope serves every call).
const NONE: readonly IndexedRoute<never>[] = [];
let routes: readonly IndexedRoute<never>[] = NONE;
let pathOnlyFlags: Uint8Array = new Uint8Array(0);
let request: unknown;
let fullPath = '';
let pathNoQuery = '';
let query: URLSearchParams | undefined;

function accepted(i: number): boolean {
  if (pathOnlyFlags[i] === 1) return true;
  const r = routes[i] as IndexedRoute<unknown>;
  if (r.needsQuery && query === undefined) {
    const q = fullPath.indexOf('?');
    query = new URLSearchParams(q < 0 ? '' : fullPath.slice(q + 1));
  }
  return r.accepts(request, pathNoQuery, query);
}

/** The smallest accepted index of `hits` below `best`, else `best`. */
function scan(hits: Hits, best: number): number {
  if (typeof hits === 'number') return hits < best && accepted(hits) ? hits : best;
  for (const i of hits) {
    if (i >= best) break;
    if (accepted(i)) return i;
  }
  return best;
}

const prefixHits: Hits[] = [];

function scanPrefixes(table: PrefixTable, path: string, best: number): number {
  const found = prefixHits;
  const n = collectPrefixHits(table, path, found);
  for (let k = 0; k < n; k++) best = scan(found[k] as Hits, best);
  return best;
}

/**
 * The index of the first route accepting the request, or `list.length` when none: exact
 * paths see the path without its query, prefixes the whole path (as Envoy's do).
 */
export function selectIndexed<Q>(
  index: RouteIndex,
  list: readonly IndexedRoute<Q>[],
  req: Q,
  path: string,
  pathOnly: string,
): number {
  routes = list;
  pathOnlyFlags = index.pathOnly;
  request = req;
  fullPath = path;
  pathNoQuery = pathOnly;
  query = undefined;
  let best = list.length;
  const exact = keyHits(index.exact, pathOnly);
  if (exact !== undefined) best = scan(exact, best);
  if (index.exactIgnoreCase !== undefined) {
    const hits = keyHits(index.exactIgnoreCase, pathOnly.toLowerCase());
    if (hits !== undefined) best = scan(hits, best);
  }
  if (index.prefixes.lengths.length > 0) best = scanPrefixes(index.prefixes, path, best);
  if (index.prefixesIgnoreCase !== undefined)
    best = scanPrefixes(index.prefixesIgnoreCase, path.toLowerCase(), best);
  if (index.always.length > 0) best = scan(index.always, best);
  routes = NONE;
  request = undefined;
  query = undefined;
  return best;
}
