// The node:http server every nginx-based stand-in runs: bound at podIP:port (DialTable
// fallback), keep-alive as nginx's default config (65 s), nginx's 400 answers for requests it
// rejects, and one `main`-format access log line per request into the container's log.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { listenModel, serverInstance, type Binding } from '../listen.ts';
import type { ContainerInstance, ExitStatus, RunContext } from '../container.ts';
import {
  accessLogLine,
  errorPage,
  hasBadEscape,
  nginxTimes,
  PAGE_400,
  SERVER,
  timeLocal,
  type NginxTimes,
} from './nginx-common.ts';

/**
 * Writes the whole response and returns its status; sets `sent.bytes` to $body_bytes_sent
 * for the access log (a shared slot rather than an object per request: handlers are sync).
 */
export type NginxHandler = (req: IncomingMessage, res: ServerResponse, t: NginxTimes) => number;

export const sent = { bytes: 0 };

const KEEPALIVE_TIMEOUT_MS = 65_000;

function remoteAddr(socket: Socket): string {
  const a = socket.remoteAddress ?? '-';
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function badRequest(res: ServerResponse, t: NginxTimes): number {
  res.writeHead(400, [
    'Server',
    SERVER,
    'Date',
    t.http,
    'Content-Type',
    'text/html',
    'Content-Length',
    String(PAGE_400.length),
    'Connection',
    'close',
  ]);
  res.end(PAGE_400);
  sent.bytes = PAGE_400.length;
  return 400;
}

function rawBadRequest(t: NginxTimes): string {
  return (
    `HTTP/1.1 400 Bad Request\r\nServer: ${SERVER}\r\nDate: ${t.http}\r\nContent-Type: text/html\r\n` +
    `Content-Length: ${PAGE_400.length}\r\nConnection: close\r\n\r\n${PAGE_400}`
  );
}

/**
 * Starts an nginx-like server for one container on podIP:port. A bind failure other than
 * the ones the address plan absorbs ends the container at once with exit code 1, after
 * nginx's [emerg] lines, as the real image does.
 */
export async function startNginx(
  ctx: RunContext,
  port: number,
  handle: NginxHandler,
): Promise<ContainerInstance> {
  const server = createServer({ requireHostHeader: false }, (req, res) => {
    const t = nginxTimes();
    const url = req.url ?? '/';
    let status: number;
    sent.bytes = 0;
    if ((req.httpVersionMinor >= 1 && req.headers.host === undefined) || hasBadEscape(url)) {
      status = badRequest(res, t);
    } else {
      status = handle(req, res, t);
    }
    ctx.log(
      accessLogLine(
        remoteAddr(req.socket),
        t.local,
        `${req.method ?? '-'} ${url} HTTP/${req.httpVersion}`,
        status,
        sent.bytes,
        header(req, 'referer'),
        header(req, 'user-agent'),
        header(req, 'x-forwarded-for'),
      ),
    );
  });
  server.keepAliveTimeout = KEEPALIVE_TIMEOUT_MS;
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const t = nginxTimes();
    const raw = (err as { rawPacket?: Buffer }).rawPacket;
    const line = raw ? (raw.toString('latin1').split('\r\n', 1)[0] ?? '') : '';
    socket.end(rawBadRequest(t));
    ctx.log(
      accessLogLine(remoteAddr(socket), t.local, line, 400, PAGE_400.length, undefined, undefined, undefined),
    );
  });

  let binding: Binding;
  try {
    binding = await listenModel(server, ctx.podIP, port, ctx);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EINVAL';
    const errno = code === 'EADDRINUSE' ? '98: Address in use' : code;
    const now = new Date();
    const stamp = `${now.toISOString().slice(0, 10).replaceAll('-', '/')} ${timeLocal(now).slice(12, 20)}`;
    ctx.log(`${stamp} [emerg] 1#1: bind() to 0.0.0.0:${port} failed (${errno})`);
    ctx.log(`nginx: [emerg] bind() to 0.0.0.0:${port} failed (${errno})`);
    const exit: ExitStatus = { exitCode: 1, reason: 'Error' };
    return { exited: Promise.resolve(exit), stop: () => Promise.resolve(exit) };
  }

  return serverInstance(server, binding, () => server.closeAllConnections());
}

/** An nginx error page (405, 404, ...) with nginx's headers; HEAD gets the headers only. */
export function errorResponse(
  res: ServerResponse,
  t: NginxTimes,
  status: number,
  text: string,
  page?: string,
): number {
  const body = page ?? errorPage(status, text);
  res.writeHead(status, text, [
    'Server',
    SERVER,
    'Date',
    t.http,
    'Content-Type',
    'text/html',
    'Content-Length',
    String(body.length),
    'Connection',
    res.shouldKeepAlive ? 'keep-alive' : 'close',
  ]);
  res.end(res.req.method === 'HEAD' ? undefined : body);
  sent.bytes = res.req.method === 'HEAD' ? 0 : body.length;
  return status;
}
