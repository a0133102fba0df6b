// The address plan: every node, pod, ClusterIP and LoadBalancer address is a real loopback
// address, so `containerPort: 80` keeps meaning port 80. One "block" (the second octet) per
// gangway home keeps two stacks on one machine apart:
//   nodes            127.B.0.(i+1)          node i (0-based)
//   LoadBalancer IPs 127.B.1.x              x = 1..254
//   ALBs             127.B.2.x              x = 1..254 (the ALB's listeners)
//   DNS, dashboard   127.0.0.1
//   ClusterIPs       127.B.96.1 - 127.B.127.254   (127.B.96.1 is default/kubernetes)
//   pods on node i   127.B.(128+i).2 - .254
// Where the OS gives only 127.0.0.1 (macOS without aliases), everything collapses onto
// 127.0.0.1 and listeners that cannot get their port take an ephemeral one; the DialTable
// maps the model's (address, port) to where the socket really is.

export interface AddressPlan {
  readonly block: number;
  /** false: only 127.0.0.1 is usable; every address below is 127.0.0.1. */
  readonly multiAddress: boolean;
  nodeIP(index: number): string;
  loadBalancerIP(index: number): string;
  /** The address ALB number `index` (0-based, in name order) listens on. */
  albIP(index: number): string;
  /** ClusterIP number n (0-based; 0 is the kubernetes Service). */
  clusterIP(n: number): string;
  clusterIPCount: number;
  /** Pod number n (0-based) on node `nodeIndex`. */
  podIP(nodeIndex: number, n: number): string;
  podsPerNode: number;
  podCIDR(nodeIndex: number): string;
  serviceCIDR: string;
}

export const DEFAULT_BLOCK = 1;

export function addressPlan(block: number, multiAddress: boolean): AddressPlan {
  if (!Number.isInteger(block) || block < 1 || block > 254)
    throw new Error(`address block must be 1..254, got ${block}`);
  const one = (s: string): string => (multiAddress ? s : '127.0.0.1');
  return {
    block,
    multiAddress,
    nodeIP: (i) => one(`127.${block}.0.${i + 1}`),
    loadBalancerIP: (i) => one(`127.${block}.1.${i + 1}`),
    albIP: (i) => one(`127.${block}.2.${i + 1}`),
    clusterIP: (n) => one(`127.${block}.${96 + Math.floor((n + 1) / 256)}.${(n + 1) % 256}`),
    clusterIPCount: 32 * 256 - 2,
    podIP: (nodeIndex, n) => one(`127.${block}.${128 + nodeIndex}.${n + 2}`),
    podsPerNode: 253,
    podCIDR: (i) => `127.${block}.${128 + i}.0/24`,
    serviceCIDR: `127.${block}.96.0/19`,
  };
}
