// The route action of a matched request, as Envoy's router starts it: redirect and direct
// responses as local replies; for a route, the weighted cluster (503 NC when missing), the
// path rewrite (prefix or regex, x-envoy-original-path), the upstream headers with the
// destination's and the route's request header operations (host rewrite included), the
// cluster's hash key, mirrors, then the Exchange that proxies it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pickWeightedIndex, redirectLocation, rewritePath } from './actions.ts';
import type { ClusterRuntime } from './clusters.ts';
import { Exchange, type ExchangeSetup } from './exchange.ts';
import { applyHeaderOps, type ResponseMutation } from './header-ops.ts';
import type { HandlerEnv, ListenerTable } from './handler.ts';
import { requestHash } from './hash-policy.ts';
import type { CompiledRoute, RequestView } from './match.ts';
import { reply } from './local-reply.ts';
import { bufferBody, MIRROR_BODY_LIMIT, sendMirrors } from './mirror.ts';
import type { RequestRecord } from './record.ts';
import { upstreamHeaders } from './request-headers.ts';
import { regexRewritePath } from './route-features.ts';

/** One request on its way through the filters (built once per request). */
export interface ForwardContext extends RequestView {
  env: HandlerEnv;
  table: ListenerTable;
  req: IncomingMessage;
  res: ServerResponse;
  rec: RequestRecord;
  peer: string;
  clientAddress: string;
  forwardedProto: string;
  requestId: string;
  localAddress: string;
  route: CompiledRoute | undefined;
  /** CORS response headers for an allowed CORS request. */
  cors: string[] | undefined;
}

/** Header names request header operations never touch (Envoy owns them). */
const PROTECTED: ReadonlySet<string> = new Set(['host', 'x-envoy-attempt-count']);

function mutationOf(
  ctx: ForwardContext,
  ops: ResponseMutation['ops'],
  setCookie: string | undefined,
): ResponseMutation | undefined {
  if (ops === undefined && ctx.cors === undefined && setCookie === undefined) return undefined;
  return { ops, cors: ctx.cors, setCookie };
}

function hasBody(req: IncomingMessage): boolean {
  const cl = req.headers['content-length'];
  return (cl !== undefined && cl !== '0') || req.headers['transfer-encoding'] !== undefined;
}

export function forward(ctx: ForwardContext): void {
  const { env, res, rec } = ctx;
  const cr = ctx.route as CompiledRoute;
  const route = cr.route;
  const action = route.action;
  const f = cr.features;
  if (action.type === 'redirect') {
    const location = redirectLocation(action, route, {
      scheme: ctx.forwardedProto,
      authority: ctx.authority,
      path: ctx.path,
    });
    const m = mutationOf(ctx, f?.routeResponseOps, undefined);
    reply(env, res, rec, action.code, rec.flags, 'direct_response', '', ['location', location], m);
    return;
  }
  if (action.type === 'direct') {
    const m = mutationOf(ctx, f?.routeResponseOps, undefined);
    reply(env, res, rec, action.status, rec.flags, 'direct_response', action.body ?? '', undefined, m);
    return;
  }
  const index = pickWeightedIndex(action.clusters, env.random());
  const wc = action.clusters[index];
  const cluster: ClusterRuntime | undefined = wc ? ctx.table.clusters.get(wc.cluster) : undefined;
  rec.upstreamCluster = wc?.cluster;
  if (!cluster) {
    const m = mutationOf(ctx, f?.routeResponseOps, undefined);
    reply(env, res, rec, 503, 'NC', 'cluster_not_found', '', undefined, m);
    return;
  }
  rec.dest = cluster.dest;
  let rewritten: string | undefined;
  if (action.prefixRewrite !== undefined) rewritten = rewritePath(route, ctx.path, action.prefixRewrite);
  else if (f?.regexRewrite) rewritten = regexRewritePath(ctx.path, f.regexRewrite);
  const up = upstreamHeaders({
    raw: ctx.req.rawHeaders,
    authority: action.hostRewrite ?? ctx.authority,
    peer: ctx.peer,
    clientAddress: ctx.clientAddress,
    scheme: ctx.forwardedProto,
    requestId: ctx.requestId,
    decoratorOperation: route.decoratorOperation,
    originalPath: rewritten === undefined ? undefined : ctx.path,
    timeoutMs: action.timeoutMs,
  });
  rec.forwardedFor = up.forwardedFor;
  const headers = up.headers;
  let attemptSlot = up.attemptSlot;
  const reqOps = f?.requestOps?.[index];
  if (reqOps) {
    const host = applyHeaderOps(headers, reqOps, PROTECTED);
    if (host !== undefined) headers[1] = host;
    attemptSlot = headers.indexOf('x-envoy-attempt-count') + 1;
  }
  let hash: bigint | undefined;
  let setCookie: string | undefined;
  const hp = cluster.def.hashPolicy;
  if (hp && (cluster.def.lbPolicy === 'RING_HASH' || cluster.def.lbPolicy === 'MAGLEV')) {
    const h = requestHash(hp, {
      headers: ctx.headers,
      path: ctx.path,
      clientAddress: ctx.clientAddress,
      remote: `${ctx.peer}:${ctx.req.socket.remotePort ?? 0}`,
      local: ctx.localAddress,
    });
    hash = h.hash;
    setCookie = h.setCookie;
  }
  const setup: ExchangeSetup = {
    cluster,
    path: rewritten ?? ctx.path,
    headers,
    attemptSlot,
    timeoutMs: action.timeoutMs,
    retry: cr.retry,
    mutation: mutationOf(ctx, f?.responseOps?.[index] ?? f?.routeResponseOps, setCookie),
    hash,
    body: hasBody(ctx.req) ? ctx.req : null,
  };
  const mirrors = f?.mirrors;
  if (mirrors) {
    if (setup.body === null) sendMirrorsOf(ctx, setup, null);
    else {
      bufferBody(ctx.req, MIRROR_BODY_LIMIT, (body) => {
        if (body) {
          setup.body = body;
          sendMirrorsOf(ctx, setup, body);
        }
        new Exchange(env, ctx.req, res, rec, setup).start();
      });
      return;
    }
  }
  new Exchange(env, ctx.req, res, rec, setup).start();
}

function sendMirrorsOf(ctx: ForwardContext, setup: ExchangeSetup, body: Buffer | null): void {
  const mirrors = ctx.route?.features?.mirrors;
  if (!mirrors) return;
  sendMirrors(
    mirrors,
    ctx.table.clusters,
    { method: ctx.rec.method, path: setup.path, headers: setup.headers, body, timeoutMs: setup.timeoutMs },
    ctx.env.random,
  );
}
