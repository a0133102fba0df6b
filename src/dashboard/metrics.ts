// Edge metrics from the gateway's own Prometheus counters (15090 /stats/prometheus): parses
// istio_requests_total and istio_request_duration_milliseconds per destination Service, keeps
// a minute of samples per gateway pod, and turns the window into rps, error rate and p99.

/** Cumulative counters for one destination Service as one gateway pod reports them. */
export interface ServiceCounters {
  requests: number;
  errors: number; // 5xx
  /** Cumulative histogram: le (ms, Infinity last) -> count. */
  buckets: Map<number, number>;
}

/** One scrape: `namespace/name` of the destination Service -> counters ('unknown/unknown' too). */
export type Scrape = Map<string, ServiceCounters>;

export interface EdgeMetrics {
  rps: number;
  error_rate: number; // 0..1
  p99_ms: number | null; // null when no request in the window
}

const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

function labelsOf(body: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of body.matchAll(LABEL))
    out.set(
      m[1]!,
      m[2]!.replace(/\\(.)/g, (_s, c: string) => (c === 'n' ? '\n' : c)),
    );
  return out;
}

function entry(scrape: Scrape, key: string): ServiceCounters {
  let c = scrape.get(key);
  if (!c) scrape.set(key, (c = { requests: 0, errors: 0, buckets: new Map() }));
  return c;
}

/** Parses the gateway's /stats/prometheus text into per-Service counters. */
export function parsePrometheus(text: string): Scrape {
  const scrape: Scrape = new Map();
  for (const line of text.split('\n')) {
    const isCount = line.startsWith('istio_requests_total{');
    const isBucket = !isCount && line.startsWith('istio_request_duration_milliseconds_bucket{');
    if (!isCount && !isBucket) continue;
    const close = line.lastIndexOf('}');
    if (close < 0) continue;
    const labels = labelsOf(line.slice(line.indexOf('{') + 1, close));
    const value = Number(line.slice(close + 1).trim());
    if (!Number.isFinite(value)) continue;
    const key = `${labels.get('destination_service_namespace') ?? 'unknown'}/${labels.get('destination_service_name') ?? 'unknown'}`;
    const c = entry(scrape, key);
    if (isCount) {
      c.requests += value;
      if ((labels.get('response_code') ?? '').startsWith('5')) c.errors += value;
    } else {
      const le = labels.get('le') === '+Inf' ? Infinity : Number(labels.get('le'));
      c.buckets.set(le, (c.buckets.get(le) ?? 0) + value);
    }
  }
  return scrape;
}

/** Prometheus' histogram_quantile over cumulative buckets (linear inside the bucket). */
export function quantile(q: number, buckets: ReadonlyMap<number, number>): number | null {
  const les = [...buckets.keys()].sort((a, b) => a - b);
  const total = les.length ? (buckets.get(les[les.length - 1]!) ?? 0) : 0;
  if (total <= 0) return null;
  const rank = q * total;
  let prevLe = 0;
  let prevCount = 0;
  for (const le of les) {
    const count = buckets.get(le) ?? 0;
    if (count >= rank) {
      if (le === Infinity) return prevLe;
      if (count === prevCount) return le;
      return prevLe + ((le - prevLe) * (rank - prevCount)) / (count - prevCount);
    }
    prevLe = le;
    prevCount = count;
  }
  return prevLe;
}

/** The difference of two scrapes of the same counters (a counter reset counts from zero). */
export function delta(newer: ServiceCounters, older: ServiceCounters | undefined): ServiceCounters {
  if (!older || newer.requests < older.requests) return newer;
  const buckets = new Map<number, number>();
  for (const [le, n] of newer.buckets) buckets.set(le, n - (older.buckets.get(le) ?? 0));
  return { requests: newer.requests - older.requests, errors: newer.errors - older.errors, buckets };
}

/** Adds counters into `into` (for sums over pods or Services). */
export function add(into: ServiceCounters, c: ServiceCounters): void {
  into.requests += c.requests;
  into.errors += c.errors;
  for (const [le, n] of c.buckets) into.buckets.set(le, (into.buckets.get(le) ?? 0) + n);
}

export function emptyCounters(): ServiceCounters {
  return { requests: 0, errors: 0, buckets: new Map() };
}

/** Counters over a window of `seconds` as an edge's numbers. */
export function toEdgeMetrics(c: ServiceCounters, seconds: number): EdgeMetrics {
  if (seconds <= 0 || c.requests <= 0) return { rps: 0, error_rate: 0, p99_ms: null };
  const p99 = quantile(0.99, c.buckets);
  return {
    rps: Math.round((c.requests / seconds) * 100) / 100,
    error_rate: Math.round((c.errors / c.requests) * 10000) / 10000,
    p99_ms: p99 === null ? null : Math.round(p99 * 100) / 100,
  };
}

/** What a minute of samples says: per gateway pod (`ns/name`), per destination Service. */
export interface Window {
  seconds: number;
  byPod: Map<string, Scrape>;
}

interface Sample {
  at: number;
  scrape: Scrape;
}

/** A minute of scrapes per pod; `window()` is the newest minus the oldest kept sample. */
export class SampleRing {
  readonly #keepMs: number;
  readonly #pods = new Map<string, Sample[]>();

  constructor(keepMs = 60_000) {
    this.#keepMs = keepMs;
  }

  push(pod: string, at: number, scrape: Scrape): void {
    let list = this.#pods.get(pod);
    if (!list) this.#pods.set(pod, (list = []));
    list.push({ at, scrape });
    while (list.length > 2 && at - list[1]!.at >= this.#keepMs) list.shift();
  }

  /** Forgets pods not in `alive`. */
  retain(alive: ReadonlySet<string>): void {
    for (const pod of [...this.#pods.keys()]) if (!alive.has(pod)) this.#pods.delete(pod);
  }

  window(): Window {
    const byPod = new Map<string, Scrape>();
    let seconds = 0;
    for (const [pod, list] of this.#pods) {
      const first = list[0];
      const last = list[list.length - 1];
      if (!first || !last || first === last) continue;
      seconds = Math.max(seconds, (last.at - first.at) / 1000);
      const d: Scrape = new Map();
      for (const [svc, c] of last.scrape) d.set(svc, delta(c, first.scrape.get(svc)));
      byPod.set(pod, d);
    }
    return { seconds, byPod };
  }
}
