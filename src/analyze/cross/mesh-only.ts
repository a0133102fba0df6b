// GW2005: a VirtualService bound only to `mesh` (no spec.gateways, or only "mesh") whose host is
// one the ALB sends to the gateway: its routes apply to sidecars, never to ingress traffic.
import type { FieldPath } from '../../resources/types.ts';
import { gatewayServers, nsName } from '../alb/gateway-workloads.ts';
import { finding } from '../finding.ts';
import type { AnalyzeContext, Finding } from '../types.ts';
import { GW2005 } from './codes.ts';
import { frontHosts, gatewayFronts } from './fronts.ts';
import { hostsIntersect, serverHost } from './host-match.ts';

/** GW2005 for each mesh-only VirtualService host that is an Ingress host. */
export function meshOnlyVirtualServices(ctx: AnalyzeContext): Finding[] {
  const fronts = gatewayFronts(ctx);
  const ingressHosts = fronts.flatMap((f) => frontHosts(f).map((h) => ({ f, host: h.host })));
  if (ingressHosts.length === 0) return [];
  const out: Finding[] = [];
  for (const vs of ctx.ofKind('VirtualService')) {
    const spec = vs['spec'] as { hosts?: unknown; gateways?: unknown } | undefined;
    const gateways = Array.isArray(spec?.gateways) ? (spec.gateways as unknown[]) : [];
    if (!gateways.every((g) => g === 'mesh')) continue;
    const hosts = Array.isArray(spec?.hosts) ? (spec.hosts as unknown[]) : [];
    hosts.forEach((h, i) => {
      if (typeof h !== 'string') return;
      const hit = ingressHosts.find((x) => hostsIntersect(h, x.host));
      if (!hit) return;
      const gw = hit.f.gateways.find((g) =>
        gatewayServers(g).some((s) => (s.hosts ?? []).some((x) => hostsIntersect(serverHost(x), h))),
      );
      const add = gw
        ? `add "${gw.metadata.namespace === vs.metadata.namespace ? (gw.metadata.name ?? '') : nsName(gw)}" to spec.gateways`
        : 'bind it to the Gateway of the gateway pods in spec.gateways';
      const path: FieldPath = gateways.length > 0 ? ['spec', 'gateways'] : ['spec', 'hosts', i];
      out.push(
        finding(
          GW2005,
          vs,
          path,
          `host "${h}" is served through the ALB of Ingress ${nsName(hit.f.backend.ingress)}, but the VirtualService is bound only to "mesh": ` +
            `its routes apply to sidecars, never to requests arriving at the ingress gateway; ${add} (keep "mesh" there to still route sidecar traffic)`,
        ),
      );
    });
  }
  return out;
}
