// istioctl proxy-config's views of a gateway's Envoy: summaries with its columns and
// alignment, and the filtered protos it prints for -o json|yaml (protojson field names).
export type { ListenerFilter } from './listeners.ts';
export type { RouteFilter } from './routes.ts';
export type { ClusterFilter } from './clusters.ts';
export type { EndpointFilter } from './endpoints.ts';
export { printListenerSummary, selectListeners } from './listeners.ts';
export { printRouteSummary, selectRouteConfigs } from './routes.ts';
export { printClusterSummary, selectClusters } from './clusters.ts';
export { printEndpointSummary, selectEndpointClusters } from './endpoints.ts';
export { goJsonIndent, toProtoJson } from './json.ts';
