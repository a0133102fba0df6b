// Shared pieces of Envoy's admin JSON (proto field names, defaults omitted as Envoy prints
// them): type URLs, socket addresses, ADS config sources, durations, Istio config metadata.

export type Json = Record<string, unknown>;

export const TYPE = {
  listener: 'type.googleapis.com/envoy.config.listener.v3.Listener',
  routeConfig: 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration',
  cluster: 'type.googleapis.com/envoy.config.cluster.v3.Cluster',
  hcm: 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
  tcpProxy: 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy',
  router: 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router',
  fault: 'type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault',
  cors: 'type.googleapis.com/envoy.extensions.filters.http.cors.v3.Cors',
  tlsContext: 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext',
  tlsInspector: 'type.googleapis.com/envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector',
  previousHosts: 'type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate',
  listenersDump: 'type.googleapis.com/envoy.admin.v3.ListenersConfigDump',
  routesDump: 'type.googleapis.com/envoy.admin.v3.RoutesConfigDump',
  clustersDump: 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump',
  bootstrapDump: 'type.googleapis.com/envoy.admin.v3.BootstrapConfigDump',
  secretsDump: 'type.googleapis.com/envoy.admin.v3.SecretsConfigDump',
} as const;

export const HCM_FILTER = 'envoy.filters.network.http_connection_manager';
export const TCP_PROXY_FILTER = 'envoy.filters.network.tcp_proxy';

export function socketAddress(address: string, port: number): Json {
  return { socket_address: { address, port_value: port } };
}

export function adsSource(): Json {
  return { ads: {}, initial_fetch_timeout: '0s', resource_api_version: 'V3' };
}

/** google.protobuf.Duration in JSON: `0s`, `10s`, `0.500s`. */
export function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  const rest = Math.round(ms - s * 1000);
  return rest === 0 ? `${s}s` : `${s}.${String(rest).padStart(3, '0')}s`;
}

/** util.BuildConfigInfoMetadata: where istioctl reads the VIRTUAL SERVICE / DESTINATION RULE column. */
export function configMetadata(
  kind: 'virtual-service' | 'destination-rule',
  namespace: string,
  name: string,
): Json {
  return {
    filter_metadata: {
      istio: { config: `/apis/networking.istio.io/v1/namespaces/${namespace}/${kind}/${name}` },
    },
  };
}

/** Adds `version_info` / `last_updated` when the caller has them (the translator is clock-free). */
export interface DumpOptions {
  versionInfo?: string;
  lastUpdated?: string;
  /** The bootstrap's node id, e.g. `router~10.244.0.7~istio-ingressgateway-x.istio-system~istio-system.svc.cluster.local`. */
  nodeId?: string;
}

export function stamped(body: Json, opts: DumpOptions, key: string): Json {
  const out: Json = {};
  if (opts.versionInfo !== undefined) out['version_info'] = opts.versionInfo;
  out[key] = body;
  if (opts.lastUpdated !== undefined) out['last_updated'] = opts.lastUpdated;
  return out;
}
