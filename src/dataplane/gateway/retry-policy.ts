// A route's retry policy compiled once per model into flags, and Envoy's retry decisions
// (RetryStateImpl): which responses and resets are retried, with the jittered exponential
// backoff (25 ms base, 250 ms cap). A response carrying x-envoy-overloaded is never retried.
import type { RouteAction } from '../../istio/model.ts';

type RetrySpec = NonNullable<Extract<RouteAction, { type: 'route' }>['retry']>;

export interface CompiledRetry {
  attempts: number;
  perTryTimeoutMs: number | undefined;
  on5xx: boolean;
  gatewayError: boolean;
  reset: boolean;
  connectFailure: boolean;
  retriable4xx: boolean;
  statusCodes: ReadonlySet<number> | undefined;
  /** gRPC status codes retried (cancelled, deadline-exceeded, internal, resource-exhausted, unavailable). */
  grpc: ReadonlySet<number> | undefined;
}

const GRPC: Record<string, number> = {
  cancelled: 1,
  'deadline-exceeded': 4,
  'resource-exhausted': 8,
  internal: 13,
  unavailable: 14,
};

export const BACKOFF_BASE_MS = 25;
export const BACKOFF_MAX_MS = 250;

export function compileRetry(r: RetrySpec | undefined): CompiledRetry | undefined {
  if (!r || r.attempts <= 0) return undefined;
  const on = new Set(r.retryOn.split(',').map((s) => s.trim()));
  const codes = new Set<number>();
  let withCodes = false;
  const grpc = new Set<number>();
  for (const c of on) {
    if (/^\d+$/.test(c)) {
      codes.add(Number(c));
      withCodes = true;
    }
    const g = GRPC[c];
    if (g !== undefined) grpc.add(g);
  }
  if (on.has('retriable-status-codes')) {
    withCodes = true;
    for (const c of r.retriableStatusCodes ?? []) codes.add(c);
  }
  return {
    attempts: r.attempts,
    perTryTimeoutMs: r.perTryTimeoutMs,
    on5xx: on.has('5xx'),
    gatewayError: on.has('gateway-error'),
    reset: on.has('reset'),
    connectFailure: on.has('connect-failure'),
    retriable4xx: on.has('retriable-4xx'),
    statusCodes: withCodes && codes.size > 0 ? codes : undefined,
    grpc: grpc.size > 0 ? grpc : undefined,
  };
}

/** Envoy's wouldRetryFromHeaders. */
export function retriableResponse(
  p: CompiledRetry,
  status: number,
  grpcStatus: number | undefined,
  overloaded: boolean,
): boolean {
  if (overloaded) return false;
  if (p.on5xx && status >= 500) return true;
  if (p.gatewayError && (status === 502 || status === 503 || status === 504)) return true;
  if (p.retriable4xx && status === 409) return true;
  if (p.statusCodes?.has(status) === true) return true;
  return grpcStatus !== undefined && p.grpc?.has(grpcStatus) === true;
}

/** Envoy's wouldRetryFromReset: connect failures, resets and per-try timeouts. */
export function retriableReset(p: CompiledRetry, connectFailure: boolean): boolean {
  if (p.on5xx || p.gatewayError || p.reset) return true;
  return connectFailure && p.connectFailure;
}

/** The backoff before retry number `n` (1-based), jittered by `random` in [0, 1). */
export function backoffMs(n: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * (2 ** n - 1));
  return Math.floor(random() * ceiling);
}
