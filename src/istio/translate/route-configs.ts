// HTTP route configurations (istiod buildGatewayHTTPRouteConfig): one virtual host per host in
// (server hosts x VirtualService hosts), named `<host>:<server port>`, routes of several
// VirtualServices concatenated in creation order with catch-alls last; no host bound ->
// `blackhole:<port>` with no routes (404 NR). Virtual hosts sorted by name.
import type { GatewayRoute, RouteConfig, VirtualHost } from '../model.ts';
import type { PreparedVs, TranslateContext } from './context.ts';
import { virtualServicesForGateway } from './context.ts';
import { intersectHosts, namesForNamespace, stripNamespace } from './hosts.ts';
import { buildHttpRoutes } from './http-routes.ts';
import { isCatchAllRoute } from './match.ts';
import type { BoundServer } from './servers.ts';

/** gatewayRDSRouteName for a plain HTTP port. */
export function httpRouteName(port: number, bind: string): string {
  return `http.${port}${bind ? `.${bind}` : ''}`;
}

/** gatewayRDSRouteName for a terminated HTTPS server. */
export function httpsRouteName(s: BoundServer): string {
  const bind = s.server.bind ? `.${s.server.bind}` : '';
  return `https.${s.portNumber}.${s.portName}.${s.gatewayName}.${s.gatewayNamespace}${bind}`;
}

/** SortVHostRoutes: catch-all routes moved to the end, the rest in order. */
function sortVHostRoutes(routes: readonly GatewayRoute[]): GatewayRoute[] {
  const rest: GatewayRoute[] = [];
  const catchAll: GatewayRoute[] = [];
  for (const r of routes) (isCatchAllRoute(r.match) ? catchAll : rest).push(r);
  return [...rest, ...catchAll];
}

interface RouteCache {
  virtualServices(gatewayKey: string): PreparedVs[];
  routes(gatewayKey: string, vs: PreparedVs, port: number): GatewayRoute[];
}

/** VirtualServices per gateway and routes per (gateway, VirtualService), cached as istiod does
 * within one route config (so the first server's port shapes a VirtualService's routes). */
function routeCache(ctx: TranslateContext): RouteCache {
  const byGateway = new Map<string, PreparedVs[]>();
  const byVs = new Map<string, GatewayRoute[]>();
  return {
    virtualServices(gatewayKey) {
      let v = byGateway.get(gatewayKey);
      if (!v) {
        v = virtualServicesForGateway(ctx, gatewayKey);
        byGateway.set(gatewayKey, v);
      }
      return v;
    },
    routes(gatewayKey, vs, port) {
      const key = `${gatewayKey}\0${vs.namespace}/${vs.name}`;
      let r = byVs.get(key);
      if (!r) {
        r = buildHttpRoutes(ctx, vs, port, gatewayKey);
        byVs.set(key, r);
      }
      return r;
    },
  };
}

export function buildRouteConfig(
  ctx: TranslateContext,
  name: string,
  servers: readonly BoundServer[],
): RouteConfig {
  const cache = routeCache(ctx);
  const vhosts = new Map<string, VirtualHost>();
  for (const s of servers) {
    const redirect = s.server.tls?.httpsRedirect === true;
    for (const vs of cache.virtualServices(s.gatewayKey)) {
      const hosts = intersectHosts(namesForNamespace(s.hosts, vs.namespace), vs.hosts);
      if (hosts.length === 0) continue;
      const routes = cache.routes(s.gatewayKey, vs, s.portNumber);
      if (routes.length === 0) continue; // "no routes matched": the VirtualService is omitted
      for (const h of hosts) {
        const host = h.toLowerCase();
        const existing = vhosts.get(host);
        if (existing) {
          existing.routes.push(...routes);
          if (redirect) existing.requireTls = true;
        } else {
          const vh: VirtualHost = { name: `${host}:${s.portNumber}`, domains: [host], routes: [...routes] };
          if (redirect) vh.requireTls = true;
          vhosts.set(host, vh);
        }
      }
    }
    if (!redirect) continue;
    for (const h of s.hosts) {
      const host = stripNamespace(h).toLowerCase();
      const existing = vhosts.get(host);
      if (existing) existing.requireTls = true;
      else
        vhosts.set(host, { name: `${host}:${s.portNumber}`, domains: [host], routes: [], requireTls: true });
    }
  }
  if (vhosts.size === 0) {
    const port = servers[0]?.portNumber ?? 0;
    return { name, virtualHosts: [{ name: `blackhole:${port}`, domains: ['*'], routes: [] }] };
  }
  const virtualHosts = [...vhosts.values()]
    .map((vh) => ({ ...vh, routes: sortVHostRoutes(vh.routes) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { name, virtualHosts };
}
