// Envoy's CORS filter for a route's CorsPolicy, compiled once per model. Decode: a request
// with an Origin is a CORS request when the origin is allowed (a matcher that accepts the
// origin, or one that accepts '*'); an OPTIONS with Access-Control-Request-Method is a
// preflight, answered 200 by the gateway with allow-origin (the request's origin),
// allow-credentials, allow-methods, allow-headers and max-age. A preflight from an origin that
// is not allowed is forwarded (unmatchedPreflights FORWARD, the default) or answered 200 with no
// CORS headers (IGNORE). Encode: responses to allowed CORS requests carry allow-origin,
// allow-credentials and expose-headers.
import type { IncomingHttpHeaders } from 'node:http';
import type { CorsPolicy, StringMatch } from '../../istio/model.ts';
import { fullMatchRegExp } from './match-regex.ts';

export interface CompiledCors {
  origins: ((v: string) => boolean)[];
  anyOrigin: boolean;
  allowMethods: string;
  allowHeaders: string;
  exposeHeaders: string;
  maxAge: string | undefined;
  credentials: boolean;
  forwardUnmatched: boolean;
}

function originTest(m: StringMatch): (v: string) => boolean {
  if ('exact' in m) return (v) => v === m.exact;
  if ('prefix' in m) return (v) => v.startsWith(m.prefix);
  const re = fullMatchRegExp(m.regex);
  return (v) => re.test(v);
}

export function compileCors(p: CorsPolicy): CompiledCors {
  const origins = p.allowOrigins.map(originTest);
  return {
    origins,
    anyOrigin: origins.some((t) => t('*')),
    allowMethods: p.allowMethods.join(','),
    allowHeaders: p.allowHeaders.join(','),
    exposeHeaders: p.exposeHeaders.join(','),
    maxAge: p.maxAge,
    credentials: p.allowCredentials === true,
    forwardUnmatched: p.unmatchedPreflights !== 'IGNORE',
  };
}

export function originAllowed(c: CompiledCors, origin: string): boolean {
  if (c.anyOrigin) return true;
  for (const t of c.origins) if (t(origin)) return true;
  return false;
}

export type CorsDecision =
  | { kind: 'none' } // not a CORS request, or an unmatched one passed on
  | { kind: 'cors'; origin: string } // allowed: add the response headers
  | { kind: 'preflight'; headers: string[] } // answered by the gateway (200)
  | { kind: 'ignore' }; // unmatched preflight answered 200 without CORS headers

const NONE: CorsDecision = { kind: 'none' };

export function corsDecode(c: CompiledCors, method: string, headers: IncomingHttpHeaders): CorsDecision {
  const origin = headers.origin;
  if (origin === undefined || origin === '') return NONE;
  const allowed = originAllowed(c, origin);
  const preflight = method === 'OPTIONS' && !!headers['access-control-request-method'];
  if (!preflight) return allowed ? { kind: 'cors', origin } : NONE;
  if (!allowed) return c.forwardUnmatched ? NONE : { kind: 'ignore' };
  const out = ['access-control-allow-origin', origin];
  if (c.credentials) out.push('access-control-allow-credentials', 'true');
  if (c.allowMethods !== '') out.push('access-control-allow-methods', c.allowMethods);
  if (c.allowHeaders !== '') out.push('access-control-allow-headers', c.allowHeaders);
  if (c.maxAge !== undefined && c.maxAge !== '') out.push('access-control-max-age', c.maxAge);
  return { kind: 'preflight', headers: out };
}

/** The headers a response to an allowed CORS request gets (set: earlier copies replaced). */
export function corsResponseHeaders(c: CompiledCors, origin: string): string[] {
  const out = ['access-control-allow-origin', origin];
  if (c.credentials) out.push('access-control-allow-credentials', 'true');
  if (c.exposeHeaders !== '') out.push('access-control-expose-headers', c.exposeHeaders);
  return out;
}
