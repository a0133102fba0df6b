// The pod's QoS class as the API server records it at creation and kubectl describe shows it
// (pkg/apis/core/helper/qos ComputePodQOS): only cpu and memory count, amounts compare exactly.
import { addQuantity, compareQuantity, resourceList, ZERO, type Quantity } from './quantity.ts';

export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

interface Resources {
  requests?: Readonly<Record<string, unknown>>;
  limits?: Readonly<Record<string, unknown>>;
}

const COMPUTE = ['cpu', 'memory'];

/**
 * ComputePodQOS over the pod's containers and init containers. A request left out defaults
 * to its limit, as the API server's defaulting does before the class is computed.
 */
export function qosClass(containers: readonly { resources?: Resources | null }[]): QosClass {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  const add = (m: Map<string, Quantity>, k: string, q: Quantity): void => {
    const cur = m.get(k);
    m.set(k, cur ? addQuantity(q, cur) : q);
  };
  let guaranteed = true;
  for (const c of containers) {
    const req = resourceList(c.resources?.requests);
    const lim = resourceList(c.resources?.limits);
    const found = new Set<string>();
    for (const name of COMPUTE) {
      const l = lim.get(name);
      const r = req.get(name) ?? l;
      if (r && compareQuantity(r, ZERO) > 0) add(requests, name, r);
      if (l && compareQuantity(l, ZERO) > 0) {
        found.add(name);
        add(limits, name, l);
      }
    }
    if (found.size !== COMPUTE.length) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || compareQuantity(lim, req) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

/** The QoS class of a pod spec (containers and init containers), however loosely typed. */
export function podQosClass(spec: unknown): QosClass {
  const s = (typeof spec === 'object' && spec !== null ? spec : {}) as Record<string, unknown>;
  const list = (v: unknown): { resources?: Resources }[] =>
    Array.isArray(v) ? (v as unknown[]).filter((c) => typeof c === 'object' && c !== null) : [];
  return qosClass([...list(s['containers']), ...list(s['initContainers'])]);
}
