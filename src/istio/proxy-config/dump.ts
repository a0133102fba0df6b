// The pieces of Envoy's /config_dump that istioctl proxy-config reads: listeners (static and
// dynamic active), route configurations (dynamic, then static inline ones) and clusters
// (static and dynamic active), each as the message itself (its Any `@type` dropped).
import type { Json } from './json.ts';
import { arr, obj, str, unwrapAny } from './json.ts';

function section(dump: unknown, typeSuffix: string): Json {
  for (const c of arr(obj(dump)['configs'])) {
    const o = obj(c);
    if (str(o['@type']).endsWith(typeSuffix)) return o;
  }
  return {};
}

export function dumpListeners(dump: unknown): Json[] {
  const s = section(dump, '.ListenersConfigDump');
  const out: Json[] = [];
  for (const l of arr(s['static_listeners'])) out.push(unwrapAny(obj(l)['listener']));
  for (const l of arr(s['dynamic_listeners'])) {
    const active = obj(obj(l)['active_state'])['listener'];
    if (active !== undefined) out.push(unwrapAny(active));
  }
  return out;
}

export function dumpRouteConfigs(dump: unknown): Json[] {
  const s = section(dump, '.RoutesConfigDump');
  const out: Json[] = [];
  for (const r of arr(s['dynamic_route_configs'])) out.push(unwrapAny(obj(r)['route_config']));
  for (const r of arr(s['static_route_configs'])) out.push(unwrapAny(obj(r)['route_config']));
  return out;
}

export function dumpClusters(dump: unknown): Json[] {
  const s = section(dump, '.ClustersConfigDump');
  const out: Json[] = [];
  for (const c of arr(s['static_clusters'])) out.push(unwrapAny(obj(c)['cluster']));
  for (const c of arr(s['dynamic_active_clusters'])) out.push(unwrapAny(obj(c)['cluster']));
  return out;
}

/** istioctl renderConfig: `/apis/networking.istio.io/<v>/namespaces/<ns>/<kind>/<name>` -> `name.ns`. */
export function describeManagement(metadata: unknown): string {
  const istio = obj(obj(obj(metadata)['filter_metadata'])['istio']);
  const config = istio['config'];
  if (typeof config !== 'string') return '';
  const m = /^\/apis\/networking\.istio\.io\/[^/]+\/namespaces\/([^/]+)\/[^/]+\/([^/]+)$/.exec(config);
  return m ? `${m[2]!}.${m[1]!}` : '<unknown>';
}
