// Route configurations as Envoy dumps them (envoy.config.route.v3.RouteConfiguration), shaped
// as istiod builds them for a gateway: case_sensitive set, timeout 0s unless given, Istio's
// retry policy, VirtualService metadata and decorator on every route.
import type {
  GatewayRoute,
  RouteAction,
  RouteConfig,
  RouteMatch,
  StringMatch,
  VirtualHost,
} from '../model.ts';
import type { Json } from './proto.ts';
import { TYPE, configMetadata, duration } from './proto.ts';

function stringMatcher(m: StringMatch): Json {
  if ('exact' in m) return { exact: m.exact };
  if ('prefix' in m) return { prefix: m.prefix };
  return { safe_regex: { regex: m.regex } };
}

function matchProto(m: RouteMatch): Json {
  const out: Json = {};
  const p = m.path ?? { prefix: '/' };
  if ('prefix' in p) out['prefix'] = p.prefix;
  else if ('exact' in p) out['path'] = p.exact;
  else out['safe_regex'] = { regex: p.regex };
  out['case_sensitive'] = !m.ignoreCase;
  if (m.headers && m.headers.length > 0)
    out['headers'] = m.headers.map((h) => {
      const hm: Json = { name: h.name };
      if (h.match) hm['string_match'] = stringMatcher(h.match);
      else if (h.present) hm['present_match'] = true;
      if (h.invert) hm['invert_match'] = true;
      return hm;
    });
  if (m.queryParams && m.queryParams.length > 0)
    out['query_parameters'] = m.queryParams.map((q) => {
      const qm: Json = { name: q.name };
      if (q.match) qm['string_match'] = stringMatcher(q.match);
      else qm['present_match'] = true;
      return qm;
    });
  return out;
}

const REDIRECT_CODES: Readonly<Record<number, string>> = {
  302: 'FOUND',
  303: 'SEE_OTHER',
  307: 'TEMPORARY_REDIRECT',
  308: 'PERMANENT_REDIRECT',
};

function routeAction(a: Extract<RouteAction, { type: 'route' }>): Json {
  const out: Json = {};
  if (a.clusters.length === 1) out['cluster'] = a.clusters[0]!.cluster;
  else
    out['weighted_clusters'] = { clusters: a.clusters.map((c) => ({ name: c.cluster, weight: c.weight })) };
  if (a.prefixRewrite !== undefined) out['prefix_rewrite'] = a.prefixRewrite;
  if (a.hostRewrite !== undefined) out['host_rewrite_literal'] = a.hostRewrite;
  out['timeout'] = duration(a.timeoutMs ?? 0);
  if (a.retry) {
    const r: Json = { retry_on: a.retry.retryOn, num_retries: a.retry.attempts };
    if (a.retry.perTryTimeoutMs !== undefined) r['per_try_timeout'] = duration(a.retry.perTryTimeoutMs);
    r['retry_host_predicate'] = [
      { name: 'envoy.retry_host_predicates.previous_hosts', typed_config: { '@type': TYPE.previousHosts } },
    ];
    r['host_selection_retry_max_attempts'] = '5';
    if (a.retry.retriableStatusCodes) r['retriable_status_codes'] = [...a.retry.retriableStatusCodes];
    out['retry_policy'] = r;
  }
  out['max_stream_duration'] = {
    max_stream_duration: duration(a.timeoutMs ?? 0),
    grpc_timeout_header_max: duration(a.timeoutMs ?? 0),
  };
  return out;
}

function routeProto(r: GatewayRoute): Json {
  const out: Json = {};
  if (r.name !== '') out['name'] = r.name;
  out['match'] = matchProto(r.match);
  const a = r.action;
  if (a.type === 'route') out['route'] = routeAction(a);
  else if (a.type === 'redirect') {
    const red: Json = {};
    if (a.scheme !== undefined) red['scheme_redirect'] = a.scheme;
    if (a.host !== undefined) red['host_redirect'] = a.host;
    if (a.port !== undefined) red['port_redirect'] = a.port;
    if (a.path !== undefined) red['path_redirect'] = a.path;
    else if (a.prefixRewrite !== undefined) red['prefix_rewrite'] = a.prefixRewrite;
    const code = REDIRECT_CODES[a.code];
    if (code) red['response_code'] = code;
    out['redirect'] = red;
  } else {
    const d: Json = { status: a.status };
    if (a.body !== undefined) d['body'] = { inline_string: a.body };
    out['direct_response'] = d;
  }
  if (r.virtualService)
    out['metadata'] = configMetadata('virtual-service', r.virtualService.namespace, r.virtualService.name);
  if (r.decoratorOperation !== undefined) out['decorator'] = { operation: r.decoratorOperation };
  return out;
}

function virtualHostProto(vh: VirtualHost): Json {
  const out: Json = { name: vh.name, domains: [...vh.domains] };
  if (vh.routes.length > 0) out['routes'] = vh.routes.map(routeProto);
  if (vh.requireTls) out['require_tls'] = 'ALL';
  out['include_request_attempt_count'] = true;
  return out;
}

export function routeConfigProto(rc: RouteConfig): Json {
  return {
    '@type': TYPE.routeConfig,
    name: rc.name,
    virtual_hosts: rc.virtualHosts.map(virtualHostProto),
    validate_clusters: false,
    max_direct_response_body_size_bytes: 1048576,
    ignore_port_in_host_matching: true,
  };
}

/** The inline route config of a bootstrap listener: vhost `backend`, `*`, one prefix route. */
export function inlineRouteConfig(
  routes: readonly { prefix: string; cluster: string }[],
  typed: boolean,
): Json {
  const out: Json = typed ? { '@type': TYPE.routeConfig } : {};
  out['virtual_hosts'] = [
    {
      name: 'backend',
      domains: ['*'],
      routes: routes.map((r) => ({ match: { prefix: r.prefix }, route: { cluster: r.cluster } })),
    },
  ];
  return out;
}
