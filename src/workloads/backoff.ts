// The kubelet's per-container back-off (client-go flowcontrol.Backoff as the kubelet uses it
// for crash loops and image pulls): 10 s doubling to 5 min, counted from the failure time,
// forgotten once the last failure is more than twice the maximum in the past.

export const INITIAL_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 300_000;

export class Backoff {
  readonly #initial: number;
  readonly #max: number;
  #delay = 0; // 0: no entry
  #lastUpdate = 0;

  constructor(initialMs = INITIAL_BACKOFF_MS, maxMs = MAX_BACKOFF_MS) {
    this.#initial = initialMs;
    this.#max = maxMs;
  }

  /** The current back-off step (0 before the first failure). */
  get delayMs(): number {
    return this.#delay;
  }

  /** Milliseconds still to wait after a failure at `eventTime`; 0 when not in back-off. */
  remaining(eventTime: number, now: number): number {
    if (this.#delay === 0) return 0;
    if (eventTime - this.#lastUpdate > 2 * this.#max) return 0;
    return Math.max(0, eventTime + this.#delay - now);
  }

  /** Records another failure at `eventTime`: the next step, or a fresh start when expired. */
  next(eventTime: number, now: number): void {
    if (this.#delay === 0 || eventTime - this.#lastUpdate > 2 * this.#max) this.#delay = this.#initial;
    else this.#delay = Math.min(this.#delay * 2, this.#max);
    this.#lastUpdate = now;
  }

  reset(): void {
    this.#delay = 0;
    this.#lastUpdate = 0;
  }
}

/** `10s`, `1m20s`, `5m0s`: Go's time.Duration formatting for whole seconds. */
export function goDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${s % 60}s`;
  return `${Math.floor(m / 60)}h${m % 60}m${s % 60}s`;
}
