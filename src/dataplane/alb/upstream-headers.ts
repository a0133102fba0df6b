// The request headers the ALB sends to a target, built as one flat [name, value, ...] array
// from the client's raw headers: hop-by-hop headers dropped (HTTP/1.1 to the target whatever
// the client spoke), HTTP/2 cookie crumbs joined, Host without the port on listeners 80/443
// (with it appended on other ports, kept as sent with preserve_host_header), X-Forwarded-For
// by routing.http.xff_header_processing.mode (append, with the client port when
// routing.http.xff_client_port.enabled; preserve; remove), X-Forwarded-Proto and -Port set
// to the listener's, and X-Amzn-Trace-Id `Root=1-<8 hex epoch>-<24 hex>` added (or `Self=`
// added/updated when a Root is already present).
import { randomFillSync } from 'node:crypto';

/** ALB answers 463 when X-Forwarded-For already carries more than this many addresses. */
export const MAX_XFF_ADDRESSES = 30;

const DROP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'host',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-port',
  'x-amzn-trace-id',
  'http2-settings',
]);

// Random hex drawn from one pool filled (and hex-encoded) 256 ids at a time, and the epoch
// part formatted once per second: a trace id costs two string slices and a concatenation.
const POOL_IDS = 256;
const pool = Buffer.alloc(12 * POOL_IDS);
let poolHex = '';
let poolAt = POOL_IDS;
let traceSecond = -1;
let traceSecondHex = '';

function random24Hex(): string {
  if (poolAt >= POOL_IDS) {
    randomFillSync(pool);
    poolHex = pool.toString('hex');
    poolAt = 0;
  }
  const at = poolAt * 24;
  poolAt++;
  return poolHex.slice(at, at + 24);
}

/** A new trace id `1-<8 hex epoch seconds>-<24 hex>`. */
export function newTraceId(now: Date): string {
  const secs = Math.floor(now.getTime() / 1000);
  if (secs !== traceSecond) {
    traceSecond = secs;
    traceSecondHex = `1-${secs.toString(16).padStart(8, '0')}-`;
  }
  return traceSecondHex + random24Hex();
}

/** The X-Amzn-Trace-Id value sent on: Root added, or Self added/updated when Root is there. */
export function traceHeader(existing: string | undefined, now: Date): string {
  const id = newTraceId(now);
  if (existing === undefined || existing === '') return `Root=${id}`;
  const fields = existing.split(';').filter((f) => f.trim() !== '' && !/^\s*self=/i.test(f));
  if (!fields.some((f) => /^\s*root=/i.test(f))) return [`Root=${id}`, ...fields].join(';');
  return [`Self=${id}`, ...fields].join(';');
}

export interface ClientFacts {
  /** Host header or :authority as received ('' when absent). */
  host: string;
  clientIp: string;
  /** The listener's port and protocol as the model says (80/443), not the bound port. */
  listenerPort: number;
  proto: 'http' | 'https';
  now: Date;
  /** routing.http.xff_header_processing.mode (default append). */
  xffMode?: XffMode;
  /** The client's source port, appended to its address when xff_client_port is enabled. */
  clientPort?: number;
  /** routing.http.preserve_host_header.enabled: Host sent as received. */
  preserveHost?: boolean;
}

export type XffMode = 'append' | 'preserve' | 'remove';

/** The load balancer attributes the upstream headers depend on, read once per model. */
export interface HeaderSettings {
  xffMode: XffMode;
  xffClientPort: boolean;
  preserveHost: boolean;
}

export function headerSettings(attributes: Record<string, string>): HeaderSettings {
  const mode = attributes['routing.http.xff_header_processing.mode'];
  return {
    xffMode: mode === 'preserve' || mode === 'remove' ? mode : 'append',
    xffClientPort: attributes['routing.http.xff_client_port.enabled'] === 'true',
    preserveHost: attributes['routing.http.preserve_host_header.enabled'] === 'true',
  };
}

export type UpstreamHeaders = { headers: string[] } | { reject: 463 };

function connectionTokens(raw: readonly string[], start: number): Set<string> | undefined {
  let tokens: Set<string> | undefined;
  for (let i = start; i + 1 < raw.length; i += 2) {
    if (raw[i]!.length === 10 && raw[i]!.toLowerCase() === 'connection') {
      for (const t of raw[i + 1]!.split(',')) {
        const tok = t.trim().toLowerCase();
        if (tok !== '') (tokens ??= new Set()).add(tok);
      }
    }
  }
  return tokens;
}

function stripIpv4Mapped(ip: string): string {
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}

/**
 * Builds the target's headers from raw client headers. Pseudo-headers (`:path`...) are
 * skipped, so HTTP/2 raw headers can be passed as they are.
 */
export function upstreamHeaders(raw: readonly string[], facts: ClientFacts): UpstreamHeaders {
  const out: string[] = ['host', ''];
  const extra = connectionTokens(raw, 0);
  let xff: string | undefined;
  let trace: string | undefined;
  let cookie: string | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.charCodeAt(0) === 58 /* ':' */) continue;
    const lower = name.toLowerCase();
    if (DROP.has(lower) || extra?.has(lower)) {
      if (lower === 'x-forwarded-for') xff = xff === undefined ? raw[i + 1]! : `${xff}, ${raw[i + 1]!}`;
      else if (lower === 'x-amzn-trace-id') trace ??= raw[i + 1]!;
      continue;
    }
    if (lower === 'cookie') {
      cookie = cookie === undefined ? raw[i + 1]! : `${cookie}; ${raw[i + 1]!}`;
      continue;
    }
    out.push(name, raw[i + 1]!);
  }
  if (cookie !== undefined) out.push('cookie', cookie);
  const mode = facts.xffMode ?? 'append';
  if (mode !== 'remove' && xff !== undefined && xff.trim() !== '') {
    if (xff.split(',').length > MAX_XFF_ADDRESSES) return { reject: 463 };
  } else if (mode !== 'append') xff = undefined;
  if (mode === 'append') {
    let client = stripIpv4Mapped(facts.clientIp);
    if (facts.clientPort !== undefined)
      client = client.includes(':')
        ? `[${client}]:${String(facts.clientPort)}`
        : `${client}:${String(facts.clientPort)}`;
    xff = xff !== undefined && xff.trim() !== '' ? `${xff}, ${client}` : client;
  }
  out[1] = facts.preserveHost === true ? facts.host : targetHost(facts.host, facts.listenerPort);
  if (xff !== undefined) out.push('x-forwarded-for', xff);
  out.push(
    'x-forwarded-proto',
    facts.proto,
    'x-forwarded-port',
    String(facts.listenerPort),
    'x-amzn-trace-id',
    traceHeader(trace, facts.now),
  );
  return { headers: out };
}

/** Host as the target sees it: port stripped on 80/443 listeners, appended on others. */
export function targetHost(host: string, listenerPort: number): string {
  const colon = host.startsWith('[') ? host.indexOf(':', host.indexOf(']')) : host.indexOf(':');
  const bare = colon === -1 ? host : host.slice(0, colon);
  if (listenerPort === 80 || listenerPort === 443) return bare;
  return `${bare}:${listenerPort}`;
}
