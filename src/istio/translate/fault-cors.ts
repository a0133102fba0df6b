// VirtualService fault injection and CORS policy as Istio translates them (pilot route
// TranslateFault, TranslateCORSPolicy): percentages 0-100 (unset means 0%: never), fixed delays
// only, abort by HTTP or gRPC status; CORS lists as Envoy receives them, maxAge in whole seconds.
import type { CorsPolicy, FaultPolicy, StringMatch } from '../model.ts';
import { parseDurationMs } from './durations.ts';
import { scalarText } from './header-ops.ts';
import type { CorsPolicySpec, FaultSpec, IstioStringMatch, PercentSpec } from './specs.ts';

/** translatePercentToFractionalPercent, as a 0-100 number. */
export function percent(p: PercentSpec | undefined | null, fallback: number): number {
  const v = p ? (typeof p.value === 'number' ? p.value : 0) : fallback;
  return Math.min(100, Math.max(0, v));
}

export function translateFault(f: FaultSpec | undefined): FaultPolicy | undefined {
  if (!f) return undefined;
  const out: FaultPolicy = {};
  if (f.delay) {
    const fixed = parseDurationMs(f.delay.fixedDelay);
    // Exponential delays are not supported by Istio: the delay is dropped.
    if (fixed !== undefined)
      out.delay = { fixedDelayMs: fixed, percentage: percent(f.delay.percentage, f.delay.percent ?? 0) };
  }
  if (f.abort) {
    const pct = percent(f.abort.percentage, 0);
    if (typeof f.abort.httpStatus === 'number')
      out.abort = { httpStatus: f.abort.httpStatus, percentage: pct };
    else if (typeof f.abort.grpcStatus === 'string' && f.abort.grpcStatus !== '')
      out.abort = { grpcStatus: f.abort.grpcStatus, percentage: pct };
  }
  return out.delay || out.abort ? out : undefined;
}

/** util.ConvertToEnvoyMatch. */
export function envoyStringMatch(m: IstioStringMatch | null | undefined): StringMatch | undefined {
  if (!m) return undefined;
  if (typeof m.exact === 'string') return { exact: m.exact };
  if (typeof m.prefix === 'string') return { prefix: m.prefix };
  if (typeof m.regex === 'string') return { regex: m.regex };
  return undefined;
}

export function translateCors(c: CorsPolicySpec | undefined): CorsPolicy | undefined {
  if (!c) return undefined;
  const allowOrigins: StringMatch[] = [];
  if (c.allowOrigins) {
    for (const o of c.allowOrigins) {
      const m = envoyStringMatch(o);
      if (m) allowOrigins.push(m);
    }
  } else {
    for (const o of c.allowOrigin ?? []) allowOrigins.push({ exact: scalarText(o) });
  }
  const out: CorsPolicy = {
    allowOrigins,
    allowMethods: [...(c.allowMethods ?? [])],
    allowHeaders: [...(c.allowHeaders ?? [])],
    exposeHeaders: [...(c.exposeHeaders ?? [])],
    unmatchedPreflights: c.unmatchedPreflights === 'IGNORE' ? 'IGNORE' : 'FORWARD',
  };
  const maxAge = parseDurationMs(c.maxAge);
  if (maxAge !== undefined) out.maxAge = String(Math.floor(maxAge / 1000));
  if (typeof c.allowCredentials === 'boolean') out.allowCredentials = c.allowCredentials;
  return out;
}
