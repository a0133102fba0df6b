// Envoy's admin views of a GatewayModel, as the gateway pod serves them on port 15000:
// /config_dump (listeners, routes, clusters in Envoy's admin JSON) and /clusters?format=json
// (cluster_statuses with each endpoint's health). Pure functions of the model and endpoints.
import type { GatewayModel } from '../model.ts';
import { STATIC_CLUSTERS, clusterProto, staticClusterProto } from './clusters.ts';
import { listenerProto, staticRouteConfigs } from './listeners.ts';
import type { DumpOptions, Json } from './proto.ts';
import { TYPE, stamped } from './proto.ts';
import { routeConfigProto } from './routes.ts';

export type { DumpOptions } from './proto.ts';

export interface EndpointStatus {
  address: string;
  port: number;
  healthy: boolean;
  /** Ejected by outlier detection (istioctl's OUTLIER CHECK FAILED). */
  outlierFailed?: boolean;
}

export function configDump(model: GatewayModel, opts: DumpOptions = {}): unknown {
  const last = opts.lastUpdated !== undefined ? { last_updated: opts.lastUpdated } : {};
  const version = opts.versionInfo !== undefined ? { version_info: opts.versionInfo } : {};
  const staticListeners = model.listeners.filter((l) => l.protocol === 'BOOTSTRAP');
  const dynamicListeners = model.listeners.filter((l) => l.protocol !== 'BOOTSTRAP');
  return {
    configs: [
      { '@type': TYPE.bootstrapDump, bootstrap: { node: { id: opts.nodeId ?? 'router~gangway' } }, ...last },
      {
        '@type': TYPE.clustersDump,
        ...version,
        static_clusters: STATIC_CLUSTERS.map((c) => ({ cluster: staticClusterProto(c), ...last })),
        dynamic_active_clusters: model.clusters.map((c) => stamped(clusterProto(c), opts, 'cluster')),
      },
      {
        '@type': TYPE.listenersDump,
        ...version,
        static_listeners: staticListeners.map((l) => ({ listener: listenerProto(l), ...last })),
        dynamic_listeners: dynamicListeners.map((l) => ({
          name: l.name,
          active_state: stamped(listenerProto(l), opts, 'listener'),
        })),
      },
      {
        '@type': TYPE.routesDump,
        static_route_configs: staticRouteConfigs(model.listeners).map((rc) => ({
          route_config: rc,
          ...last,
        })),
        dynamic_route_configs: model.routeConfigs.map((rc) =>
          stamped(routeConfigProto(rc), opts, 'route_config'),
        ),
      },
      { '@type': TYPE.secretsDump },
    ],
  };
}

const HOST_STATS = ['cx_connect_fail', 'cx_total', 'rq_error', 'rq_success', 'rq_timeout', 'rq_total'];
const HOST_GAUGES = ['cx_active', 'rq_active'];

function hostStatus(address: Json, healthy: boolean, outlierFailed: boolean): Json {
  const health: Json = {};
  if (outlierFailed) health['failed_outlier_check'] = true;
  health['eds_health_status'] = healthy ? 'HEALTHY' : 'UNHEALTHY';
  return {
    address,
    stats: [...HOST_STATS.map((name) => ({ name })), ...HOST_GAUGES.map((name) => ({ type: 'GAUGE', name }))],
    health_status: health,
    weight: 1,
    locality: {},
  };
}

/** /clusters?format=json: every cluster, EDS ones with the endpoints given for their name. */
export function clustersDump(
  model: GatewayModel,
  endpoints: ReadonlyMap<string, readonly EndpointStatus[]>,
): unknown {
  const statuses: Json[] = [];
  for (const s of STATIC_CLUSTERS)
    statuses.push({
      name: s.name,
      host_statuses: [hostStatus(s.address, true, false)],
      observability_name: s.name,
    });
  for (const c of model.clusters) {
    const st: Json = { name: c.name, added_via_api: true };
    const eps = endpoints.get(c.name) ?? [];
    if (eps.length > 0)
      st['host_statuses'] = eps.map((e) =>
        hostStatus(
          { socket_address: { address: e.address, port_value: e.port } },
          e.healthy,
          e.outlierFailed === true,
        ),
      );
    st['observability_name'] = c.name;
    if (c.type === 'EDS') st['eds_service_name'] = c.name;
    statuses.push(st);
  }
  statuses.sort((a, b) => (String(a['name']) < String(b['name']) ? -1 : 1));
  return { cluster_statuses: statuses };
}
