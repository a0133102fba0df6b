// The ALB's pages for requests refused before any exchange (malformed, timed out, a
// Transfer-Encoding it does not support): whole HTTP/1.1 answers that close the connection,
// built once, the same bytes from the node:http and the raw listener.
import { ALB_SERVER, albPage } from './responses.ts';

function rawPage(status: number, reason: string): Buffer {
  const p = albPage(status);
  return Buffer.concat([
    Buffer.from(
      `HTTP/1.1 ${String(status)} ${reason}\r\nServer: ${ALB_SERVER}\r\nContent-Type: text/html\r\nContent-Length: ${p.contentLength}\r\nConnection: close\r\n\r\n`,
    ),
    p.body,
  ]);
}

export const BAD_REQUEST = rawPage(400, 'Bad Request');
export const REQUEST_TIMEOUT = rawPage(408, 'Request Time-out');
export const NOT_IMPLEMENTED = rawPage(501, 'Not Implemented');

/** The closing page for a parser-level refusal (400 or 501). */
export function refusalPage(status: number): Buffer {
  return status === 501 ? NOT_IMPLEMENTED : BAD_REQUEST;
}
