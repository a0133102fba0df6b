// IST0140 IngressRouteRulesNotAffected: a mesh-only VirtualService splits a Service by subset,
// but the ingress gateway's VirtualService routes to that Service directly, so the split never
// applies to requests coming through the gateway.
import type { KubeObject } from '../../resources/types.ts';
import { resolveGatewayName, resolveShortName } from '../../istio/translate/hosts.ts';
import type { VirtualServiceSpec } from '../../istio/translate/specs.ts';
import { nameOf, namespaceOf, specOf } from '../../istio/translate/specs.ts';
import { finding } from '../finding.ts';
import type { AnalyzeContext, Finding } from '../types.ts';
import { IST0140 } from './codes.ts';
import { destinationsOf } from './vs-destinations.ts';

function gatewaysOf(vs: Readonly<KubeObject>): string[] {
  const ns = namespaceOf(vs);
  return (specOf<VirtualServiceSpec>(vs).gateways ?? [])
    .filter((g) => g !== 'mesh')
    .map((g) => resolveGatewayName(g, ns));
}

export function analyzeIngressSubsets(ctx: AnalyzeContext): Finding[] {
  const out: Finding[] = [];
  const all = ctx.ofKind('VirtualService');
  const ingress = all.filter((vs) => gatewaysOf(vs).length > 0);
  for (const mesh of all) {
    if (gatewaysOf(mesh).length > 0) continue;
    const ns = namespaceOf(mesh);
    const hosts = new Set((specOf<VirtualServiceSpec>(mesh).hosts ?? []).map((h) => resolveShortName(h, ns)));
    const subset = destinationsOf(mesh).find((d) => !d.mirror && d.d.subset !== undefined);
    if (!subset) continue;
    const reported = new Set<string>();
    for (const gvs of ingress) {
      const gns = namespaceOf(gvs);
      const hit = destinationsOf(gvs).some(
        (d) => !d.mirror && d.d.subset === undefined && hosts.has(resolveShortName(d.d.host ?? '', gns)),
      );
      const gw = gatewaysOf(gvs)[0];
      if (!hit || gw === undefined || reported.has(gw)) continue;
      reported.add(gw);
      const msg = `Subset in virtual service ${ns}/${nameOf(mesh)} has no effect on ingress gateway ${gw} requests`;
      out.push(finding(IST0140, mesh, [...subset.path, 'subset'], msg));
    }
  }
  return out;
}
