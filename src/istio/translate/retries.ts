// VirtualService retries -> the route's retry policy (pilot retry.ConvertPolicy): absent means
// the mesh default (2 attempts on connect-failure,refused-stream,unavailable,cancelled,
// retriable-status-codes), attempts <= 0 disables, numeric retryOn entries that are HTTP status
// codes (Go's http.StatusText) become retriable status codes.
import type { RouteAction } from '../model.ts';
import { parseDurationMs } from './durations.ts';
import type { HttpRouteSpec } from './specs.ts';

export type RetryPolicy = NonNullable<Extract<RouteAction, { type: 'route' }>['retry']>;

export const DEFAULT_RETRY_ON = 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes';

/** The status codes Go's net/http names (http.StatusText non-empty). */
const KNOWN_STATUS = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307,
  308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421,
  422, 423, 424, 425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);

/** parseRetryOn: the policy names joined, and the status codes. */
export function parseRetryOn(retryOn: string): { names: string; codes: number[] } {
  const names: string[] = [];
  const codes: number[] = [];
  for (const part of retryOn.split(',')) {
    const p = part.trim();
    if (p === '') continue;
    if (/^[+-]?\d+$/.test(p) && KNOWN_STATUS.has(Number(p))) codes.push(Number(p));
    else names.push(p);
  }
  return { names: names.join(','), codes };
}

export function retryPolicy(r: HttpRouteSpec['retries']): RetryPolicy | undefined {
  if (!r) return { attempts: 2, retryOn: DEFAULT_RETRY_ON };
  if ((r.attempts ?? 0) <= 0) return undefined;
  const out: RetryPolicy = { attempts: r.attempts!, retryOn: DEFAULT_RETRY_ON };
  if (r.retryOn) {
    const { names, codes } = parseRetryOn(r.retryOn);
    out.retryOn = names;
    if (codes.length > 0) {
      out.retriableStatusCodes = codes;
      if (!names.includes('retriable-status-codes'))
        out.retryOn = names === '' ? 'retriable-status-codes' : `${names},retriable-status-codes`;
    }
  }
  const perTry = parseDurationMs(r.perTryTimeout);
  if (perTry !== undefined && perTry > 0) out.perTryTimeoutMs = perTry;
  return out;
}
