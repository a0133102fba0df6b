// Envoy's load balancers over a cluster's ready (and not ejected) hosts: LEAST_REQUEST as
// power of two choices on active requests (equal weights), ROUND_ROBIN, RANDOM, and
// RING_HASH / MAGLEV on the request's hash key (a ring per host set; no key: random, as
// Envoy). `exclude` holds hosts already tried by this request (retry_previous_hosts); Envoy
// re-selects up to 5 times, then takes what it got.
import type { GatewayCluster } from '../../istio/model.ts';
import { buildRing, ringLookup, type Ring } from './ring-hash.ts';

export interface LbHost {
  /** Requests in flight to this host. */
  active: number;
  /** 'ip:port', the ring-hash key. */
  key: string;
}

export interface LbState {
  rr: number;
  ring?: Ring<LbHost> | undefined;
}

const HOST_SELECTION_ATTEMPTS = 5;

function pickOnce<H extends LbHost>(
  policy: GatewayCluster['lbPolicy'],
  hosts: readonly H[],
  state: LbState,
  random: () => number,
  hash: bigint | undefined,
  walk: number,
): H {
  const n = hosts.length;
  if (n === 1) return hosts[0] as H;
  switch (policy) {
    case 'ROUND_ROBIN': {
      const h = hosts[state.rr % n] as H;
      state.rr = (state.rr + 1) % n;
      return h;
    }
    case 'LEAST_REQUEST': {
      const a = hosts[Math.floor(random() * n)] as H;
      const b = hosts[Math.floor(random() * n)] as H;
      return b.active < a.active ? b : a;
    }
    case 'RING_HASH':
    case 'MAGLEV':
      if (hash !== undefined) {
        if (state.ring?.hosts !== hosts) state.ring = buildRing(hosts);
        return (ringLookup(state.ring, hash, walk) ?? hosts[0]) as H;
      }
      return hosts[Math.floor(random() * n)] as H;
    default:
      return hosts[Math.floor(random() * n)] as H;
  }
}

/** Chooses a host; undefined only when `hosts` is empty. */
export function chooseHost<H extends LbHost>(
  policy: GatewayCluster['lbPolicy'],
  hosts: readonly H[],
  state: LbState,
  random: () => number,
  exclude?: ReadonlySet<H>,
  hash?: bigint,
): H | undefined {
  if (hosts.length === 0) return undefined;
  let h = pickOnce(policy, hosts, state, random, hash, 0);
  if (!exclude || exclude.size === 0) return h;
  for (let i = 1; i < HOST_SELECTION_ATTEMPTS && exclude.has(h); i++)
    h = pickOnce(policy, hosts, state, random, hash, i);
  return h;
}
