// Watch streams of the store: a bounded history of recent events (so a watch can resume
// from a resourceVersion) and synchronous delivery in commit order. A write made by a
// listener while events are being delivered is queued behind them, so every watcher sees
// every event in resourceVersion order, exactly once.
import { StoreError } from './types.ts';
import type { WatchEvent, WatchFilter } from './types.ts';

interface Stamped {
  rv: number;
  event: WatchEvent;
}

interface Watcher {
  filter: WatchFilter;
  listener: (e: WatchEvent) => void;
  lastRv: number;
  active: boolean;
}

function matches(filter: WatchFilter, e: WatchEvent): boolean {
  if (filter.key.group !== e.key.group || filter.key.resource !== e.key.resource) return false;
  return filter.namespace === undefined || (e.object.metadata.namespace ?? '') === filter.namespace;
}

export class WatchHub {
  readonly #size: number;
  readonly #ring: (Stamped | undefined)[];
  #head = 0; // index of the oldest kept event
  #count = 0;
  /** Every event with rv > #keptAfter is in the ring. */
  #keptAfter: number;
  #lastRv: number;
  readonly #watchers = new Set<Watcher>();
  readonly #queue: Stamped[] = [];
  #delivering = false;

  constructor(size: number, currentRv: number) {
    this.#size = Math.max(1, size);
    this.#ring = new Array<Stamped | undefined>(this.#size);
    this.#keptAfter = currentRv;
    this.#lastRv = currentRv;
  }

  /** Records committed events (rv increasing) and delivers them. */
  publish(events: readonly Stamped[]): void {
    for (const s of events) {
      if (this.#count === this.#size) {
        this.#keptAfter = this.#ring[this.#head]!.rv;
        this.#head = (this.#head + 1) % this.#size;
        this.#count--;
      }
      this.#ring[(this.#head + this.#count) % this.#size] = s;
      this.#count++;
      this.#lastRv = s.rv;
      this.#queue.push(s);
    }
    this.#drain();
  }

  watch(filter: WatchFilter, since: number | undefined, listener: (e: WatchEvent) => void): () => void {
    const w: Watcher = { filter, listener, lastRv: this.#lastRv, active: true };
    if (since !== undefined && since < this.#lastRv) {
      if (since < this.#keptAfter) {
        throw new StoreError('Expired', `too old resource version: ${since} (${this.#keptAfter + 1})`);
      }
      w.lastRv = since;
      for (let i = 0; i < this.#count; i++) {
        const s = this.#ring[(this.#head + i) % this.#size]!;
        if (s.rv > w.lastRv) this.#deliver(w, s);
      }
    }
    this.#watchers.add(w);
    return () => {
      w.active = false;
      this.#watchers.delete(w);
    };
  }

  close(): void {
    for (const w of this.#watchers) w.active = false;
    this.#watchers.clear();
  }

  #drain(): void {
    if (this.#delivering) return;
    this.#delivering = true;
    try {
      for (let s = this.#queue.shift(); s; s = this.#queue.shift()) {
        for (const w of [...this.#watchers]) this.#deliver(w, s);
      }
    } finally {
      this.#delivering = false;
    }
  }

  #deliver(w: Watcher, s: Stamped): void {
    if (!w.active || s.rv <= w.lastRv) return;
    w.lastRv = s.rv;
    if (!matches(w.filter, s.event)) return;
    try {
      w.listener(s.event);
    } catch (err) {
      process.emitWarning(
        `a store watch listener threw: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
    }
  }
}
