// The upstream request's headers as an Istio ingress gateway's Envoy writes them, one flat
// [name, value, ...] array built straight from the downstream raw headers: host first (or its
// rewrite), names lowercase, hop-by-hop and Expect dropped, the external-request x-envoy-*
// headers stripped, x-forwarded-for appended with the peer (use_remote_address),
// x-forwarded-proto as the connection manager computed it (forwarded.ts), x-request-id
// regenerated, then Envoy's own x-envoy-* headers (x-envoy-external-address: the trusted
// client address).
import { connectionTokens, HOP_BY_HOP } from '../http/hop-by-hop.ts';

/** Removed from external requests (envoy header_sanitizing.rst). */
export const STRIPPED_ENVOY_HEADERS: ReadonlySet<string> = new Set([
  'x-envoy-decorator-operation',
  'x-envoy-downstream-service-cluster',
  'x-envoy-downstream-service-node',
  'x-envoy-expected-rq-timeout-ms',
  'x-envoy-external-address',
  'x-envoy-force-trace',
  'x-envoy-internal',
  'x-envoy-ip-tags',
  'x-envoy-max-retries',
  'x-envoy-retry-on',
  'x-envoy-retry-grpc-on',
  'x-envoy-upstream-alt-stat-name',
  'x-envoy-upstream-rq-per-try-timeout-ms',
  'x-envoy-upstream-rq-timeout-alt-response',
  'x-envoy-upstream-rq-timeout-ms',
]);

/** Headers the gateway sets itself: a client's copy is dropped. */
const REPLACED: ReadonlySet<string> = new Set([
  'host',
  'x-forwarded-proto',
  'x-request-id',
  'x-envoy-attempt-count',
  'expect',
]);

export interface UpstreamHeaderInput {
  /** req.rawHeaders: [name, value, ...] as received. */
  raw: readonly string[];
  /** The Host to send: the request's :authority or the route's host rewrite. */
  authority: string;
  /** The downstream peer address (appended to x-forwarded-for). */
  peer: string;
  /** The trusted client address (x-envoy-external-address); default the peer. */
  clientAddress?: string | undefined;
  /** The x-forwarded-proto to send (forwarded.ts). */
  scheme: string;
  requestId: string;
  decoratorOperation?: string | undefined;
  /** The path before a rewrite: sent as x-envoy-original-path. */
  originalPath?: string | undefined;
  /** The route timeout: sent as x-envoy-expected-rq-timeout-ms. */
  timeoutMs?: number | undefined;
}

export interface UpstreamHeaders {
  headers: string[];
  /** Index in `headers` of x-envoy-attempt-count's value (rewritten on each retry). */
  attemptSlot: number;
  /** The x-forwarded-for sent (for the access log). */
  forwardedFor: string;
}

export function upstreamHeaders(input: UpstreamHeaderInput): UpstreamHeaders {
  const raw = input.raw;
  const out: string[] = ['host', input.authority];
  let xffSlot = -1;
  let connTokens: ReadonlySet<string> | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    if ((raw[i] as string).length === 10 && (raw[i] as string).toLowerCase() === 'connection')
      connTokens = connectionTokens(raw[i + 1]);
  }
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    if (HOP_BY_HOP.has(name)) {
      if (name === 'te' && value.trim().toLowerCase() === 'trailers') out.push(name, value);
      continue;
    }
    if (REPLACED.has(name) || connTokens?.has(name) === true) continue;
    if (name.startsWith('x-envoy-') && STRIPPED_ENVOY_HEADERS.has(name)) continue;
    if (name === 'x-forwarded-for') {
      if (xffSlot >= 0) out[xffSlot] = `${out[xffSlot] as string},${value}`;
      else {
        out.push(name, value);
        xffSlot = out.length - 1;
      }
      continue;
    }
    if (name === 'x-envoy-original-path' && input.originalPath !== undefined) continue;
    out.push(name, value);
  }
  let forwardedFor: string;
  if (xffSlot >= 0) {
    forwardedFor = `${out[xffSlot] as string},${input.peer}`;
    out[xffSlot] = forwardedFor;
  } else {
    forwardedFor = input.peer;
    out.push('x-forwarded-for', forwardedFor);
  }
  out.push('x-forwarded-proto', input.scheme, 'x-request-id', input.requestId);
  if (input.originalPath !== undefined) out.push('x-envoy-original-path', input.originalPath);
  if (input.decoratorOperation !== undefined)
    out.push('x-envoy-decorator-operation', input.decoratorOperation);
  if (input.timeoutMs !== undefined && input.timeoutMs > 0)
    out.push('x-envoy-expected-rq-timeout-ms', String(input.timeoutMs));
  out.push('x-envoy-external-address', input.clientAddress ?? input.peer, 'x-envoy-attempt-count', '1');
  return { headers: out, attemptSlot: out.length - 1, forwardedFor };
}

/**
 * Response headers from the upstream: hop-by-hop dropped, server overwritten in place
 * (server_header_transformation OVERWRITE), date kept or added, then the service time.
 */
export function downstreamResponseHeaders(
  raw: readonly Buffer[],
  date: string,
  serviceTimeMs: number,
): string[] {
  const out: string[] = [];
  let sawServer = false;
  let sawDate = false;
  let chunked = false;
  let connTokens: ReadonlySet<string> | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const b = raw[i] as Buffer;
    if (b.length === 10 && b.toString('latin1').toLowerCase() === 'connection')
      connTokens = connectionTokens((raw[i + 1] as Buffer).toString('latin1'));
  }
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] as Buffer).toString('latin1').toLowerCase();
    if (HOP_BY_HOP.has(name) || connTokens?.has(name) === true) {
      if (name === 'transfer-encoding') chunked = true;
      continue;
    }
    if (name === 'server') {
      if (!sawServer) out.push('server', 'istio-envoy');
      sawServer = true;
      continue;
    }
    if (name === 'date') sawDate = true;
    out.push(name, (raw[i + 1] as Buffer).toString('latin1'));
  }
  if (!sawDate) out.push('date', date);
  if (!sawServer) out.push('server', 'istio-envoy');
  out.push('x-envoy-upstream-service-time', String(serviceTimeMs));
  // Envoy's HTTP/1 codec re-chunks a body of unknown length, lowercase and last.
  if (chunked) out.push('transfer-encoding', 'chunked');
  return out;
}
