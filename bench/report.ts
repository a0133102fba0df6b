// The bench's output: the per-case table (medians of the interleaved rounds), the gangway /
// nginx ratios, and the JSON written to bench/results/latest.json.
import { median } from './parse.ts';
import type { LoadResult } from './parse.ts';

export interface CaseSummary {
  case: string;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  rounds: number;
  /** Each round's req/s and p99, in round order (for same-round ratios). */
  round_rps: number[];
  round_p99_ms: number[];
}

export function summarize(name: string, runs: readonly LoadResult[]): CaseSummary {
  const r2 = (v: number): number => Math.round(v * 100) / 100;
  return {
    case: name,
    rps: Math.round(median(runs.map((r) => r.rps))),
    p50_ms: r2(median(runs.map((r) => r.p50_ms))),
    p99_ms: r2(median(runs.map((r) => r.p99_ms))),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    rounds: runs.length,
    round_rps: runs.map((r) => Math.round(r.rps)),
    round_p99_ms: runs.map((r) => r2(r.p99_ms)),
  };
}

export interface Ratios {
  rps: number;
  p99: number;
}

/**
 * gangway-full-http / nginx-full-http (and haproxy), rps and p99: the median of the same-round
 * ratios (the VM's capacity drifts between minutes; perf-baseline.md compares this way), or the
 * ratio of the medians when the rounds do not line up. Undefined when a case is missing.
 */
export function ratios(cases: readonly CaseSummary[], base: string): Ratios | undefined {
  const g = cases.find((c) => c.case === 'gangway-full-http');
  const b = cases.find((c) => c.case === base);
  if (!g || !b || b.rps === 0 || b.p99_ms === 0) return undefined;
  const r2 = (v: number): number => Math.round(v * 100) / 100;
  const n = g.round_rps.length;
  if (
    n > 0 &&
    b.round_rps.length === n &&
    b.round_rps.every((v, i) => v > 0 && (b.round_p99_ms[i] ?? 0) > 0)
  ) {
    const rps = median(g.round_rps.map((v, i) => v / b.round_rps[i]!));
    const p99 = median(g.round_p99_ms.map((v, i) => v / b.round_p99_ms[i]!));
    return { rps: r2(rps), p99: r2(p99) };
  }
  return { rps: r2(g.rps / b.rps), p99: r2(g.p99_ms / b.p99_ms) };
}

export function table(cases: readonly CaseSummary[]): string[] {
  const rows = [['case', 'req/s', 'p50 ms', 'p99 ms', 'errors']];
  for (const c of cases)
    rows.push([c.case, String(c.rps), c.p50_ms.toFixed(2), c.p99_ms.toFixed(2), String(c.errors)]);
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  '),
  );
}
