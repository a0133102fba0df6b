// The load summary as fortio prints it (stats lines, histogram ranges, `# target` percentiles,
// `Sockets used`, `Code 200 : 17 (85.0 %)`, `All done ...`), plus a latency line in ms, and the
// JSON form of `-o json` (fortio's field names, seconds; `LatencyMs` in milliseconds).
import { goDuration, goG } from './go-format.ts';
import { DEFAULT_PERCENTILES, percentile, type Summary } from './histogram.ts';
import type { LoadResult } from './runner.ts';

function statsLine(label: string, s: Summary): string {
  if (s.count === 0) return `${label} : no data\n`;
  return (
    `${label} : count ${s.count} avg ${goG(s.avg, 8)} +/- ${goG(s.stddev, 4)} ` +
    `min ${goG(s.min)} max ${goG(s.max)} sum ${goG(s.sum, 9)}\n`
  );
}

function histogramLines(s: Summary): string {
  if (s.count === 0) return '';
  let out = '# range, mid point, percentile, count\n';
  s.buckets.forEach((b, i) => {
    out +=
      `${i === 0 ? '>=' : '>'} ${goG(b.start, 6)} <= ${goG(b.end, 6)} , ${goG((b.start + b.end) / 2, 6)} , ` +
      `${b.percent.toFixed(2)}, ${b.count}\n`;
  });
  for (const p of DEFAULT_PERCENTILES) out += `# target ${goG(p)}% ${goG(percentile(s, p), 6)}\n`;
  return out;
}

function ms(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e3;
}

function latencyMs(s: Summary): Record<string, number> {
  const out: Record<string, number> = { min: ms(s.min), avg: ms(s.avg), max: ms(s.max) };
  for (const p of DEFAULT_PERCENTILES) out[`p${goG(p)}`] = ms(percentile(s, p));
  return out;
}

function durationText(msValue: number): string {
  return goDuration(BigInt(Math.round(msValue * 1e6)));
}

function startLine(r: LoadResult): string {
  const rate = r.requestedQps > 0 ? `${goG(r.requestedQps)} qps` : 'max qps';
  const head = `Starting at ${rate} with ${r.connections} thread(s)`;
  if (r.requestedRequests !== undefined) {
    const per = Math.floor(r.requestedRequests / r.connections);
    const extra = r.requestedRequests % r.connections;
    return `${head} for exactly ${r.requestedRequests} calls (${per} per thread + ${extra})\n`;
  }
  if (r.requestedDurationMs === 0) return `${head} until interrupted\n`;
  const dur = durationText(r.requestedDurationMs);
  if (r.requestedQps <= 0) return `${head} for ${dur}\n`;
  const each = Math.round((r.requestedDurationMs / 1000) * (r.requestedQps / r.connections));
  return `${head} for ${dur} : ${each} calls each (total ${each * r.connections} + 0)\n`;
}

/** The first line, printed before the run starts. */
export function bannerLine(
  r: Pick<LoadResult, 'url' | 'requestedQps' | 'requestedRequests' | 'requestedDurationMs'>,
): string {
  const what =
    r.requestedRequests !== undefined
      ? `${r.requestedRequests} calls`
      : r.requestedDurationMs === 0
        ? 'until interrupted'
        : durationText(r.requestedDurationMs);
  return `gangway load running at ${goG(r.requestedQps)} queries per second, for ${what}: ${r.url}\n`;
}

/** The whole text summary (after the banner). */
export function summaryText(r: LoadResult): string {
  let out = startLine(r);
  out += `Ended after ${goDuration(r.elapsedNs)} : ${r.calls} calls. qps=${goG(r.actualQps, 5)}\n`;
  out += statsLine('Aggregated Function Time', r.latency);
  out += histogramLines(r.latency);
  out += statsLine('Error cases', r.errors);
  out += histogramLines(r.errors);
  const l = latencyMs(r.latency);
  out += `Latency (ms) : ${Object.entries(l)
    .map(([k, v]) => `${k} ${goG(v)}`)
    .join(' ')}\n`;
  out += `Sockets used: ${r.socketsUsed} (for perfect keepalive, would be ${r.connections})\n`;
  out += `Uniform: false, Jitter: false, Catchup allowed: false\n`;
  const total = r.calls;
  const pct = (n: number): string => (total === 0 ? '0.0' : ((100 * n) / total).toFixed(1));
  for (const [code, n] of [...r.codes].sort((a, b) => a[0] - b[0]))
    out += `Code ${String(code).padStart(3)} : ${n} (${pct(n)} %)\n`;
  for (const [key, n] of [...r.bodies].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)))
    out += `Body ${JSON.stringify(key)} : ${n} (${pct(n)} %)\n`;
  out +=
    `All done ${r.calls} calls (plus ${r.warmup} warmup) ${(r.latency.avg * 1000).toFixed(3)} ms avg, ` +
    `${r.actualQps.toFixed(1)} qps\n`;
  return out;
}

function histogramJson(s: Summary): Record<string, unknown> {
  return {
    Count: s.count,
    Min: s.min,
    Max: s.max,
    Sum: s.sum,
    Avg: s.avg,
    StdDev: s.stddev,
    Data: s.buckets.map((b) => ({ Start: b.start, End: b.end, Percent: b.percent, Count: b.count })),
    Percentiles: DEFAULT_PERCENTILES.map((p) => ({ Percentile: p, Value: percentile(s, p) })),
  };
}

/** `-o json`: fortio's result field names where it has them. */
export function resultJson(r: LoadResult): Record<string, unknown> {
  return {
    URL: r.url,
    NumThreads: r.connections,
    RequestedQPS: r.requestedQps > 0 ? String(r.requestedQps) : 'max',
    RequestedDuration:
      r.requestedRequests !== undefined
        ? `exactly ${r.requestedRequests} calls`
        : durationText(r.requestedDurationMs),
    ActualQPS: r.actualQps,
    ActualDuration: Number(r.elapsedNs),
    DurationHistogram: histogramJson(r.latency),
    ErrorsDurationHistogram: histogramJson(r.errors),
    LatencyMs: latencyMs(r.latency),
    RetCodes: Object.fromEntries([...r.codes].sort((a, b) => a[0] - b[0]).map(([k, v]) => [String(k), v])),
    Bodies: Object.fromEntries(r.bodies),
    SocketCount: r.socketsUsed,
    Warmup: r.warmup,
    BytesReceived: r.bodyBytes,
  };
}
