// Outbound clusters as istiod sends them to a gateway: one EDS cluster per port of every
// Service (`outbound|<port>||<fqdn>`) and per DestinationRule subset (`outbound|<port>|v1|<fqdn>`),
// shaped by the DestinationRule's traffic policy (traffic-policy.ts), plus BlackHoleCluster.
import type { GatewayCluster } from '../model.ts';
import type { PreparedDr, TranslateContext } from './context.ts';
import { subsetOf, visibleFrom } from './hosts.ts';
import type { PolicyComponentsSpec } from './specs.ts';
import { applyPolicy, portPolicy, subsetPolicy } from './traffic-policy.ts';
import { subsetKey } from './destinations.ts';

const ROOT_NAMESPACE = 'istio-system';

/** The DestinationRule for `fqdn` in one namespace: exact host first, then the closest wildcard. */
function inNamespace(ctx: TranslateContext, ns: string, fqdn: string): PreparedDr | undefined {
  let best: PreparedDr | undefined;
  for (const dr of ctx.destinationRules) {
    if (dr.namespace !== ns || !visibleFrom(dr.spec.exportTo, dr.namespace, ctx.proxy.namespace)) continue;
    if (dr.host === fqdn) return dr;
    if (subsetOf(fqdn, dr.host) && (!best || dr.host.length > best.host.length)) best = dr;
  }
  return best;
}

/** push_context destinationRule: proxy ns, service ns, root ns (a root-ns gateway: service ns first). */
export function findDestinationRule(
  ctx: TranslateContext,
  fqdn: string,
  serviceNs: string,
): PreparedDr | undefined {
  const proxyNs = ctx.proxy.namespace;
  const order = proxyNs === ROOT_NAMESPACE ? [serviceNs, proxyNs] : [proxyNs, serviceNs, ROOT_NAMESPACE];
  for (const ns of [...new Set(order)]) {
    const dr = inNamespace(ctx, ns, fqdn);
    if (dr) return dr;
  }
  return undefined;
}

function cluster(
  name: string,
  svc: { namespace: string; name: string; fqdn: string; port: number },
  policy: PolicyComponentsSpec,
  dr: PreparedDr | undefined,
): GatewayCluster {
  const out: GatewayCluster = { name, type: 'EDS', service: svc, lbPolicy: 'LEAST_REQUEST' };
  applyPolicy(out, policy);
  if (dr) out.destinationRule = { name: dr.name, namespace: dr.namespace };
  return out;
}

export function buildClusters(ctx: TranslateContext): GatewayCluster[] {
  const out: GatewayCluster[] = [{ name: 'BlackHoleCluster', type: 'STATIC', lbPolicy: 'ROUND_ROBIN' }];
  for (const svc of ctx.services.values()) {
    if (svc.spec.type === 'ExternalName') continue;
    const dr = findDestinationRule(ctx, svc.fqdn, svc.namespace);
    for (const port of new Set(svc.ports)) {
      const ref = { namespace: svc.namespace, name: svc.name, fqdn: svc.fqdn, port };
      const top = portPolicy(dr?.spec.trafficPolicy, port);
      out.push(cluster(subsetKey(port, '', svc.fqdn), ref, top, dr));
      for (const s of dr?.spec.subsets ?? []) {
        if (!s.name) continue;
        const c = cluster(
          subsetKey(port, s.name, svc.fqdn),
          ref,
          subsetPolicy(top, s.trafficPolicy, port),
          dr,
        );
        c.subset = { name: s.name, labels: { ...(s.labels ?? {}) } };
        out.push(c);
      }
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
