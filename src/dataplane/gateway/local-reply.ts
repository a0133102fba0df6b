// Envoy's local replies as the gateway sends them: a non-empty body is text/plain with
// content-length and content-type first, then date and server: istio-envoy; an empty one
// carries date, server, then content-length: 0 (the HTTP/1 codec adds it last).
import type { ServerResponse } from 'node:http';
import { httpDate } from '../http/http-date.ts';

/** Writes the reply; returns the body bytes sent. `extra` headers go first (location). */
export function writeLocalReply(
  res: ServerResponse,
  status: number,
  body: string,
  extra?: readonly string[],
  server = 'istio-envoy',
): number {
  const headers: string[] = extra ? [...extra] : [];
  const len = Buffer.byteLength(body);
  if (len > 0) headers.push('content-length', String(len), 'content-type', 'text/plain');
  headers.push('date', httpDate(), 'server', server);
  if (len === 0) headers.push('content-length', '0');
  res.removeHeader('connection');
  res.writeHead(status, headers);
  res.end(len > 0 ? body : undefined);
  return len;
}
