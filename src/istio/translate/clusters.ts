// Outbound clusters as istiod sends them to a gateway: one EDS cluster per port of every
// Service (`outbound|<port>||<fqdn>`) and per DestinationRule subset (`outbound|<port>|v1|<fqdn>`),
// load balancing from the DestinationRule (default LEAST_REQUEST), plus BlackHoleCluster.
import type { GatewayCluster } from '../model.ts';
import type { PreparedDr, TranslateContext } from './context.ts';
import { subsetOf, visibleFrom } from './hosts.ts';
import type { LoadBalancerSpec, TrafficPolicySpec } from './specs.ts';
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

function lbPolicy(lb: LoadBalancerSpec | undefined): GatewayCluster['lbPolicy'] {
  if (lb?.consistentHash) return lb.consistentHash.maglev ? 'MAGLEV' : 'RING_HASH';
  switch (lb?.simple) {
    case 'ROUND_ROBIN':
      return 'ROUND_ROBIN';
    case 'RANDOM':
      return 'RANDOM';
    case 'PASSTHROUGH':
      return 'CLUSTER_PROVIDED';
    default:
      return 'LEAST_REQUEST';
  }
}

/** The load balancer in effect for `port`: port-level settings override the policy's. */
function effectiveLb(policy: TrafficPolicySpec | undefined, port: number): LoadBalancerSpec | undefined {
  const pls = (policy?.portLevelSettings ?? []).find((p) => p.port?.number === port);
  return pls?.loadBalancer ?? policy?.loadBalancer;
}

function cluster(
  name: string,
  svc: { namespace: string; name: string; fqdn: string; port: number },
  lb: LoadBalancerSpec | undefined,
  dr: PreparedDr | undefined,
): GatewayCluster {
  const policy = lbPolicy(lb);
  const out: GatewayCluster = {
    name,
    type: policy === 'CLUSTER_PROVIDED' ? 'ORIGINAL_DST' : 'EDS',
    service: svc,
    lbPolicy: policy,
  };
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
      const top = dr?.spec.trafficPolicy;
      out.push(cluster(subsetKey(port, '', svc.fqdn), ref, effectiveLb(top, port), dr));
      for (const s of dr?.spec.subsets ?? []) {
        if (!s.name) continue;
        const lb = effectiveLb(s.trafficPolicy, port) ?? effectiveLb(top, port);
        const c = cluster(subsetKey(port, s.name, svc.fqdn), ref, lb, dr);
        c.subset = { name: s.name, labels: { ...(s.labels ?? {}) } };
        out.push(c);
      }
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
