// Which loopback address each ALB listens on: the first free one of the plan's ALB range,
// kept for the ALB's life in this process so its DNS record does not move when others come.
import type { AddressPlan } from '../net/addresses.ts';

export class AlbAddresses {
  readonly #plan: AddressPlan;
  readonly #byName = new Map<string, number>();

  constructor(plan: AddressPlan) {
    this.#plan = plan;
  }

  of(lbName: string): string {
    let i = this.#byName.get(lbName);
    if (i === undefined) {
      const used = new Set(this.#byName.values());
      i = 0;
      while (used.has(i)) i++;
      this.#byName.set(lbName, i);
    }
    return this.#plan.albIP(i);
  }

  /** Forget ALBs no longer in the model, so their addresses can be reused. */
  retain(names: ReadonlySet<string>): void {
    for (const name of this.#byName.keys()) if (!names.has(name)) this.#byName.delete(name);
  }
}
