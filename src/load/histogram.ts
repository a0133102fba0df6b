// Latency statistics as fortio keeps them: count/avg/stddev/min/max/sum, and a histogram on
// fortio's bucket edges (in milliseconds: 1 ms steps to 12, then coarser up to 100 s) whose
// percentiles are interpolated linearly inside the bucket that crosses them.

const EDGES_MS = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 16, 18, 20, 25, 30, 35, 40, 45, 50, 60, 70, 80, 90, 100, 200,
  300, 400, 500, 600, 700, 800, 900, 1000, 2000, 3000, 4000, 5000, 7500, 10000, 20000, 30000, 40000, 50000,
  60000, 70000, 80000, 90000, 100000,
] as const;

export interface Bucket {
  /** Seconds; the first bucket starts at the minimum, the last ends at the maximum. */
  start: number;
  end: number;
  /** Cumulative percentage of calls up to and including this bucket. */
  percent: number;
  count: number;
}

export interface Summary {
  count: number;
  /** Seconds. */
  avg: number;
  stddev: number;
  min: number;
  max: number;
  sum: number;
  buckets: Bucket[];
}

function bucketIndex(ms: number): number {
  let lo = 0;
  let hi: number = EDGES_MS.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ms <= (EDGES_MS[mid] ?? 0)) hi = mid;
    else lo = mid + 1;
  }
  return lo; // EDGES_MS.length: the overflow bucket
}

/** Accumulates durations (in seconds). */
export class Histogram {
  #counts = new Float64Array(EDGES_MS.length + 1);
  #count = 0;
  #sum = 0;
  #sumSq = 0;
  #min = Infinity;
  #max = -Infinity;

  record(seconds: number): void {
    this.#count++;
    this.#sum += seconds;
    this.#sumSq += seconds * seconds;
    if (seconds < this.#min) this.#min = seconds;
    if (seconds > this.#max) this.#max = seconds;
    const i = bucketIndex(seconds * 1000);
    this.#counts[i] = (this.#counts[i] ?? 0) + 1;
  }

  get count(): number {
    return this.#count;
  }

  summary(): Summary {
    const n = this.#count;
    if (n === 0) return { count: 0, avg: 0, stddev: 0, min: 0, max: 0, sum: 0, buckets: [] };
    const avg = this.#sum / n;
    const variance = Math.max(0, this.#sumSq / n - avg * avg);
    const buckets: Bucket[] = [];
    let cumulative = 0;
    for (let i = 0; i < this.#counts.length; i++) {
      const c = this.#counts[i] ?? 0;
      if (c === 0) continue;
      cumulative += c;
      const start = i === 0 ? 0 : (EDGES_MS[i - 1] ?? 0) / 1000;
      const end = i < EDGES_MS.length ? (EDGES_MS[i] ?? 0) / 1000 : this.#max;
      buckets.push({
        start: Math.max(start, this.#min),
        end: Math.min(end, this.#max),
        percent: (100 * cumulative) / n,
        count: c,
      });
    }
    return {
      count: n,
      avg,
      stddev: Math.sqrt(variance),
      min: this.#min,
      max: this.#max,
      sum: this.#sum,
      buckets,
    };
  }
}

/** The p-th percentile (0-100), interpolated inside its bucket as fortio does. */
export function percentile(s: Summary, p: number): number {
  if (s.count === 0) return 0;
  if (p <= 0) return s.min;
  if (p >= 100) return s.max;
  let prevPercent = 0;
  for (const b of s.buckets) {
    if (b.percent >= p) {
      return b.start + ((p - prevPercent) / (b.percent - prevPercent)) * (b.end - b.start);
    }
    prevPercent = b.percent;
  }
  return s.max;
}

export const DEFAULT_PERCENTILES = [50, 75, 90, 99, 99.9] as const;
