// The ALB's balancing counters that every data-plane thread shares: each target group's
// round-robin position and each target's outstanding requests live in one SharedArrayBuffer,
// so round_robin keeps alternating and least_outstanding_requests sees every request in
// flight, whichever thread took the connection (one load balancer, as the client sees it).
// Slots are handed out by the main thread; a slot of -1 means "this thread only".

const SLOTS = 1 << 16;

export class SharedCounters {
  readonly buffer: SharedArrayBuffer;
  readonly cells: Int32Array;
  #slots = new Map<string, number>();
  #free: number[] = [];
  #next = 0;

  constructor(buffer?: SharedArrayBuffer) {
    this.buffer = buffer ?? new SharedArrayBuffer(SLOTS * 4);
    this.cells = new Int32Array(this.buffer);
  }

  /** The slot of `key` (allocated, zeroed, on first use); -1 when every slot is taken. */
  slot(key: string): number {
    let s = this.#slots.get(key);
    if (s !== undefined) return s;
    s = this.#free.pop() ?? (this.#next < this.cells.length ? this.#next++ : -1);
    if (s < 0) return -1;
    Atomics.store(this.cells, s, 0);
    this.#slots.set(key, s);
    return s;
  }

  /** Gives `key`'s slot back. */
  release(key: string): void {
    const s = this.#slots.get(key);
    if (s === undefined) return;
    this.#slots.delete(key);
    this.#free.push(s);
  }
}
