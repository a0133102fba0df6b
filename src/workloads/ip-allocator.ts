// Pod addresses on one node: the lowest free slot of the node's range (host-local IPAM
// hands out the lowest free address the same way), kept for the pod's life; a pod that
// already has an address (gangway restarted) gets it back when it is still free.
import type { AddressPlan } from '../net/addresses.ts';

export interface PodAddress {
  slot: number;
  ip: string;
}

export class IpAllocator {
  readonly #plan: AddressPlan;
  readonly #node: number;
  readonly #used = new Set<number>();

  constructor(plan: AddressPlan, nodeIndex: number) {
    this.#plan = plan;
    this.#node = nodeIndex;
  }

  get used(): number {
    return this.#used.size;
  }

  /** undefined when the node's range is exhausted. */
  allocate(preferred?: string): PodAddress | undefined {
    if (preferred !== undefined && this.#plan.multiAddress) {
      for (let n = 0; n < this.#plan.podsPerNode; n++) {
        if (this.#plan.podIP(this.#node, n) === preferred) {
          if (this.#used.has(n)) break;
          this.#used.add(n);
          return { slot: n, ip: preferred };
        }
      }
    }
    for (let n = 0; n < this.#plan.podsPerNode; n++) {
      if (!this.#used.has(n)) {
        this.#used.add(n);
        return { slot: n, ip: this.#plan.podIP(this.#node, n) };
      }
    }
    return undefined;
  }

  release(slot: number): void {
    this.#used.delete(slot);
  }
}
