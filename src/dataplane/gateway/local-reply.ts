// Envoy's local replies as the gateway sends them: a non-empty body is text/plain with
// content-length and content-type first, then date and server: istio-envoy; an empty one
// carries date, server, then content-length: 0 (the HTTP/1 codec adds it last). The route's
// response header operations and CORS headers apply to local replies too.
import type { ServerResponse } from 'node:http';
import { httpDate } from '../http/http-date.ts';
import { applyResponseMutation, type ResponseMutation } from './header-ops.ts';
import type { RequestRecord } from './record.ts';

/** Writes the reply; returns the body bytes sent. `extra` headers go first (location). */
export function writeLocalReply(
  res: ServerResponse,
  status: number,
  body: string,
  extra?: readonly string[],
  server = 'istio-envoy',
  mutation?: ResponseMutation,
): number {
  const headers: string[] = extra ? [...extra] : [];
  const len = Buffer.byteLength(body);
  if (len > 0) headers.push('content-length', String(len), 'content-type', 'text/plain');
  headers.push('date', httpDate(), 'server', server);
  if (len === 0) headers.push('content-length', '0');
  if (mutation) applyResponseMutation(headers, mutation);
  res.removeHeader('connection');
  res.writeHead(status, headers);
  res.end(len > 0 ? body : undefined);
  return len;
}

/** A local reply from the connection manager or a filter, logged and counted. */
export function reply(
  env: { finish(rec: RequestRecord): void },
  res: ServerResponse,
  rec: RequestRecord,
  status: number,
  flags: string,
  details: string,
  body = '',
  extra?: string[],
  mutation?: ResponseMutation,
): void {
  rec.code = status;
  rec.flags = flags;
  rec.details = details;
  rec.bytesSent = writeLocalReply(res, status, body, extra, undefined, mutation);
  env.finish(rec);
}
