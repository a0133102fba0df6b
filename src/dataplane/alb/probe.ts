// One ALB health check: GET <path> on the target's health-check port with
// `Host: <target ip>:<port>` and `User-Agent: ELB-HealthChecker/2.0`, a fresh connection each
// time, judged by the target group's success codes ('200', '200,201', '200-299').
import http from 'node:http';
import https from 'node:https';
import type { HealthCheck } from '../../alb/model.ts';
import type { Endpoint } from '../../net/dial-table.ts';

export const HEALTH_CHECK_USER_AGENT = 'ELB-HealthChecker/2.0';

export type ProbeResult =
  { kind: 'pass' } | { kind: 'code'; code: number } | { kind: 'timeout' } | { kind: 'error'; code: string };

/** Parses a matcher: comma-separated codes and ranges. Throws on anything else. */
export function parseMatcher(spec: string): (code: number) => boolean {
  const exact = new Set<number>();
  const ranges: [number, number][] = [];
  for (const part of spec.split(',')) {
    const p = part.trim();
    const m = /^(\d{3})(?:-(\d{3}))?$/.exec(p);
    if (m === null) throw new Error(`health check matcher: bad HTTP code ${JSON.stringify(p)} in ${spec}`);
    const lo = Number(m[1]);
    if (m[2] === undefined) exact.add(lo);
    else ranges.push([lo, Number(m[2])]);
  }
  return (code) => exact.has(code) || ranges.some(([lo, hi]) => code >= lo && code <= hi);
}

export interface ProbeRequest {
  /** Where to connect (already resolved through the DialTable). */
  endpoint: Endpoint;
  /** The Host header: the target's model address and health-check port. */
  hostHeader: string;
  check: HealthCheck;
  timeoutMs: number;
  matches: (code: number) => boolean;
}

/** Runs one check; never rejects. */
export function probe(req: ProbeRequest): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: ProbeResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const mod = req.check.protocol === 'HTTPS' ? https : http;
    const out = mod.request({
      host: req.endpoint.host,
      port: req.endpoint.port,
      method: 'GET',
      path: req.check.path,
      agent: false,
      rejectUnauthorized: false, // ALB does not validate target certificates
      headers: { Host: req.hostHeader, Connection: 'close', 'User-Agent': HEALTH_CHECK_USER_AGENT },
    });
    const timer = setTimeout(() => {
      finish({ kind: 'timeout' });
      out.destroy();
    }, req.timeoutMs);
    timer.unref();
    out.on('response', (res) => {
      const code = res.statusCode ?? 0;
      res.resume();
      res.on('error', () => undefined);
      finish(req.matches(code) ? { kind: 'pass' } : { kind: 'code', code });
      res.on('end', () => out.destroy());
    });
    out.on('error', (err: NodeJS.ErrnoException) => finish({ kind: 'error', code: err.code ?? 'ERROR' }));
    out.end();
  });
}
