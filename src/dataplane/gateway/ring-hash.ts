// Envoy's ring-hash load balancer table: each host placed ceil(1024 / hosts) times on a ring
// at xxHash64("<address>_<i>"), sorted; a request's hash picks the first entry at or after
// it (wrapping), and a retry walks on to the next entries. Built once per host set.
import { xxHash64 } from './xxhash64.ts';

export const MIN_RING_SIZE = 1024;

export interface Ring<H> {
  readonly hosts: readonly H[];
  readonly hashes: BigUint64Array;
  readonly owners: Uint32Array;
}

export function buildRing<H extends { key: string }>(hosts: readonly H[]): Ring<H> {
  const n = hosts.length;
  const per = n === 0 ? 0 : Math.ceil(MIN_RING_SIZE / n);
  const entries: { h: bigint; i: number }[] = [];
  for (let i = 0; i < n; i++) {
    const key = (hosts[i] as H).key;
    for (let j = 0; j < per; j++) entries.push({ h: xxHash64(`${key}_${j}`), i });
  }
  entries.sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : a.i - b.i));
  const hashes = new BigUint64Array(entries.length);
  const owners = new Uint32Array(entries.length);
  entries.forEach((e, k) => {
    hashes[k] = e.h;
    owners[k] = e.i;
  });
  return { hosts, hashes, owners };
}

/** The host for `hash`; `walk` > 0 moves that many entries further (retries). */
export function ringLookup<H>(ring: Ring<H>, hash: bigint, walk = 0): H | undefined {
  const len = ring.hashes.length;
  if (len === 0) return undefined;
  let lo = 0;
  let hi = len;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ring.hashes[mid] as bigint) < hash) lo = mid + 1;
    else hi = mid;
  }
  return ring.hosts[ring.owners[(lo + walk) % len] as number];
}
