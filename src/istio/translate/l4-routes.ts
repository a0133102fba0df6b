// TCP and TLS-passthrough servers (istiod buildGatewayNetworkFiltersFrom{TCP,TLS}Routes): the
// first `tcp` rule of a bound VirtualService whose match fits the server port and gateway, and
// for passthrough one filter chain per set of SNI hosts of the `tls` rules.
import type { FilterChain } from '../model.ts';
import type { PreparedVs, TranslateContext } from './context.ts';
import { virtualServicesForGateway } from './context.ts';
import { weightedClusters } from './destinations.ts';
import { intersectHosts, namesForNamespace, resolveGatewayName, subsetOf } from './hosts.ts';
import type { BoundServer } from './servers.ts';
import type { L4MatchSpec, L4RouteSpec } from './specs.ts';
import { labelsMatch } from './specs.ts';

function l4MatchApplies(ctx: TranslateContext, vs: PreparedVs, m: L4MatchSpec, s: BoundServer): boolean {
  if (m.port !== undefined && m.port !== 0 && m.port !== s.portNumber) return false;
  if (
    m.gateways &&
    m.gateways.length > 0 &&
    !m.gateways.some((g) => resolveGatewayName(g, vs.namespace) === s.gatewayKey)
  )
    return false;
  return !m.sourceLabels || labelsMatch(m.sourceLabels, ctx.proxy.labels);
}

function boundVirtualServices(ctx: TranslateContext, s: BoundServer): PreparedVs[] {
  return virtualServicesForGateway(ctx, s.gatewayKey).filter(
    (vs) => intersectHosts(namesForNamespace(s.hosts, vs.namespace), vs.hosts).length > 0,
  );
}

/** A TCP server's filter chain, or undefined when no `tcp` rule applies (no listener then). */
export function tcpFilterChain(ctx: TranslateContext, s: BoundServer): FilterChain | undefined {
  for (const vs of boundVirtualServices(ctx, s)) {
    const rules: readonly L4RouteSpec[] = vs.spec.tcp ?? [];
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      const matches = rule.match ?? [];
      if (matches.length > 0 && !matches.some((m) => l4MatchApplies(ctx, vs, m, s))) continue;
      const clusters = weightedClusters(ctx, vs, rule.route ?? [], s.portNumber, `spec.tcp[${i}].route`);
      return { serverNames: [], tcpRoutes: [{ clusters }] };
    }
  }
  return undefined;
}

/** A passthrough server's filter chains: one per distinct SNI host set of the matching `tls` rules. */
export function passthroughFilterChains(
  ctx: TranslateContext,
  s: BoundServer,
  used: Set<string>,
): FilterChain[] {
  const out: FilterChain[] = [];
  for (const vs of boundVirtualServices(ctx, s)) {
    const serverHosts = namesForNamespace(s.hosts, vs.namespace);
    const rules: readonly L4RouteSpec[] = vs.spec.tls ?? [];
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      for (const m of rule.match ?? []) {
        if (!l4MatchApplies(ctx, vs, m, s)) continue;
        const sni = (m.sniHosts ?? [])
          .map((h) => h.toLowerCase())
          .filter((h) => serverHosts.some((sh) => subsetOf(h, sh) || subsetOf(sh, h)))
          .filter((h) => !used.has(h));
        if (sni.length === 0) continue;
        for (const h of sni) used.add(h);
        const sorted = [...new Set(sni)].sort();
        const clusters = weightedClusters(ctx, vs, rule.route ?? [], s.portNumber, `spec.tls[${i}].route`);
        out.push({ serverNames: sorted, tcpRoutes: [{ clusters, sniHosts: sorted }] });
      }
    }
  }
  return out;
}
