// One VirtualService's `http` rules -> gateway routes (pilot BuildHTTPRoutesForVirtualService):
// delegates merged in, one route per match entry, matches on another port or gateway skipped,
// nothing after the first catch-all; the action, header operations, fault and CORS of the
// rule; decorator operation `<fqdn>:<cluster port><path>` or `<vs>:<server port><path>`.
import type { GatewayRoute, RouteAction, RouteMatch } from '../model.ts';
import type { PreparedVs, TranslateContext } from './context.ts';
import type { HttpRule } from './delegate.ts';
import { effectiveHttpRules } from './delegate.ts';
import { parseSubsetKey } from './destinations.ts';
import { translateCors, translateFault } from './fault-cors.ts';
import { resolveGatewayName } from './hosts.ts';
import { isCatchAllMatch, translateMatch } from './match.ts';
import { translateAction } from './route-action.ts';
import type { HttpMatchSpec } from './specs.ts';
import { labelsMatch } from './specs.ts';

export { DEFAULT_RETRY_ON, retryPolicy } from './retries.ts';

/** GetRouteOperation: `<host>:<port><path>` of a single cluster, else `<vs>:<server port><path>`. */
function operation(match: RouteMatch, action: RouteAction, vsName: string, port: number): string {
  let path = '/*';
  const p = match.path;
  if (p && 'prefix' in p) path = `${p.prefix}*`;
  else if (p && 'exact' in p) path = p.exact;
  else if (p && 'regex' in p) path = p.regex;
  const key =
    action.type === 'route' && action.clusters.length === 1
      ? parseSubsetKey(action.clusters[0]!.cluster)
      : undefined;
  return key ? `${key.host}:${key.port}${path}` : `${vsName}:${port}${path}`;
}

/** sourceMatchHTTP plus the port check: does this match entry apply to this gateway server? */
function matchApplies(
  ctx: TranslateContext,
  r: HttpRule,
  m: HttpMatchSpec,
  listenPort: number,
  gatewayKey: string,
): boolean {
  if (m.port !== undefined && m.port !== 0 && m.port !== listenPort) return false;
  if (
    m.gateways &&
    m.gateways.length > 0 &&
    !m.gateways.some((g) => resolveGatewayName(g, r.owner.namespace) === gatewayKey)
  )
    return false;
  if (m.sourceLabels && !labelsMatch(m.sourceLabels, ctx.proxy.labels)) return false;
  if (m.sourceNamespace && m.sourceNamespace !== ctx.proxy.namespace) return false;
  return true;
}

function translateRoute(
  ctx: TranslateContext,
  root: PreparedVs,
  r: HttpRule,
  m: HttpMatchSpec | undefined,
  listenPort: number,
): GatewayRoute {
  const http = r.rule;
  const match = translateMatch(m);
  const t = translateAction(ctx, r, listenPort);
  let name = http.name ?? '';
  if (m?.name) name = `${name}.${m.name}`;
  const out: GatewayRoute = {
    name,
    match,
    action: t.action,
    virtualService: { name: root.name, namespace: root.namespace },
    decoratorOperation: operation(match, t.action, root.name, listenPort),
  };
  if (t.requestHeaders) out.requestHeaders = t.requestHeaders;
  if (t.responseHeaders) out.responseHeaders = t.responseHeaders;
  const fault = translateFault(http.fault);
  if (fault) out.fault = fault;
  const cors = translateCors(http.corsPolicy);
  if (cors) out.cors = cors;
  return out;
}

/** The routes of `vs` for a server on `listenPort` of `gatewayKey`; [] when none apply. */
export function buildHttpRoutes(
  ctx: TranslateContext,
  vs: PreparedVs,
  listenPort: number,
  gatewayKey: string,
): GatewayRoute[] {
  const out: GatewayRoute[] = [];
  for (const r of effectiveHttpRules(ctx, vs)) {
    let catchAll = false;
    const matches = r.rule.match ?? [];
    if (matches.length === 0) {
      out.push(translateRoute(ctx, vs, r, undefined, listenPort));
      catchAll = true;
    } else {
      for (const m of matches) {
        if (!matchApplies(ctx, r, m, listenPort, gatewayKey)) continue;
        out.push(translateRoute(ctx, vs, r, m, listenPort));
        if (isCatchAllMatch(m)) {
          catchAll = true;
          break;
        }
      }
    }
    if (catchAll) break;
  }
  return out;
}
