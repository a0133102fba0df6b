// The action of one http rule (pilot translateRoute / ApplyRedirect / ApplyDirectResponse /
// applyHTTPRouteDestination): redirect, direct response, or route to weighted clusters with
// timeout, retries, rewrites (prefix, regex, authority), mirrors; plus the route-level header
// operations, a single destination's operations appended after them.
import type { HeaderOps, MirrorPolicy, RouteAction } from '../model.ts';
import type { TranslateContext } from './context.ts';
import type { HttpRule } from './delegate.ts';
import { objectRef } from '../../resources/types.ts';
import { destinationCluster, routeDestinations } from './destinations.ts';
import { parseDurationMs } from './durations.ts';
import { percent } from './fault-cors.ts';
import { appendOps, translateHeaders } from './header-ops.ts';
import { retryPolicy } from './retries.ts';
import type { HttpRouteSpec } from './specs.ts';

export interface TranslatedAction {
  action: RouteAction;
  requestHeaders?: HeaderOps;
  responseHeaders?: HeaderOps;
}

const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

function redirect(
  ctx: TranslateContext,
  rule: HttpRule,
  r: NonNullable<HttpRouteSpec['redirect']>,
  listenPort: number,
): RouteAction {
  let code = 301;
  if (typeof r.redirectCode === 'number' && r.redirectCode !== 0) {
    // istiod drops the action of an unsupported code (Envoy then rejects the route); keep 301.
    if (REDIRECT_CODES.has(r.redirectCode)) code = r.redirectCode;
    else
      ctx.sink.add({
        code: 'GW-UNSUPPORTED',
        severity: 'warning',
        message: `redirectCode ${r.redirectCode} is not one of 301, 302, 303, 307, 308 (istiod sends no action for this route); 301 used`,
        object: objectRef(rule.owner.obj),
        field: `${rule.field}.redirect.redirectCode`,
      });
  }
  const out: RouteAction = { type: 'redirect', code };
  if (r.scheme) out.scheme = r.scheme;
  if (r.authority) out.host = r.authority;
  if (typeof r.port === 'number' && r.port > 0) out.port = r.port;
  else if (r.derivePort === 'FROM_REQUEST_PORT') {
    // Envoy cannot derive the port; istiod builds routes per server port and writes that one.
    out.derivePort = 'FROM_REQUEST_PORT';
    out.port = listenPort;
  } else if (r.derivePort === 'FROM_PROTOCOL_DEFAULT') out.derivePort = 'FROM_PROTOCOL_DEFAULT';
  if (r.uri) out.path = r.uri;
  return out;
}

function directResponse(d: NonNullable<HttpRouteSpec['directResponse']>): RouteAction {
  const out: RouteAction = { type: 'direct', status: d.status ?? 200 };
  if (typeof d.body?.string === 'string') out.body = d.body.string;
  else if (typeof d.body?.bytes === 'string') out.body = Buffer.from(d.body.bytes, 'base64').toString('utf8');
  return out;
}

/** MirrorPercent / MirrorPercentByPolicy and TranslateRequestMirrorPolicy, in order. */
function mirrors(ctx: TranslateContext, r: HttpRule, listenPort: number): MirrorPolicy[] {
  const out: MirrorPolicy[] = [];
  const http = r.rule;
  if (http.mirror) {
    let pct = 100;
    if (http.mirrorPercentage) pct = percent(http.mirrorPercentage, 0);
    else if (typeof http.mirrorPercent === 'number') pct = Math.min(100, Math.max(0, http.mirrorPercent));
    if (pct > 0) {
      const cluster = destinationCluster(
        ctx,
        r.owner,
        http.mirror,
        listenPort,
        `${r.field}.mirror`,
        'mirror host',
      );
      out.push({ cluster, percentage: pct });
    }
  }
  (http.mirrors ?? []).forEach((m, i) => {
    if (!m.destination) return;
    const pct = m.percentage ? percent(m.percentage, 0) : 100;
    if (pct <= 0) return;
    const field = `${r.field}.mirrors[${i}].destination`;
    out.push({
      cluster: destinationCluster(ctx, r.owner, m.destination, listenPort, field, 'mirror host'),
      percentage: pct,
    });
  });
  return out;
}

export function translateAction(ctx: TranslateContext, r: HttpRule, listenPort: number): TranslatedAction {
  const http = r.rule;
  const headers = translateHeaders(http.headers);
  const out: TranslatedAction = { action: { type: 'direct', status: 200 } };
  if (headers.request) out.requestHeaders = headers.request;
  if (headers.response) out.responseHeaders = headers.response;
  if (http.redirect) {
    out.action = redirect(ctx, r, http.redirect, listenPort);
    return out;
  }
  if (http.directResponse) {
    out.action = directResponse(http.directResponse);
    return out;
  }
  const dests = routeDestinations(ctx, r.owner, http.route ?? [], listenPort, `${r.field}.route`);
  const action: RouteAction = { type: 'route', clusters: dests.clusters };
  const timeout = parseDurationMs(http.timeout);
  if (timeout !== undefined && timeout > 0) action.timeoutMs = timeout;
  const retry = retryPolicy(http.retries);
  if (retry) action.retry = retry;
  const rw = http.rewrite;
  if (typeof rw?.uri === 'string' && rw.uri !== '') action.prefixRewrite = rw.uri;
  const rx = rw?.uriRegexRewrite;
  if (rx && typeof rx.match === 'string')
    action.regexRewrite = { pattern: rx.match, substitution: rx.rewrite ?? '' };
  const authority = dests.authority ?? (rw?.authority || headers.authority);
  if (authority) action.hostRewrite = authority;
  const m = mirrors(ctx, r, listenPort);
  if (m.length > 0) action.mirrors = m;
  out.action = action;
  const req = appendOps(out.requestHeaders, dests.requestHeaders);
  const resp = appendOps(out.responseHeaders, dests.responseHeaders);
  if (req) out.requestHeaders = req;
  if (resp) out.responseHeaders = resp;
  return out;
}
