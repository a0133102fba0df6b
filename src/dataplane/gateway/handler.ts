// One downstream HTTP request on a gateway listener: Envoy's HTTP connection manager and its
// filters up to the router. HTTP/1.0 -> 426; XFF / XFP per xff_num_trusted_hops; virtual host
// by Host (port ignored); require_tls -> 301 to https unless x-forwarded-proto is https; the
// first matching route; CORS (preflights answered here); fault delay and abort; then the route
// action (forward.ts). Routes without optional features take no detour.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayModel } from '../../istio/model.ts';
import { corsDecode, corsResponseHeaders } from './cors.ts';
import { decideFault, FAULT_ABORT_BODY } from './fault.ts';
import { addFlag } from './flags.ts';
import { forwardedProto, trustedClientAddress } from './forwarded.ts';
import { forward, type ForwardContext } from './forward.ts';
import type { ResponseMutation } from './header-ops.ts';
import { reply } from './local-reply.ts';
import { hostWithoutPort, normalizePath, selectCompiledRoute, selectVirtualHost } from './match.ts';
import type { RequestRecord } from './record.ts';
import type { Destination } from './stats.ts';
import type { ExchangeEnv } from './exchange.ts';
import type { CompiledRouteConfig } from './match.ts';
import type { ClusterRuntime } from './clusters.ts';

/** What a listener routes with; replaced as a whole when a model arrives. */
export interface ListenerTable {
  routes: CompiledRouteConfig | undefined;
  clusters: ReadonlyMap<string, ClusterRuntime>;
  /** The downstream connection's scheme (TLS listeners: 'https'); default 'http'. */
  scheme?: 'http' | 'https';
}

export interface HandlerEnv extends ExchangeEnv {
  unknown: Destination;
  /** The model in force (xffNumTrustedHops). */
  readonly model?: GatewayModel | undefined;
}

function peerOf(req: IncomingMessage): string {
  const a = req.socket.remoteAddress ?? '';
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}

function headerString(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(',') : v;
}

function afterDelay(ctx: ForwardContext, abortStatus: number): void {
  if (ctx.res.destroyed || ctx.req.socket.destroyed) {
    ctx.rec.flags = addFlag(ctx.rec.flags, 'DC');
    ctx.rec.details = 'downstream_remote_disconnect';
    ctx.env.finish(ctx.rec);
    return;
  }
  afterFault(ctx, abortStatus);
}

function afterFault(ctx: ForwardContext, abortStatus: number): void {
  if (abortStatus > 0) {
    const m: ResponseMutation | undefined = ctx.cors
      ? { ops: undefined, cors: ctx.cors, setCookie: undefined }
      : undefined;
    reply(
      ctx.env,
      ctx.res,
      ctx.rec,
      abortStatus,
      addFlag(ctx.rec.flags, 'FI'),
      'fault_filter_abort',
      FAULT_ABORT_BODY,
      undefined,
      m,
    );
    return;
  }
  forward(ctx);
}

export function handleRequest(
  env: HandlerEnv,
  table: ListenerTable,
  localAddress: string,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const peer = peerOf(req);
  const authority = req.headers.host ?? '';
  const rawPath = req.url ?? '/';
  const xff = headerString(req.headers['x-forwarded-for']);
  const requestId = randomUUID();
  const rec: RequestRecord = {
    start: Date.now(),
    t0: performance.now(),
    method: req.method ?? 'GET',
    path: rawPath,
    protocol: req.httpVersion === '1.1' ? 'HTTP/1.1' : `HTTP/${req.httpVersion}`,
    code: 0,
    flags: '-',
    details: '-',
    transportFailure: undefined,
    bytesReceived: 0,
    bytesSent: 0,
    durationMs: 0,
    serviceTimeMs: undefined,
    forwardedFor: xff === undefined ? peer : `${xff},${peer}`,
    userAgent: headerString(req.headers['user-agent']),
    requestId,
    authority,
    upstreamHost: undefined,
    upstreamCluster: undefined,
    upstreamLocal: undefined,
    downstreamLocal: localAddress,
    downstreamRemote: `${peer}:${req.socket.remotePort ?? 0}`,
    routeName: undefined,
    dest: env.unknown,
  };
  if (req.httpVersionMajor === 1 && req.httpVersionMinor === 0) {
    reply(env, res, rec, 426, '-', 'low_version', '', ['connection', 'close']);
    return;
  }
  const hops = env.model?.xffNumTrustedHops ?? 0;
  const scheme = table.scheme ?? 'http';
  const clientAddress = hops > 0 ? trustedClientAddress(xff, peer, hops) : peer;
  if (clientAddress !== peer) rec.downstreamRemote = `${clientAddress}:0`;
  const xfp =
    hops > 0 ? forwardedProto(headerString(req.headers['x-forwarded-proto']), scheme, hops) : scheme;
  const path = normalizePath(rawPath);
  const ctx: ForwardContext = {
    host: hostWithoutPort(authority),
    authority,
    method: rec.method,
    scheme,
    path,
    headers: req.headers,
    env,
    table,
    req,
    res,
    rec,
    peer,
    clientAddress,
    forwardedProto: xfp,
    requestId,
    localAddress,
    route: undefined,
    cors: undefined,
  };
  const vh = table.routes ? selectVirtualHost(table.routes, ctx.host) : undefined;
  if (!vh) {
    reply(env, res, rec, 404, 'NR', 'route_not_found');
    return;
  }
  if (vh.vhost.requireTls && xfp !== 'https') {
    reply(env, res, rec, 301, '-', 'direct_response', '', ['location', `https://${authority}${path}`]);
    return;
  }
  const cr = selectCompiledRoute(vh, ctx);
  if (!cr) {
    reply(env, res, rec, 404, 'NR', 'route_not_found');
    return;
  }
  ctx.route = cr;
  rec.routeName = cr.route.name === '' ? undefined : cr.route.name;
  const f = cr.features;
  if (f === undefined) {
    forward(ctx);
    return;
  }
  if (f.cors) {
    const d = corsDecode(f.cors, rec.method, req.headers);
    if (d.kind === 'preflight') {
      reply(env, res, rec, 200, '-', 'cors_response', '', d.headers);
      return;
    }
    if (d.kind === 'ignore') {
      reply(env, res, rec, 200, '-', 'cors_response');
      return;
    }
    if (d.kind === 'cors') ctx.cors = corsResponseHeaders(f.cors, d.origin);
  }
  if (f.fault) {
    const d = decideFault(f.fault, env.random);
    if (d.delayMs > 0) {
      rec.flags = addFlag(rec.flags, 'DI');
      setTimeout(afterDelay, d.delayMs, ctx, d.abortStatus);
      return;
    }
    afterFault(ctx, d.abortStatus);
    return;
  }
  forward(ctx);
}
