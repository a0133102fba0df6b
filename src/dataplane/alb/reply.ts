// Writing the ALB's own answers (error pages, redirects, fixed responses) to any kind of
// client: HTTP/1.1 through the raw listener (RawResponse) or node:http (ServerResponse), or an
// HTTP/2 server stream (lower-case headers).
import { ServerResponse } from 'node:http';
import type { OutgoingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import { RawResponse } from './raw-response.ts';
import { ALB_SERVER, albPage, reasonPhrase, type FixedResponse } from './responses.ts';

/** An HTTP/1.1 client's response: raw or node:http, written to alike. */
export type H1Out = ServerResponse | RawResponse;
export type ClientOut = H1Out | ServerHttp2Stream;

/** What every kind of client response has in common (the streaming side of an exchange). */
export interface ClientSink {
  readonly destroyed: boolean;
  write(chunk: Buffer): boolean;
  end(): unknown;
  destroy(): unknown;
  on(event: 'close' | 'drain', listener: () => void): unknown;
  once(event: 'close' | 'drain', listener: () => void): unknown;
  off(event: 'close' | 'drain', listener: () => void): unknown;
}

/** The client response as a ClientSink (a union of their overloaded methods is not callable). */
export function sinkOf(out: ClientOut): ClientSink {
  return out;
}

/** Whether the client speaks HTTP/1.1 (writeHead/write/end) rather than HTTP/2 (respond). */
export function isH1(out: ClientOut): out is H1Out {
  return out instanceof RawResponse || out instanceof ServerResponse;
}

/** writeHead with a reason and flat raw headers, on either HTTP/1.1 response. */
export function writeH1Head(out: H1Out, status: number, reason: string | undefined, raw: string[]): void {
  if (out instanceof RawResponse) out.writeHead(status, reason, raw);
  else out.writeHead(status, reason, raw);
}

function send(
  out: ClientOut,
  head: boolean,
  status: number,
  contentType: string,
  body: Buffer,
  length: string,
  location?: string,
): void {
  if (out.destroyed) return;
  if (isH1(out)) {
    if (out.headersSent) {
      out.destroy();
      return;
    }
    const h = ['Server', ALB_SERVER, 'Content-Type', contentType, 'Content-Length', length];
    if (location !== undefined) h.push('Location', location);
    writeH1Head(out, status, reasonPhrase(status), h);
    out.end(head ? undefined : body);
    return;
  }
  if (out.headersSent) {
    out.close();
    return;
  }
  const h: OutgoingHttpHeaders = {
    ':status': status,
    server: ALB_SERVER,
    'content-type': contentType,
    'content-length': length,
  };
  if (location !== undefined) h.location = location;
  out.respond(h, { endStream: head || body.length === 0 });
  if (!head && body.length > 0) out.end(body);
}

/** One of the ALB's HTML pages (400, 463, 502, 503, 504...). */
export function replyPage(out: ClientOut, head: boolean, status: number): void {
  const p = albPage(status);
  send(out, head, status, 'text/html', p.body, p.contentLength);
}

export function replyRedirect(out: ClientOut, head: boolean, status: number, location: string): void {
  const p = albPage(status);
  send(out, head, status, 'text/html', p.body, p.contentLength, location);
}

export function replyFixed(out: ClientOut, head: boolean, f: FixedResponse): void {
  send(out, head, f.status, f.contentType, f.body, f.contentLength);
}
