// One downstream HTTP request on a gateway listener: Envoy's HTTP connection manager and
// router up to the upstream exchange. HTTP/1.0 -> 426; virtual host by Host (port ignored);
// require_tls -> 301 to https; first matching route; redirect and direct responses as local
// replies; a weighted cluster; a missing cluster -> 503 NC; otherwise the Exchange proxies.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteAction } from '../../istio/model.ts';
import { pickWeighted, redirectLocation, rewritePath } from './actions.ts';
import type { ClusterRuntime } from './clusters.ts';
import { Exchange, type ExchangeEnv } from './exchange.ts';
import { writeLocalReply } from './local-reply.ts';
import {
  hostWithoutPort,
  normalizePath,
  selectRoute,
  selectVirtualHost,
  type CompiledRouteConfig,
  type RequestView,
} from './match.ts';
import type { RequestRecord } from './record.ts';
import type { Destination } from './stats.ts';
import { upstreamHeaders } from './request-headers.ts';

/** What a listener routes with; replaced as a whole when a model arrives. */
export interface ListenerTable {
  routes: CompiledRouteConfig | undefined;
  clusters: ReadonlyMap<string, ClusterRuntime>;
}

export interface HandlerEnv extends ExchangeEnv {
  unknown: Destination;
}

function peerOf(req: IncomingMessage): string {
  const a = req.socket.remoteAddress ?? '';
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}

function headerString(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(',') : v;
}

function reply(
  env: HandlerEnv,
  res: ServerResponse,
  rec: RequestRecord,
  status: number,
  flags: string,
  details: string,
  body = '',
  extra?: string[],
): void {
  rec.code = status;
  rec.flags = flags;
  rec.details = details;
  rec.bytesSent = writeLocalReply(res, status, body, extra);
  env.finish(rec);
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
    protocol: `HTTP/${req.httpVersion}`,
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
  const path = normalizePath(rawPath);
  const view: RequestView = {
    host: hostWithoutPort(authority),
    authority,
    method: rec.method,
    scheme: 'http',
    path,
    headers: req.headers,
  };
  const vh = table.routes ? selectVirtualHost(table.routes, view.host) : undefined;
  if (!vh) {
    reply(env, res, rec, 404, 'NR', 'route_not_found');
    return;
  }
  if (vh.vhost.requireTls) {
    reply(env, res, rec, 301, '-', 'direct_response', '', ['location', `https://${authority}${path}`]);
    return;
  }
  const route = selectRoute(vh, view);
  if (!route) {
    reply(env, res, rec, 404, 'NR', 'route_not_found');
    return;
  }
  rec.routeName = route.name === '' ? undefined : route.name;
  const action: RouteAction = route.action;
  if (action.type === 'redirect') {
    const location = redirectLocation(action, route, view);
    reply(env, res, rec, action.code, '-', 'direct_response', '', ['location', location]);
    return;
  }
  if (action.type === 'direct') {
    reply(env, res, rec, action.status, '-', 'direct_response', action.body ?? '');
    return;
  }
  const name = pickWeighted(action.clusters, env.random());
  const cluster = name === undefined ? undefined : table.clusters.get(name);
  rec.upstreamCluster = name;
  if (!cluster) {
    reply(env, res, rec, 503, 'NC', 'cluster_not_found');
    return;
  }
  rec.dest = cluster.dest;
  const rewritten =
    action.prefixRewrite === undefined ? undefined : rewritePath(route, path, action.prefixRewrite);
  const headers = upstreamHeaders({
    raw: req.rawHeaders,
    authority: action.hostRewrite ?? authority,
    peer,
    scheme: 'http',
    requestId,
    decoratorOperation: route.decoratorOperation,
    originalPath: rewritten === undefined ? undefined : path,
    timeoutMs: action.timeoutMs,
  });
  rec.forwardedFor = headers.forwardedFor;
  new Exchange(env, req, res, rec, cluster, action, rewritten ?? path, headers).start();
}
