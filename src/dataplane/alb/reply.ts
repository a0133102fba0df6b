// Writing the ALB's own answers (error pages, redirects, fixed responses) to either kind of
// client: an HTTP/1.1 ServerResponse or an HTTP/2 server stream (lower-case headers).
import { ServerResponse } from 'node:http';
import type { OutgoingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import { ALB_SERVER, albPage, reasonPhrase, type FixedResponse } from './responses.ts';

export type ClientOut = ServerResponse | ServerHttp2Stream;

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
  if (out instanceof ServerResponse) {
    if (out.headersSent) {
      out.destroy();
      return;
    }
    const h = ['Server', ALB_SERVER, 'Content-Type', contentType, 'Content-Length', length];
    if (location !== undefined) h.push('Location', location);
    out.writeHead(status, reasonPhrase(status), h);
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
