// One VirtualService's `http` rules -> gateway routes (pilot BuildHTTPRoutesForVirtualService):
// one route per match entry, matches on another port or gateway skipped, nothing after the
// first catch-all; redirect, directResponse or a weighted route with rewrite, timeout and
// Istio's retry policy; decorator operation `<fqdn>:<port><path>`.
import type { GatewayRoute, RouteAction, RouteMatch } from '../model.ts';
import type { PreparedVs, TranslateContext } from './context.ts';
import { subsetKeyHost, weightedClusters } from './destinations.ts';
import { resolveGatewayName } from './hosts.ts';
import { isCatchAllMatch, translateMatch } from './match.ts';
import { parseDurationMs } from './durations.ts';
import type { HttpMatchSpec, HttpRouteSpec } from './specs.ts';
import { labelsMatch } from './specs.ts';

type RetryPolicy = NonNullable<Extract<RouteAction, { type: 'route' }>['retry']>;

export const DEFAULT_RETRY_ON = 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes';

/** retry.ConvertPolicy: absent -> Istio's default (2 attempts); attempts <= 0 -> none. */
export function retryPolicy(r: HttpRouteSpec['retries']): RetryPolicy | undefined {
  if (!r) return { attempts: 2, retryOn: DEFAULT_RETRY_ON };
  if ((r.attempts ?? 0) <= 0) return undefined;
  const out: RetryPolicy = { attempts: r.attempts!, retryOn: DEFAULT_RETRY_ON };
  if (r.retryOn) {
    const names: string[] = [];
    const codes: number[] = [];
    for (const part of r.retryOn.split(',')) {
      const p = part.trim();
      if (p === '') continue;
      if (/^\d+$/.test(p)) codes.push(Number(p));
      else names.push(p);
    }
    out.retryOn = names.join(',');
    if (codes.length > 0) {
      out.retriableStatusCodes = codes;
      if (!out.retryOn.includes('retriable-status-codes'))
        out.retryOn = out.retryOn === '' ? 'retriable-status-codes' : `${out.retryOn},retriable-status-codes`;
    }
  }
  const perTry = parseDurationMs(r.perTryTimeout);
  if (perTry !== undefined && perTry > 0) out.perTryTimeoutMs = perTry;
  return out;
}

/** GetRouteOperation: `<fqdn>:<port><path>` for one destination, `<vs>:<port><path>` otherwise. */
function operation(match: RouteMatch, action: RouteAction, vsName: string, port: number): string {
  let path = '/*';
  const p = match.path;
  if (p && 'prefix' in p) path = `${p.prefix}*`;
  else if (p && 'exact' in p) path = p.exact;
  else if (p && 'regex' in p) path = p.regex;
  const host =
    action.type === 'route' && action.clusters.length === 1
      ? subsetKeyHost(action.clusters[0]!.cluster)
      : undefined;
  return `${host ?? vsName}:${port}${path}`;
}

function redirectCode(code: number | undefined): number {
  return code === 302 || code === 303 || code === 307 || code === 308 ? code : 301;
}

function action(
  ctx: TranslateContext,
  vs: PreparedVs,
  http: HttpRouteSpec,
  listenPort: number,
  field: string,
): RouteAction {
  if (http.redirect) {
    const r = http.redirect;
    const out: RouteAction = { type: 'redirect', code: redirectCode(r.redirectCode) };
    if (r.scheme) out.scheme = r.scheme;
    if (r.authority) out.host = r.authority;
    if (typeof r.port === 'number') out.port = r.port;
    else if (r.derivePort === 'FROM_REQUEST_PORT') out.port = listenPort;
    if (r.uri) out.path = r.uri;
    return out;
  }
  if (http.directResponse) {
    const d = http.directResponse;
    const out: RouteAction = { type: 'direct', status: d.status ?? 200 };
    if (typeof d.body?.string === 'string') out.body = d.body.string;
    else if (typeof d.body?.bytes === 'string')
      out.body = Buffer.from(d.body.bytes, 'base64').toString('utf8');
    return out;
  }
  const out: RouteAction = {
    type: 'route',
    clusters: weightedClusters(ctx, vs, http.route ?? [], listenPort, `${field}.route`),
  };
  const timeout = parseDurationMs(http.timeout);
  if (timeout !== undefined && timeout > 0) out.timeoutMs = timeout;
  const retry = retryPolicy(http.retries);
  if (retry) out.retry = retry;
  if (typeof http.rewrite?.uri === 'string') out.prefixRewrite = http.rewrite.uri;
  if (http.rewrite?.authority) out.hostRewrite = http.rewrite.authority;
  return out;
}

/** sourceMatchHTTP plus the port check: does this match entry apply to this gateway server? */
function matchApplies(
  ctx: TranslateContext,
  vs: PreparedVs,
  m: HttpMatchSpec,
  listenPort: number,
  gatewayKey: string,
): boolean {
  if (m.port !== undefined && m.port !== 0 && m.port !== listenPort) return false;
  if (
    m.gateways &&
    m.gateways.length > 0 &&
    !m.gateways.some((g) => resolveGatewayName(g, vs.namespace) === gatewayKey)
  )
    return false;
  if (m.sourceLabels && !labelsMatch(m.sourceLabels, ctx.proxy.labels)) return false;
  if (m.sourceNamespace && m.sourceNamespace !== ctx.proxy.namespace) return false;
  return true;
}

function translateRoute(
  ctx: TranslateContext,
  vs: PreparedVs,
  http: HttpRouteSpec,
  m: HttpMatchSpec | undefined,
  listenPort: number,
  field: string,
): GatewayRoute {
  const match = translateMatch(m);
  const act = action(ctx, vs, http, listenPort, field);
  let name = http.name ?? '';
  if (m?.name) name = `${name}.${m.name}`;
  return {
    name,
    match,
    action: act,
    virtualService: { name: vs.name, namespace: vs.namespace },
    decoratorOperation: operation(match, act, vs.name, listenPort),
  };
}

/** The routes of `vs` for a server on `listenPort` of `gatewayKey`; [] when none apply. */
export function buildHttpRoutes(
  ctx: TranslateContext,
  vs: PreparedVs,
  listenPort: number,
  gatewayKey: string,
): GatewayRoute[] {
  const out: GatewayRoute[] = [];
  const rules = vs.spec.http ?? [];
  for (let i = 0; i < rules.length; i++) {
    const http = rules[i]!;
    const field = `spec.http[${i}]`;
    let catchAll = false;
    const matches = http.match ?? [];
    if (matches.length === 0) {
      out.push(translateRoute(ctx, vs, http, undefined, listenPort, field));
      catchAll = true;
    } else {
      for (const m of matches) {
        if (!matchApplies(ctx, vs, m, listenPort, gatewayKey)) continue;
        out.push(translateRoute(ctx, vs, http, m, listenPort, field));
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
