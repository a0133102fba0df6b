// /healthz, /livez and /readyz as the API server answers them: `ok`, or with ?verbose one
// `[+]name ok` / `[-]name failed: reason withheld` line per check and a closing verdict;
// /readyz/<check> answers for one check; ?exclude=<check> skips checks.
import type { HealthEndpoint } from './route.ts';
import { StatusError } from '../registry/status-error.ts';

export interface HealthCheck {
  name: string;
  ok: boolean;
}

export interface HealthAnswer {
  code: number;
  body: string;
}

/** The checks each endpoint runs: ping and log always; readyz adds the stack's readiness and shutdown. */
export function healthChecks(
  endpoint: HealthEndpoint,
  readiness: { ready: boolean; checks: HealthCheck[] } | undefined,
  shuttingDown: boolean,
): HealthCheck[] {
  const checks: HealthCheck[] = [
    { name: 'ping', ok: true },
    { name: 'log', ok: true },
  ];
  if (endpoint === 'readyz') {
    if (readiness) {
      checks.push(...readiness.checks);
      if (!readiness.ready && readiness.checks.every((c) => c.ok)) checks.push({ name: 'stack', ok: false });
    }
    checks.push({ name: 'shutdown', ok: !shuttingDown });
  }
  return checks;
}

export function healthAnswer(
  endpoint: HealthEndpoint,
  checks: readonly HealthCheck[],
  query: URLSearchParams,
  single?: string,
): HealthAnswer {
  if (single !== undefined) {
    const c = checks.find((x) => x.name === single);
    if (!c) throw new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});
    return c.ok
      ? { code: 200, body: 'ok' }
      : { code: 500, body: `internal server error: ${single} failed\n` };
  }
  const excluded = new Set(query.getAll('exclude'));
  const verbose = query.has('verbose');
  const run = checks.filter((c) => !excluded.has(c.name));
  const failed = run.some((c) => !c.ok);
  if (!failed && !verbose) return { code: 200, body: 'ok' };
  let body = '';
  for (const c of run) body += c.ok ? `[+]${c.name} ok\n` : `[-]${c.name} failed: reason withheld\n`;
  for (const name of excluded) {
    if (checks.some((c) => c.name === name)) body += `[+]${name} excluded: ok\n`;
  }
  body += failed ? `${endpoint} check failed\n` : `${endpoint} check passed\n`;
  return { code: failed ? 500 : 200, body };
}
