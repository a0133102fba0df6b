// Pure parsers for the load tools' output: wrk (with the harness's Lua done() line), h2load's
// summary, autocannon's --json report. Each returns requests/s, p50 and p99 in ms and errors.

export interface LoadResult {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  requests: number;
  /** Socket errors plus non-2xx/3xx responses. */
  errors: number;
}

/** The Lua script given to wrk (-s): one parseable line, latencies in microseconds. */
export const WRK_REPORT_LUA = `done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT rps=%.2f p50_us=%d p99_us=%d requests=%d errors=%d non2xx=%d\\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    summary.requests, e.connect + e.read + e.write + e.timeout, e.status))
end
`;

function num(m: RegExpExecArray | null, i: number, what: string): number {
  const v = m?.[i];
  if (v === undefined) throw new Error(`load output: no ${what}`);
  return Number(v);
}

/** wrk stdout with WRK_REPORT_LUA: the RESULT line. */
export function parseWrk(out: string): LoadResult {
  const m = /RESULT rps=([\d.]+) p50_us=(\d+) p99_us=(\d+) requests=(\d+) errors=(\d+) non2xx=(\d+)/.exec(
    out,
  );
  if (!m) throw new Error(`wrk output has no RESULT line:\n${out.slice(0, 500)}`);
  return {
    rps: num(m, 1, 'rps'),
    p50_ms: num(m, 2, 'p50') / 1000,
    p99_ms: num(m, 3, 'p99') / 1000,
    requests: num(m, 4, 'requests'),
    errors: num(m, 5, 'errors') + num(m, 6, 'non2xx'),
  };
}

/** One latency cell of h2load ("1.23ms", "850us", "1.02s") in ms. */
export function h2loadDurationMs(text: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(text.trim());
  const unit = m?.[2];
  if (!m || unit === undefined) throw new Error(`h2load: bad duration "${text}"`);
  const v = Number(m[1]);
  return unit === 'us' ? v / 1000 : unit === 's' ? v * 1000 : v;
}

/** Percentile p (0-100) of sorted ascending values, nearest-rank. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? 0;
}

/**
 * h2load stdout: req/s from "finished in", status counts; latency percentiles come from its
 * per-request log (--log-file: start-us, status, duration-us per line) when given, else the
 * summary's mean stands in for p50 and max for p99 (h2load prints no percentiles).
 */
export function parseH2load(out: string, log?: string): LoadResult {
  const fin = /finished in ([\d.]+\w+), ([\d.]+) req\/s/.exec(out);
  const reqs =
    /requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored/.exec(
      out,
    );
  const status = /status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx/.exec(out);
  if (!fin || !reqs) throw new Error(`h2load output not understood:\n${out.slice(0, 500)}`);
  const done = num(reqs, 3, 'done');
  const bad =
    num(reqs, 5, 'failed') +
    num(reqs, 6, 'errored') +
    (status ? num(status, 3, '4xx') + num(status, 4, '5xx') : 0);
  let p50 = 0;
  let p99 = 0;
  const durations = log === undefined ? [] : parseH2loadLog(log);
  if (durations.length > 0) {
    durations.sort((a, b) => a - b);
    p50 = percentile(durations, 50);
    p99 = percentile(durations, 99);
  } else {
    const lat = /time for request:\s+(\S+)\s+(\S+)\s+(\S+)/.exec(out);
    if (lat?.[1] !== undefined && lat[2] !== undefined && lat[3] !== undefined) {
      p50 = h2loadDurationMs(lat[3]);
      p99 = h2loadDurationMs(lat[2]);
    }
  }
  return { rps: num(fin, 2, 'req/s'), p50_ms: p50, p99_ms: p99, requests: done, errors: bad };
}

/** h2load --log-file lines: "start_us<TAB>status<TAB>duration_us"; durations in ms. */
export function parseH2loadLog(log: string): number[] {
  const out: number[] = [];
  for (const line of log.split('\n')) {
    const f = line.split('\t');
    const d = f[2];
    if (d !== undefined && /^\d+$/.test(d.trim())) out.push(Number(d) / 1000);
  }
  return out;
}

/** autocannon --json report (the last JSON object on stdout). */
export function parseAutocannon(out: string): LoadResult {
  const start = out.lastIndexOf('\n{');
  const text = start >= 0 ? out.slice(start + 1) : out.trim();
  const j = JSON.parse(text) as {
    requests?: { average?: number; total?: number };
    latency?: { p50?: number; p99?: number };
    errors?: number;
    timeouts?: number;
    non2xx?: number;
  };
  if (j.requests?.average === undefined || j.latency?.p50 === undefined || j.latency.p99 === undefined)
    throw new Error('autocannon JSON has no requests.average / latency.p50 / latency.p99');
  return {
    rps: j.requests.average,
    p50_ms: j.latency.p50,
    p99_ms: j.latency.p99,
    requests: j.requests.total ?? 0,
    errors: (j.errors ?? 0) + (j.timeouts ?? 0) + (j.non2xx ?? 0),
  };
}

/** Median of a non-empty list (mean of the middle two for even lengths). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}
