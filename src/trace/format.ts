// `gangway trace` for people: one aligned line per hop with a ✔ / ✘ / ? / ! mark, then the
// final status, the hop at fault with the fix, and what an offline trace assumed.
import type { HopVerdict, TraceResult } from './types.ts';

const MARK: Record<HopVerdict, string> = { ok: '✔', fail: '✘', assumed: '?', warn: '!' };

export function formatTrace(r: TraceResult): string {
  const kindWidth = Math.max(...r.hops.map((h) => h.hop.length), 3);
  const nameWidth = Math.min(48, Math.max(...r.hops.map((h) => h.name.length), 4));
  const lines = [
    `${r.request.method} ${r.request.url} (Host: ${r.request.host})${r.mode === 'offline' ? ' [offline]' : ''}`,
  ];
  for (const h of r.hops) {
    const status = h.status === undefined ? '' : `  => ${h.status === 0 ? 'no answer' : String(h.status)}`;
    lines.push(
      `${MARK[h.verdict]} ${h.hop.padEnd(kindWidth)}  ${h.name.padEnd(nameWidth)}  ${h.detail}${status}`,
    );
  }
  const answer = r.status === 0 ? 'no HTTP answer' : `${r.status}${r.server ? ` from ${r.server}` : ''}`;
  lines.push('', `result: ${answer}`);
  if (r.fault) {
    lines.push(`at fault: ${r.fault.hop}: ${r.fault.why}`);
    if (r.fault.fix) lines.push(`fix: ${r.fault.fix}`);
  }
  for (const h of r.hops) if (h.verdict === 'warn' && h.fix) lines.push(`warning (${h.hop}): ${h.fix}`);
  if (r.assumptions.length > 0) lines.push(`assumed (not known offline): ${r.assumptions.join('; ')}`);
  return `${lines.join('\n')}\n`;
}
