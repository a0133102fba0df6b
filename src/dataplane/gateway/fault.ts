// Envoy's HTTP fault filter for a route's FaultPolicy: the delay is decided first (per-million
// sampling of the injectable random source), then the abort; a delayed request carries DI, an
// aborted one FI and the local reply `fault filter abort` (text/plain) with the configured
// status. Pure: the handler runs the timer and writes the reply.
import type { FaultPolicy } from '../../istio/model.ts';

export const FAULT_ABORT_BODY = 'fault filter abort';

export interface FaultDecision {
  /** Milliseconds to hold the request before it goes on (0: no delay). */
  delayMs: number;
  /** The abort status, or 0 for none. */
  abortStatus: number;
}

/** percentage (0-100, a double) as Envoy's per-million FractionalPercent numerator. */
export function perMillion(percentage: number): number {
  return Math.round(percentage * 10_000);
}

/** True when a draw in [0, 1) falls under the per-million numerator. */
export function sampled(percentage: number, random: () => number): boolean {
  const n = perMillion(percentage);
  if (n <= 0) return false;
  if (n >= 1_000_000) return true;
  return Math.floor(random() * 1_000_000) < n;
}

export function decideFault(fault: FaultPolicy, random: () => number): FaultDecision {
  let delayMs = 0;
  if (fault.delay && fault.delay.fixedDelayMs > 0 && sampled(fault.delay.percentage, random))
    delayMs = fault.delay.fixedDelayMs;
  let abortStatus = 0;
  const abort = fault.abort;
  if (abort && sampled(abort.percentage, random)) {
    // gRPC aborts answer HTTP 200 with grpc-status; on HTTP/1 gangway sends the HTTP status.
    abortStatus = abort.httpStatus ?? (abort.grpcStatus !== undefined ? 200 : 0);
  }
  return { delayMs, abortStatus };
}

/** Response flags for the decision taken ('-' when none). */
export function faultFlags(d: FaultDecision): string {
  if (d.delayMs > 0 && d.abortStatus > 0) return 'DI,FI';
  if (d.delayMs > 0) return 'DI';
  if (d.abortStatus > 0) return 'FI';
  return '-';
}
