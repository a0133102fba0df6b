// HTTP/2 requests (node:http2 compatibility API) shown to the HTTP handling as HTTP/1 requests
// are: `host` from :authority and raw headers without pseudo-headers, the way Envoy's codec
// presents both protocols to its filters alike; and their responses written without the
// connection-specific headers HTTP/2 forbids (Envoy's HTTP/2 codec drops them too).
// HTTP/1.1 requests and responses pass through untouched.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { Http2ServerResponse, type Http2ServerRequest } from 'node:http2';

/** Not allowed in HTTP/2 responses (RFC 9113 §8.2.2). */
const CONNECTION_SPECIFIC: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
]);

type WriteHead = (this: Http2ServerResponse, ...args: unknown[]) => Http2ServerResponse;
const h2WriteHead = Object.getOwnPropertyDescriptor(Http2ServerResponse.prototype, 'writeHead')
  ?.value as WriteHead;

function withoutConnectionHeaders(headers: unknown): unknown {
  if (Array.isArray(headers)) {
    const out: unknown[] = [];
    for (let i = 0; i < headers.length; i += 2) {
      const name = String(headers[i]).toLowerCase();
      if (!CONNECTION_SPECIFIC.has(name)) out.push(headers[i], headers[i + 1]);
    }
    return out;
  }
  if (typeof headers === 'object' && headers !== null) {
    const out: OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(headers as OutgoingHttpHeaders))
      if (!CONNECTION_SPECIFIC.has(k.toLowerCase())) out[k] = v;
    return out;
  }
  return headers;
}

/** writeHead of HTTP/2 responses, installed per response without a new closure. */
function writeHeadH2(
  this: Http2ServerResponse,
  status: number,
  a?: unknown,
  b?: unknown,
): Http2ServerResponse {
  if (typeof a === 'string') return h2WriteHead.call(this, status, a, withoutConnectionHeaders(b));
  return h2WriteHead.call(this, status, withoutConnectionHeaders(a));
}

/** The response as the HTTP handling writes it. */
export function asHttp1Response(res: Http2ServerResponse | ServerResponse): ServerResponse {
  if (res instanceof Http2ServerResponse) {
    Object.defineProperty(res, 'writeHead', { value: writeHeadH2, configurable: true, writable: true });
  }
  return res as unknown as ServerResponse;
}

/** The request as handleRequest reads it. Mutates an HTTP/2 request's header views in place. */
export function asHttp1View(req: Http2ServerRequest | IncomingMessage): IncomingMessage {
  if (req.httpVersionMajor !== 2) return req as IncomingMessage;
  const h2 = req as Http2ServerRequest;
  const raw = h2.rawHeaders;
  const out: string[] = [];
  let authority: string | undefined;
  let host = false;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.charCodeAt(0) === 58 /* ':' */) {
      if (name === ':authority') authority = raw[i + 1];
      continue;
    }
    if (name === 'host') host = true;
    out.push(name, raw[i + 1] as string);
  }
  if (!host && authority !== undefined) {
    out.unshift('host', authority);
    h2.headers.host = authority;
  }
  Object.defineProperty(h2, 'rawHeaders', { value: out, configurable: true });
  // Envoy's %PROTOCOL% for HTTP/2 is 'HTTP/2'.
  Object.defineProperty(h2, 'httpVersion', { value: '2', configurable: true });
  return h2 as unknown as IncomingMessage;
}
