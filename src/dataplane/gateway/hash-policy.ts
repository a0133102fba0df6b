// The hash key of a request for a cluster's consistentHash policy, as Envoy's hash policies
// compute it: a header's value, a cookie's value (generated when absent and a TTL is set,
// from the downstream remote + local addresses, and returned in Set-Cookie), the trusted
// client IP, or a query parameter. No key: undefined (the ring balancer then picks randomly).
import type { IncomingHttpHeaders } from 'node:http';
import type { GatewayCluster } from '../../istio/model.ts';
import { hex64, xxHash64 } from './xxhash64.ts';

export type HashPolicy = NonNullable<GatewayCluster['hashPolicy']>;

export interface HashInput {
  headers: IncomingHttpHeaders;
  /** Path with query. */
  path: string;
  clientAddress: string;
  /** 'ip:port' of the downstream peer and of the listener, for generated cookies. */
  remote: string;
  local: string;
}

export interface HashResult {
  hash: bigint | undefined;
  setCookie: string | undefined;
}

/** A cookie's value from a Cookie header ('' -> absent). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let v = part.slice(eq + 1).trim();
    if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
    return v === '' ? undefined : v;
  }
  return undefined;
}

/** Envoy's Http::Utility::makeSetCookieValue (HttpOnly). */
export function setCookieValue(name: string, value: string, path: string | undefined, ttl: number): string {
  let out = `${name}="${value}"`;
  if (ttl !== 0) out += `; Max-Age=${ttl}`;
  if (path !== undefined && path !== '') out += `; Path=${path}`;
  return `${out}; HttpOnly`;
}

function queryParam(path: string, name: string): string | undefined {
  const q = path.indexOf('?');
  if (q < 0) return undefined;
  return new URLSearchParams(path.slice(q + 1)).get(name) ?? undefined;
}

export function requestHash(p: HashPolicy, req: HashInput): HashResult {
  let key: string | undefined;
  let setCookie: string | undefined;
  if (p.header !== undefined) {
    const v = req.headers[p.header.toLowerCase()];
    key = Array.isArray(v) ? v.join(',') : v;
  } else if (p.cookie) {
    const c = p.cookie;
    const raw = req.headers.cookie;
    key = cookieValue(Array.isArray(raw) ? raw.join('; ') : raw, c.name);
    if (key === undefined && c.ttlSeconds !== undefined) {
      key = hex64(xxHash64(req.remote + req.local));
      setCookie = setCookieValue(c.name, key, c.path, c.ttlSeconds);
    }
  } else if (p.sourceIp === true) key = req.clientAddress;
  else if (p.queryParameter !== undefined) key = queryParam(req.path, p.queryParameter);
  return { hash: key === undefined ? undefined : xxHash64(key), setCookie };
}
