// The head of an upstream HTTP/1.1 request as one string, framed the way undici writes it
// (so upstreams see the same bytes whichever pool is on): request line, host, connection,
// the gateway's headers without host, content-length and the hop-by-hop fields undici
// refuses, then the body's framing (content-length, or chunked for a stream of unknown size).

/** Methods sent with content-length: 0 when they have no body (undici's expectsPayload). */
function expectsPayload(method: string): boolean {
  return (
    method === 'POST' ||
    method === 'PUT' ||
    method === 'PATCH' ||
    method === 'QUERY' ||
    method === 'PROPFIND' ||
    method === 'PROPPATCH'
  );
}

/** Header names the head builder writes itself or drops (lowercase). */
function skipped(name: string): number {
  switch (name.length) {
    case 4:
      return name.toLowerCase() === 'host' ? 1 : 0;
    case 14:
      return name.toLowerCase() === 'content-length' ? 2 : 0;
    case 10: {
      const l = name.toLowerCase();
      return l === 'connection' || l === 'keep-alive' ? 3 : 0;
    }
    case 17:
      return name.toLowerCase() === 'transfer-encoding' ? 3 : 0;
    case 7:
      return name.toLowerCase() === 'upgrade' ? 3 : 0;
    case 6:
      return name.toLowerCase() === 'expect' ? 3 : 0;
    default:
      return 0;
  }
}

export interface RequestHead {
  head: string;
  /** The body goes chunked (a stream without content-length). */
  chunked: boolean;
}

/**
 * The head for `method path` with the flat `headers`; `body` is null, a Buffer, or a stream
 * ('stream'); `close` sends connection: close.
 */
export function requestHead(
  method: string,
  path: string,
  headers: readonly string[],
  body: Buffer | 'stream' | null,
  close: boolean,
): RequestHead {
  let host = '';
  let declared: string | undefined;
  let rest = '';
  for (let i = 0; i + 1 < headers.length; i += 2) {
    const name = headers[i] as string;
    const k = skipped(name);
    if (k === 0) rest += `${name}: ${headers[i + 1] as string}\r\n`;
    else if (k === 1) host = headers[i + 1] as string;
    else if (k === 2) declared = headers[i + 1];
  }
  let head = `${method} ${path} HTTP/1.1\r\nhost: ${host}\r\nconnection: ${close ? 'close' : 'keep-alive'}\r\n${rest}`;
  let chunked = false;
  if (body === 'stream') {
    if (declared === undefined) {
      head += 'transfer-encoding: chunked\r\n';
      chunked = true;
    } else head += `content-length: ${declared}\r\n`;
  } else {
    const length = body === null ? 0 : body.length;
    if (length > 0) head += `content-length: ${String(length)}\r\n`;
    else if (expectsPayload(method)) head += 'content-length: 0\r\n';
  }
  return { head: `${head}\r\n`, chunked };
}
