// Listeners as Envoy dumps them (envoy.config.listener.v3.Listener): gateway listeners with an
// HTTP connection manager on RDS (or a TLS context per SNI chain, or a TCP proxy), and the
// bootstrap's static listeners 15021 (-> cluster agent) and 15090 (-> prometheus_stats).
import type { FilterChain, GatewayListener, WeightedCluster } from '../model.ts';
import type { Json } from './proto.ts';
import { HCM_FILTER, TCP_PROXY_FILTER, TYPE, adsSource, socketAddress } from './proto.ts';
import { inlineRouteConfig } from './routes.ts';

const INLINE_CLUSTER: Readonly<Record<string, string>> = {
  readiness: 'agent',
  prometheus: 'prometheus_stats',
};
const INLINE_STAT_PREFIX: Readonly<Record<string, string>> = { readiness: 'agent', prometheus: 'stats' };

function httpFilters(): Json[] {
  return [
    { name: 'envoy.filters.http.fault', typed_config: { '@type': TYPE.fault } },
    { name: 'envoy.filters.http.cors', typed_config: { '@type': TYPE.cors } },
    { name: 'envoy.filters.http.router', typed_config: { '@type': TYPE.router } },
  ];
}

function hcm(l: GatewayListener, routeConfigName: string): Json {
  return {
    name: HCM_FILTER,
    typed_config: {
      '@type': TYPE.hcm,
      stat_prefix: `outbound_${l.address}_${l.port}`,
      rds: { config_source: adsSource(), route_config_name: routeConfigName },
      http_filters: httpFilters(),
      server_name: 'istio-envoy',
      stream_idle_timeout: '0s',
      use_remote_address: true,
      forward_client_cert_details: 'SANITIZE_SET',
      set_current_client_cert_details: { subject: true, dns: true, uri: true },
      upgrade_configs: [{ upgrade_type: 'websocket' }],
      normalize_path: true,
      path_with_escaped_slashes_action: 'KEEP_UNCHANGED',
    },
  };
}

function tcpProxy(clusters: readonly WeightedCluster[]): Json {
  const first = clusters[0]?.cluster ?? 'BlackHoleCluster';
  const cfg: Json = { '@type': TYPE.tcpProxy, stat_prefix: first };
  if (clusters.length === 1) cfg['cluster'] = first;
  else cfg['weighted_clusters'] = { clusters: clusters.map((c) => ({ name: c.cluster, weight: c.weight })) };
  return { name: TCP_PROXY_FILTER, typed_config: cfg };
}

function inlineHcm(chain: FilterChain): Json {
  const routes = (chain.inlineRoutes ?? []).map((r) => ({
    prefix: r.prefix,
    cluster: INLINE_CLUSTER[r.target] ?? r.target,
  }));
  const target = chain.inlineRoutes?.[0]?.target ?? 'readiness';
  return {
    name: HCM_FILTER,
    typed_config: {
      '@type': TYPE.hcm,
      stat_prefix: INLINE_STAT_PREFIX[target] ?? target,
      route_config: inlineRouteConfig(routes, false),
      http_filters: [{ name: 'envoy.filters.http.router', typed_config: { '@type': TYPE.router } }],
    },
  };
}

function transportSocket(chain: FilterChain, http: boolean): Json | undefined {
  const tls = chain.tls;
  if (!tls) return undefined;
  const common: Json = {
    tls_params: {
      tls_minimum_protocol_version: tls.minProtocolVersion ?? 'TLSv1_2',
      tls_maximum_protocol_version: 'TLSv1_3',
    },
    tls_certificate_sds_secret_configs: [
      { name: `kubernetes://${tls.credentialName}`, sds_config: { ads: {}, resource_api_version: 'V3' } },
    ],
  };
  if (tls.mode !== 'SIMPLE')
    common['combined_validation_context'] = {
      default_validation_context: {},
      validation_context_sds_secret_config: {
        name: `kubernetes://${tls.credentialName}-cacert`,
        sds_config: { ads: {}, resource_api_version: 'V3' },
      },
    };
  if (http) common['alpn_protocols'] = ['h2', 'http/1.1'];
  const ctx: Json = { '@type': TYPE.tlsContext, common_tls_context: common };
  if (tls.mode === 'MUTUAL') ctx['require_client_certificate'] = true;
  return { name: 'envoy.transport_sockets.tls', typed_config: ctx };
}

function filterChainProto(l: GatewayListener, chain: FilterChain): Json {
  const out: Json = {};
  if (chain.serverNames.length > 0) out['filter_chain_match'] = { server_names: [...chain.serverNames] };
  if (chain.inlineRoutes) out['filters'] = [inlineHcm(chain)];
  else if (chain.routeConfigName !== undefined) out['filters'] = [hcm(l, chain.routeConfigName)];
  else out['filters'] = (chain.tcpRoutes ?? []).map((r) => tcpProxy(r.clusters));
  const ts = transportSocket(chain, chain.routeConfigName !== undefined);
  if (ts) out['transport_socket'] = ts;
  return out;
}

export function listenerProto(l: GatewayListener): Json {
  const out: Json = { '@type': TYPE.listener };
  if (l.protocol !== 'BOOTSTRAP') out['name'] = l.name;
  out['address'] = socketAddress(l.address, l.port);
  out['filter_chains'] = l.filterChains.map((c) => filterChainProto(l, c));
  if (l.filterChains.some((c) => c.serverNames.length > 0 || c.tls))
    out['listener_filters'] = [
      { name: 'envoy.filters.listener.tls_inspector', typed_config: { '@type': TYPE.tlsInspector } },
    ];
  if (l.protocol !== 'BOOTSTRAP') out['traffic_direction'] = 'OUTBOUND';
  return out;
}

/** The inline route configs of the bootstrap listeners, as Envoy lists them in static_route_configs. */
export function staticRouteConfigs(listeners: readonly GatewayListener[]): Json[] {
  const out: Json[] = [];
  for (const l of listeners) {
    if (l.protocol !== 'BOOTSTRAP') continue;
    for (const c of l.filterChains) {
      const routes = (c.inlineRoutes ?? []).map((r) => ({
        prefix: r.prefix,
        cluster: INLINE_CLUSTER[r.target] ?? r.target,
      }));
      if (routes.length > 0) out.push(inlineRouteConfig(routes, true));
    }
  }
  return out;
}
