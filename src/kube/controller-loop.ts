// The reconcile loop every controller runs: store watches map events to queue keys, a burst
// of events coalesces into one reconcile per key on the next setImmediate (never inside the
// watch callback), a failed reconcile is retried with exponential backoff, and a reconcile
// may ask to run again after a delay (minReadySeconds, progress deadlines).
import type { Component, ComponentStatus } from '../runtime/component.ts';
import type { Key, Store, WatchEvent } from '../store/types.ts';

export interface WatchSpec {
  key: Key;
  /** Queue keys that an event on this resource touches. */
  keysFor(e: WatchEvent): Iterable<string>;
}

export interface LoopOptions {
  name: string;
  store: Store;
  watches: readonly WatchSpec[];
  /** Every key to reconcile at start (a full resync). */
  resync(): Iterable<string>;
  /** Brings one key to its desired state. A number asks for another run after that many ms. */
  reconcile(key: string): number | undefined;
  /** One line for status(): what the controller manages. */
  detail?(): string;
}

const BASE_BACKOFF_MS = 10;
const MAX_BACKOFF_MS = 10_000;

export class ControllerLoop implements Component {
  readonly name: string;
  #opts: LoopOptions;
  #pending = new Set<string>();
  #immediate: NodeJS.Immediate | undefined;
  #timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  #failures = new Map<string, number>();
  #unwatch: (() => void)[] = [];
  #running = false;
  #lastError: string | undefined;
  #firstPass: (() => void) | undefined;

  constructor(opts: LoopOptions) {
    this.name = opts.name;
    this.#opts = opts;
  }

  start(): Promise<void> {
    if (this.#running) return Promise.resolve();
    this.#running = true;
    for (const w of this.#opts.watches) {
      this.#unwatch.push(
        this.#opts.store.watch({ key: w.key }, undefined, (e) => {
          for (const k of w.keysFor(e)) this.enqueue(k);
        }),
      );
    }
    const done = new Promise<void>((resolve) => (this.#firstPass = resolve));
    for (const k of this.#opts.resync()) this.#pending.add(k);
    this.#schedule();
    return done;
  }

  stop(): Promise<void> {
    this.#running = false;
    for (const u of this.#unwatch.splice(0)) u();
    if (this.#immediate) clearImmediate(this.#immediate);
    this.#immediate = undefined;
    for (const t of this.#timers.values()) clearTimeout(t.timer);
    this.#timers.clear();
    this.#pending.clear();
    this.#firstPass?.();
    this.#firstPass = undefined;
    return Promise.resolve();
  }

  status(): ComponentStatus {
    const detail = this.#opts.detail?.() ?? 'running';
    if (!this.#running) return { ready: false, detail: 'stopped' };
    return { ready: true, detail: this.#lastError ? `${detail}; last error: ${this.#lastError}` : detail };
  }

  /** Queues `key` for the next pass. */
  enqueue(key: string): void {
    if (!this.#running) return;
    this.#pending.add(key);
    this.#schedule();
  }

  /** Queues `key` after `ms` (the earliest request wins). */
  enqueueAfter(key: string, ms: number): void {
    if (!this.#running) return;
    const at = Date.now() + ms;
    const existing = this.#timers.get(key);
    if (existing && existing.at <= at) return;
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => {
      this.#timers.delete(key);
      this.enqueue(key);
    }, ms);
    timer.unref();
    this.#timers.set(key, { at, timer });
  }

  #schedule(): void {
    if (this.#immediate || !this.#running) return;
    this.#immediate = setImmediate(() => this.#drain());
  }

  #drain(): void {
    this.#immediate = undefined;
    const keys = [...this.#pending];
    this.#pending.clear();
    for (const key of keys) {
      if (!this.#running) return;
      try {
        const after = this.#opts.reconcile(key);
        this.#failures.delete(key);
        if (after !== undefined) this.enqueueAfter(key, Math.max(1, after));
      } catch (err) {
        const n = (this.#failures.get(key) ?? 0) + 1;
        this.#failures.set(key, n);
        this.#lastError = `${key}: ${err instanceof Error ? err.message : String(err)}`;
        this.enqueueAfter(key, Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (n - 1)));
      }
    }
    if (this.#failures.size === 0) this.#lastError = undefined;
    this.#firstPass?.();
    this.#firstPass = undefined;
  }
}
