// Clusters as Envoy dumps them (envoy.config.cluster.v3.Cluster) and as /clusters reports
// them: istiod's EDS clusters with Istio's circuit breaker defaults and service metadata,
// BlackHoleCluster, and the bootstrap's static clusters (agent, prometheus_stats, sds, xds).
import type { GatewayCluster } from '../model.ts';
import type { Json } from './proto.ts';
import { TYPE, adsSource, configMetadata, socketAddress } from './proto.ts';

const MAX = 4294967295;

/** The bootstrap's static clusters and where they point. */
export const STATIC_CLUSTERS: readonly { name: string; address: Json; connectTimeout: string }[] = [
  { name: 'agent', address: socketAddress('127.0.0.1', 15020), connectTimeout: '0.250s' },
  { name: 'prometheus_stats', address: socketAddress('127.0.0.1', 15000), connectTimeout: '0.250s' },
  {
    name: 'sds-grpc',
    address: { pipe: { path: './var/run/secrets/workload-spiffe-uds/socket' } },
    connectTimeout: '1s',
  },
  { name: 'xds-grpc', address: { pipe: { path: './etc/istio/proxy/XDS' } }, connectTimeout: '1s' },
];

export function staticClusterProto(c: (typeof STATIC_CLUSTERS)[number]): Json {
  return {
    '@type': TYPE.cluster,
    name: c.name,
    connect_timeout: c.connectTimeout,
    load_assignment: {
      cluster_name: c.name,
      endpoints: [{ lb_endpoints: [{ endpoint: { address: c.address } }] }],
    },
  };
}

export function clusterProto(c: GatewayCluster): Json {
  const out: Json = { '@type': TYPE.cluster, name: c.name };
  if (c.type !== 'STATIC') out['type'] = c.type;
  if (c.type === 'EDS') out['eds_cluster_config'] = { eds_config: adsSource(), service_name: c.name };
  out['connect_timeout'] = '10s';
  if (c.lbPolicy !== 'ROUND_ROBIN') out['lb_policy'] = c.lbPolicy;
  if (c.service) {
    out['circuit_breakers'] = {
      thresholds: [
        {
          max_connections: MAX,
          max_pending_requests: MAX,
          max_requests: MAX,
          max_retries: MAX,
          track_remaining: true,
        },
      ],
    };
    out['common_lb_config'] = {};
    const istio: Json = {};
    if (c.destinationRule) {
      const path = configMetadata('destination-rule', c.destinationRule.namespace, c.destinationRule.name);
      Object.assign(istio, (path['filter_metadata'] as { istio: Json }).istio);
    }
    istio['services'] = [{ host: c.service.fqdn, name: c.service.name, namespace: c.service.namespace }];
    if (c.subset) istio['subset'] = c.subset.name;
    out['metadata'] = { filter_metadata: { istio } };
  }
  return out;
}
