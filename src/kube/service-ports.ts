// Small facts about Services shared by admission, the LoadBalancer status controller and
// kube-proxy: which nodePorts a spec uses, and a clusterIP's index in the address plan.
import type { AddressPlan } from '../net/addresses.ts';
import type { Store } from '../store/types.ts';
import { SERVICES } from './keys.ts';
import type { Service } from './objects.ts';

export function nodePortsOf(spec: Readonly<NonNullable<Service['spec']>> | undefined): number[] {
  return (spec?.ports ?? []).map((p) => p.nodePort ?? 0).filter((p) => p > 0);
}

/** Index n with plan.clusterIP(n) === ip, or undefined when ip is outside the service range. */
export function clusterIPIndex(plan: AddressPlan, ip: string | undefined): number | undefined {
  const m = ip ? /^127\.(\d+)\.(\d+)\.(\d+)$/.exec(ip) : null;
  if (!m || Number(m[1]) !== plan.block) return undefined;
  const n = (Number(m[2]) - 96) * 256 + Number(m[3]) - 1;
  return n >= 0 && n < plan.clusterIPCount && Number(m[3]) <= 255 ? n : undefined;
}

/** Every stored Service except namespace/name. */
export function otherServices(store: Store, namespace: string, name: string): Readonly<Service>[] {
  return store
    .list(SERVICES)
    .filter((s) => !(s.metadata.namespace === namespace && s.metadata.name === name));
}
