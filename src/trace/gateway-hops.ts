// The gateway half of a trace, with the gateway data plane's own matchers
// (dataplane/gateway/match.ts, sni-match.ts): the pod's listener on the targetPort, its route
// config, the virtual host by Host (blackhole: 404), the first matching route (which
// VirtualService), the cluster and its endpoints (none ready: 503 UH).
import type { IncomingHttpHeaders } from 'node:http';
import type { AlbListener, TargetGroup } from '../alb/model.ts';
import { ALB_SERVER } from '../dataplane/alb/responses.ts';
import { forwardedProto } from '../dataplane/gateway/forwarded.ts';
import {
  compileRouteConfig,
  hostWithoutPort,
  normalizePath,
  selectCompiledRoute,
  selectVirtualHost,
  type RequestView,
} from '../dataplane/gateway/match.ts';
import { compileSni } from '../dataplane/gateway/sni-match.ts';
import type { FilterChain, GatewayModel, RouteMatch } from '../istio/model.ts';
import { ENVOY, traceRoute } from './route-hops.ts';
import type { BackendOutcome } from './backend-hops.ts';
import type { ParsedRequest, TraceState } from './request.ts';
import { addHop } from './request.ts';
import type { TraceInput } from './types.ts';

/** The headers the gateway sees: the client's plus what the ALB adds. */
function gatewayHeaders(req: ParsedRequest, listener: AlbListener): IncomingHttpHeaders {
  const h: IncomingHttpHeaders = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
    h[req.rawHeaders[i]!.toLowerCase()] = req.rawHeaders[i + 1]!;
  h['x-forwarded-for'] = '127.0.0.1';
  h['x-forwarded-proto'] = listener.protocol.toLowerCase();
  h['x-forwarded-port'] = String(listener.port);
  return h;
}

function matchText(m: RouteMatch): string {
  const parts: string[] = [];
  const p = m.path;
  parts.push(
    !p
      ? 'prefix /'
      : 'exact' in p
        ? `exact ${p.exact}`
        : 'prefix' in p
          ? `prefix ${p.prefix}`
          : `regex ${p.regex}`,
  );
  for (const h of m.headers ?? []) parts.push(`header ${h.name}`);
  for (const q of m.queryParams ?? []) parts.push(`query ${q.name}`);
  return parts.join(' AND ');
}

function gatewayFix(b: BackendOutcome, host: string): string {
  const sel = Object.entries(b.selector)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  return `apply a Gateway with selector {${sel}} and a server {port: {number: ${b.servicePort}, protocol: HTTP}, hosts: ["${host}"]} (Service port ${b.servicePort} -> pod port ${b.podPort})`;
}

function chainFor(
  model: GatewayModel,
  b: BackendOutcome,
  tg: TargetGroup,
  host: string,
  st: TraceState,
): FilterChain | undefined {
  const listener = model.listeners.find((l) => l.port === b.podPort);
  const ports = model.listeners.map((l) => String(l.port)).join(', ');
  const pod = `${b.pod.proxy.namespace}/${b.pod.proxy.name}`;
  if (!listener) {
    addHop(st, {
      hop: 'gateway-listener',
      verdict: 'fail',
      name: `0.0.0.0_${b.podPort}`,
      detail: `pod ${pod} has no listener on ${b.podPort} (listeners: ${ports}): the ALB's connection to the target is refused`,
      status: 502,
      server: ALB_SERVER,
      fix: gatewayFix(b, host),
    });
    return undefined;
  }
  const wantTls = tg.protocol === 'HTTPS';
  const isTls = listener.protocol === 'HTTPS' || listener.protocol === 'TLS';
  if (listener.protocol === 'TCP' || wantTls !== isTls) {
    addHop(st, {
      hop: 'gateway-listener',
      verdict: 'fail',
      name: listener.name,
      detail: `the listener speaks ${listener.protocol}, the target group sends ${tg.protocol}`,
      status: 502,
      server: ALB_SERVER,
      fix: wantTls
        ? 'set alb.ingress.kubernetes.io/backend-protocol: HTTP or a TLS Gateway server'
        : `make the Gateway server on port ${b.servicePort} protocol HTTP, or set alb.ingress.kubernetes.io/backend-protocol: HTTPS`,
    });
    return undefined;
  }
  // The ALB sends no SNI to its targets: the chain without server names, as Envoy picks it.
  const chain = compileSni(listener.filterChains.map((c) => ({ serverNames: c.serverNames, value: c })))(
    undefined,
  );
  if (!chain) {
    addHop(st, {
      hop: 'gateway-listener',
      verdict: 'fail',
      name: listener.name,
      detail: 'no filter chain accepts a connection without SNI: Envoy resets it',
      status: 502,
      server: ALB_SERVER,
      fix: 'add a Gateway server with hosts ["*"] on this port, or use HTTP between the ALB and the gateway',
    });
    return undefined;
  }
  addHop(st, {
    hop: 'gateway-listener',
    verdict: 'ok',
    name: listener.name,
    detail: `${listener.protocol} on pod ${pod}`,
  });
  return chain;
}

export function traceGateway(
  input: TraceInput,
  req: ParsedRequest,
  albListener: AlbListener,
  tg: TargetGroup,
  b: BackendOutcome,
  st: TraceState,
): void {
  const model = b.pod.model;
  if (!model) {
    addHop(st, {
      hop: 'gateway-listener',
      verdict: 'fail',
      name: `0.0.0.0_${b.podPort}`,
      detail: 'istiod has pushed no configuration to the pod yet: only the bootstrap listeners answer',
      status: 502,
      server: ALB_SERVER,
      fix: 'wait for istiod (gangway status), or check the gateway pod logs',
    });
    return;
  }
  const host = hostWithoutPort(req.authority);
  const chain = chainFor(model, b, tg, host, st);
  if (!chain) return;
  if (chain.inlineRoutes) {
    const hit = chain.inlineRoutes.find((r) => req.path.startsWith(r.prefix));
    addHop(st, {
      hop: 'route',
      verdict: hit ? 'ok' : 'fail',
      name: hit ? `inline ${hit.prefix}` : 'none',
      detail: hit
        ? `answered by the proxy (${hit.target})`
        : 'a bootstrap listener: only its inline routes answer',
      status: hit ? 200 : 404,
      server: ENVOY,
      ...(hit
        ? {}
        : { fix: 'point the target group at the gateway traffic port (http2), not the status port' }),
    });
    return;
  }
  const rcName = chain.routeConfigName ?? '';
  const rc = model.routeConfigs.find((r) => r.name === rcName);
  if (!rc) {
    addHop(st, {
      hop: 'route-config',
      verdict: 'fail',
      name: rcName || 'none',
      detail: 'the listener names a route configuration the proxy does not have (route_not_found)',
      status: 404,
      server: ENVOY,
      fix: gatewayFix(b, host),
    });
    return;
  }
  addHop(st, {
    hop: 'route-config',
    verdict: 'ok',
    name: rc.name,
    detail: `${rc.virtualHosts.length} virtual host(s)`,
  });
  const compiled = compileRouteConfig(rc);
  const vh = selectVirtualHost(compiled, host);
  if (!vh || vh.vhost.name.startsWith('blackhole:')) {
    addHop(st, {
      hop: 'virtual-host',
      verdict: 'fail',
      name: vh ? vh.vhost.name : 'none',
      detail: `no VirtualService binds host ${host} to this gateway port${vh ? ' (only the blackhole virtual host: 404 NR)' : ''}`,
      status: 404,
      server: ENVOY,
      fix: `apply a VirtualService with hosts: ["${host}"] and gateways: [<the Gateway selecting ${b.pod.proxy.namespace}/${b.pod.proxy.name}>], and a Gateway server accepting ${host}`,
    });
    return;
  }
  const headers = gatewayHeaders(req, albListener);
  const xfp = forwardedProto(headers['x-forwarded-proto'] as string, 'http', model.xffNumTrustedHops ?? 0);
  if (vh.vhost.requireTls === true && xfp !== 'https') {
    const loop = albListener.protocol === 'HTTPS';
    addHop(st, {
      hop: 'virtual-host',
      verdict: loop ? 'fail' : 'ok',
      name: vh.vhost.name,
      detail: `httpsRedirect: 301 to https://${req.authority}${req.target}${loop ? " although the client used HTTPS (the gateway does not trust the ALB's X-Forwarded-Proto): a redirect loop" : ''}`,
      status: 301,
      server: ENVOY,
      ...(loop
        ? {
            fix: 'set proxy.istio.io/config gatewayTopology.numTrustedProxies: 1 on the gateway pods, or drop tls.httpsRedirect (the ALB redirects already)',
          }
        : {}),
    });
    return;
  }
  addHop(st, {
    hop: 'virtual-host',
    verdict: 'ok',
    name: vh.vhost.name,
    detail: `domains ${vh.vhost.domains.join(', ')}`,
  });
  const view: RequestView = {
    host,
    authority: req.authority,
    method: req.method,
    scheme: 'http',
    path: normalizePath(req.target),
    headers,
  };
  const cr = selectCompiledRoute(vh, view);
  if (!cr) {
    addHop(st, {
      hop: 'route',
      verdict: 'fail',
      name: 'none',
      detail: `no route of ${vh.vhost.name} matches ${req.method} ${req.target} (route_not_found, 404 NR)`,
      status: 404,
      server: ENVOY,
      fix: `add an http[].match in the VirtualService for ${host} that accepts ${req.path}`,
    });
    return;
  }
  traceRoute(input, cr.route, b, st, matchText(cr.route.match));
}
