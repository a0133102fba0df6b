// The pure parts of Envoy's route actions: weighted cluster choice, prefix rewrite (the matched
// prefix replaced; exact and regex matches replace the whole path), and the redirect's
// Location (scheme, host, port, path or prefix rewrite; the query is kept).
import type { GatewayRoute, RouteAction, WeightedCluster } from '../../istio/model.ts';

/** Picks a cluster's index by weight; `random` in [0, 1). Weight-0 entries never win. */
export function pickWeightedIndex(clusters: readonly WeightedCluster[], random: number): number {
  if (clusters.length === 1) return 0;
  let total = 0;
  for (const c of clusters) total += c.weight;
  if (total <= 0) return 0;
  let x = Math.floor(random * total);
  for (let i = 0; i < clusters.length; i++) {
    const w = (clusters[i] as WeightedCluster).weight;
    if (x < w) return i;
    x -= w;
  }
  return clusters.length - 1;
}

/** Picks a cluster by weight; `random` in [0, 1). Weight-0 entries never win. */
export function pickWeighted(clusters: readonly WeightedCluster[], random: number): string | undefined {
  return clusters[pickWeightedIndex(clusters, random)]?.cluster;
}

/** The path after Envoy's prefix_rewrite for a route that matched `path` (query kept). */
export function rewritePath(route: GatewayRoute, path: string, rewrite: string): string {
  const q = path.indexOf('?');
  const pathOnly = q < 0 ? path : path.slice(0, q);
  const query = q < 0 ? '' : path.slice(q);
  const pm = route.match.path;
  if (pm && 'prefix' in pm) return rewrite + pathOnly.slice(pm.prefix.length) + query;
  if (pm === undefined) return rewrite + pathOnly.slice(1) + query;
  return rewrite + query;
}

function splitHostPort(authority: string): { host: string; port: string | undefined } {
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    const rest = authority.slice(close + 1);
    return { host: authority.slice(0, close + 1), port: rest.startsWith(':') ? rest.slice(1) : undefined };
  }
  const colon = authority.lastIndexOf(':');
  return colon < 0
    ? { host: authority, port: undefined }
    : { host: authority.slice(0, colon), port: authority.slice(colon + 1) };
}

const DEFAULT_PORT: Record<string, string> = { http: '80', https: '443' };

/**
 * The Location of a redirect action for a request (scheme from x-forwarded-proto, as Envoy
 * builds it). Without a host or port redirect, the request's port is kept unless the scheme
 * changes and it is the default port of the request's scheme (Envoy processRequestHost).
 */
export function redirectLocation(
  action: Extract<RouteAction, { type: 'redirect' }>,
  route: GatewayRoute,
  req: { scheme: string; authority: string; path: string },
): string {
  const scheme = action.scheme ?? req.scheme;
  let host: string;
  let port: string | undefined;
  if (action.host !== undefined) {
    ({ host, port } = splitHostPort(action.host));
    if (action.port !== undefined) port = String(action.port);
  } else {
    ({ host, port } = splitHostPort(req.authority));
    // Envoy processRequestHost: the request's port goes when a port redirect is set, or when
    // the scheme changes and it is the default port of the request's scheme (x-forwarded-proto).
    if (action.port !== undefined) port = String(action.port);
    else if (port !== undefined && scheme !== req.scheme && port === DEFAULT_PORT[req.scheme])
      port = undefined;
  }
  let path = req.path;
  if (action.path !== undefined) {
    const q = req.path.indexOf('?');
    path = action.path.includes('?') || q < 0 ? action.path : action.path + req.path.slice(q);
  } else if (action.prefixRewrite !== undefined) {
    path = rewritePath(route, req.path, action.prefixRewrite);
  }
  return `${scheme}://${host}${port === undefined ? '' : `:${port}`}${path}`;
}

export const REASON: Record<number, string> = {
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
};
