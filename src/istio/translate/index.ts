// istiod's job for one ingress gateway pod: Gateways, VirtualServices, DestinationRules and
// Services in, the GatewayModel (listeners, route configs, clusters) and diagnostics out.
// Pure: no I/O, clock or randomness; output sorted. See shared/reference/istio.md §1-§3.
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { GatewayListener, GatewayModel, GatewayProxy, RouteConfig } from '../model.ts';
import { buildClusters } from './clusters.ts';
import type { IstioSnapshot } from './context.ts';
import { prepare } from './context.ts';
import { DiagnosticSink } from './diagnostics.ts';
import { numTrustedProxies } from './proxy-config.ts';
import { checkReferences } from './references.ts';
import { bootstrapListeners, buildPort } from './listeners.ts';
import { mergeServers, selectGateways } from './servers.ts';

export type { IstioSnapshot } from './context.ts';

export function translateGateway(
  snapshot: IstioSnapshot,
  proxy: GatewayProxy,
): { model: GatewayModel; diagnostics: Diagnostic[] } {
  const sink = new DiagnosticSink();
  const ctx = prepare(snapshot, proxy, sink);
  const listeners: GatewayListener[] = bootstrapListeners();
  const routeConfigs: RouteConfig[] = [];
  for (const mp of mergeServers(ctx, selectGateways(ctx, snapshot.gateways))) {
    const built = buildPort(ctx, mp);
    if (built.listener) listeners.push(built.listener);
    routeConfigs.push(...built.routeConfigs);
  }
  checkReferences(ctx, snapshot.gateways);
  listeners.sort((a, b) => a.port - b.port || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  routeConfigs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const model: GatewayModel = { listeners, routeConfigs, clusters: buildClusters(ctx) };
  const hops = numTrustedProxies(proxy, (d) => sink.add(d));
  if (hops !== undefined) model.xffNumTrustedHops = hops;
  return { model, diagnostics: sink.sorted() };
}
