// One ALB listener's socket: plain HTTP/1.1 for HTTP listeners (the raw server of
// raw-server.ts by default, node:http with GANGWAY_RAW_LISTENER=0); for HTTPS, TLS with ALPN
// h2 and http/1.1 on one port (node:http2 secure server, h2 through the core stream API, h1
// through the 'request' event without the compatibility layer). Binds the model port, or
// the mapped one, or a free one when the model port is refused (EACCES and the like).
// Requests the parser refuses get the ALB's pages (400; 501 for a Transfer-Encoding it
// does not support), over TLS as in the clear; a client that sends nothing (or part of a
// request) within the idle timeout gets 408 and the connection closes; idle keep-alive
// connections close silently after it and idle h2 sessions get GOAWAY. HTTPS listeners serve
// their ssl-policy's protocol versions and ciphers.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import http2, {
  type IncomingHttpHeaders,
  type ServerHttp2Session,
  type ServerHttp2Stream,
  constants as h2c,
} from 'node:http2';
import net from 'node:net';
import tls from 'node:tls';
import { Readable } from 'node:stream';
import { handleRequest, type ListenerContext } from './exchange.ts';
import type { KeyPair } from './certificates.ts';
import type { TlsPolicy } from '../../alb/model.ts';
import { secureOptions } from './tls-policy.ts';
import { listenOnce } from '../../net/listen.ts';
import { PARSER_MAX_HEADER_SIZE } from './limits.ts';
import { BAD_REQUEST, NOT_IMPLEMENTED, REQUEST_TIMEOUT } from './raw-pages.ts';
import { RawHttpServer, rawListenerOn } from './raw-server.ts';
import type { RawConnection } from './raw-connection.ts';
import type { RawHead } from './raw-request-parser.ts';
import type { RawResponse } from './raw-response.ts';

const GRACE_MS = 10_000;

function h1Body(req: IncomingMessage): Readable | null {
  const len = req.headers['content-length'];
  if (req.headers['transfer-encoding'] === undefined && (len === undefined || len === '0')) return null;
  return req;
}

/** The request body of an h2 stream, behind a Readable undici may destroy without cutting the response. */
function h2Body(stream: ServerHttp2Stream): Readable {
  const body = new Readable({ read: () => stream.resume() });
  stream.on('data', (c: Buffer) => {
    if (!body.push(c)) stream.pause();
  });
  stream.on('end', () => body.push(null));
  stream.on('aborted', () => body.destroy(new Error('client aborted')));
  return body;
}

/** llhttp's smuggling refusals: 400 (as the raw listener), not the 501 of a coding. */
const AMBIGUOUS_LENGTH = /Content-Length|Duplicate/;

function clientErrorPage(err: NodeJS.ErrnoException & { reason?: string }): Buffer {
  switch (err.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return REQUEST_TIMEOUT;
    case 'HPE_INVALID_TRANSFER_ENCODING':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return AMBIGUOUS_LENGTH.test(err.reason ?? '') ? BAD_REQUEST : NOT_IMPLEMENTED;
    default:
      return BAD_REQUEST;
  }
}

/** bytesRead of an HTTP/1.1-over-TLS socket when its last response finished. */
const lastResponseEnd = new WeakMap<net.Socket, number>();

function markResponseEnd(this: ServerResponse): void {
  // res.socket is already detached when 'finish' reaches us; the request keeps it.
  const s = this.req.socket as net.Socket | null;
  if (s) lastResponseEnd.set(s, s.bytesRead);
}

function onClientError(err: NodeJS.ErrnoException, socket: net.Socket | tls.TLSSocket): void {
  if (socket.writable) socket.end(clientErrorPage(err));
  else socket.destroy();
}

/**
 * The HTTPS listener's idle timeout: an h2 session gets GOAWAY; an HTTP/1.1 connection that
 * sent nothing, or part of a request, gets 408; one idle between requests closes silently;
 * one waiting for its response is left to the exchange's own timers.
 */
function onSecureTimeout(x: tls.TLSSocket | ServerHttp2Session): void {
  if (!(x instanceof tls.TLSSocket)) {
    x.close();
    return;
  }
  if ((x as { _httpMessage?: unknown })._httpMessage) return;
  const mark = lastResponseEnd.get(x);
  if ((mark === undefined || x.bytesRead > mark) && x.writable) x.end(REQUEST_TIMEOUT);
  else x.destroy();
}

/** A request off the raw HTTP/1.1 server into the exchange. */
function onRawRequest(
  ctx: ListenerContext,
  head: RawHead,
  body: Readable | null,
  res: RawResponse,
  conn: RawConnection,
): void {
  handleRequest(
    ctx,
    {
      method: head.method,
      target: head.target,
      host: head.host,
      rawHeaders: head.rawHeaders,
      body,
      clientIp: conn.remoteAddress,
      clientPort: conn.remotePort,
    },
    res,
  );
}

/** How often node looks for requests past the idle timeout (the 408's granularity). */
const CONNECTIONS_CHECK_MS = 1000;

/**
 * The open connections of each thread serving one shared listener, in shared cells: a thread
 * with more than its share pauses a moment after an accept, so that the other threads take
 * the rest of a burst of new connections (the kernel wakes every thread on a shared socket,
 * and the first awake would otherwise take them all). `all[0]` is the main thread's cell.
 */
export interface ConnectionBalance {
  cells: Int32Array;
  /** This thread's cell. */
  mine: number;
  /** Every thread's cell (this one's included); -1 for a thread that stopped. */
  all: readonly number[];
  /** A cell that stays 0 (to wait on). */
  idle: number;
}

const YIELD_MS = 2;
/**
 * The main thread's connections count double: it also runs the control plane, the HTTPS
 * listeners and the pods' own sockets, so it takes about a third of a two-thread data plane's.
 */
const MAIN_WEIGHT = 2;

function yieldAccepts(b: ConnectionBalance): void {
  const w = (c: number): number => (c === b.all[0] ? MAIN_WEIGHT : 1);
  const mine = Atomics.load(b.cells, b.mine) * w(b.mine);
  let fewest = Infinity;
  for (const c of b.all)
    if (c >= 0 && c !== b.mine) fewest = Math.min(fewest, Atomics.load(b.cells, c) * w(c));
  if (mine > fewest + w(b.mine)) Atomics.wait(b.cells, b.idle, 0, YIELD_MS);
}

export interface BindResult {
  boundPort: number;
  /** Why the model port was not used ('' when it was). */
  fallback: string;
}

export class AlbListenerServer {
  readonly ctx: ListenerContext;
  readonly address: string;
  #server: http.Server | http2.Http2SecureServer | net.Server;
  /** The raw HTTP/1.1 server of a plain-HTTP listener (GANGWAY_RAW_LISTENER not 0). */
  #raw: RawHttpServer | undefined = undefined;
  /** The HTTPS listener's server. */
  #secure: http2.Http2SecureServer | undefined = undefined;
  #sockets = new Set<net.Socket>();
  #balance: ConnectionBalance | undefined = undefined;
  #sessions = new Set<ServerHttp2Session>();
  #boundPort = 0;

  constructor(ctx: ListenerContext, address: string, tls: KeyPair | undefined, policy?: TlsPolicy) {
    this.ctx = ctx;
    this.address = address;
    const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
      handleRequest(
        ctx,
        {
          method: req.method ?? 'GET',
          target: req.url ?? '/',
          host: req.headers.host ?? '',
          rawHeaders: req.rawHeaders,
          body: h1Body(req),
          clientIp: req.socket.remoteAddress ?? '',
          clientPort: req.socket.remotePort ?? 0,
        },
        res,
      );
    };
    if (tls === undefined && rawListenerOn()) {
      const raw = new RawHttpServer(ctx.idleMs, (head, body, res, conn) => {
        onRawRequest(ctx, head, body, res, conn);
      });
      this.#raw = raw;
      this.#server = raw.server;
    } else if (tls === undefined) {
      const server = http.createServer(
        {
          keepAliveTimeout: ctx.idleMs,
          headersTimeout: ctx.idleMs,
          requestTimeout: 0,
          connectionsCheckingInterval: CONNECTIONS_CHECK_MS,
          maxHeaderSize: PARSER_MAX_HEADER_SIZE,
        },
        onRequest,
      );
      server.on('clientError', onClientError);
      this.#server = server;
    } else {
      const server = http2.createSecureServer({
        ...secureOptions(tls, policy),
        allowHTTP1: true,
        settings: { maxConcurrentStreams: 128, maxHeaderListSize: PARSER_MAX_HEADER_SIZE },
      });
      server.setTimeout(ctx.idleMs);
      // HTTP/1.1 over TLS goes through node:http's parser: the same header limit and pages.
      (server as unknown as { maxHeaderSize: number }).maxHeaderSize = PARSER_MAX_HEADER_SIZE;
      server.on('clientError', onClientError);
      server.on('timeout', onSecureTimeout);
      // Keep 'request' for HTTP/1.1 connections only: drop the hook that would route every
      // h2 stream through the compatibility objects as well.
      for (const l of server.listeners('newListener'))
        if ((l as { name?: string }).name === 'setupCompat')
          server.removeListener('newListener', l as (...args: unknown[]) => void);
      server.on('request', (req: IncomingMessage, res: ServerResponse) => {
        res.on('finish', markResponseEnd); // 'finish' fires once: no once() wrapper per request
        onRequest(req, res);
      });
      server.on(
        'stream',
        (stream: ServerHttp2Stream, headers: IncomingHttpHeaders, flags: number, rawHeaders: string[]) => {
          this.#onStream(stream, headers, flags, rawHeaders);
        },
      );
      server.on('session', (s) => {
        this.#sessions.add(s);
        s.once('close', () => this.#sessions.delete(s));
      });
      this.#secure = server;
      this.#server = server;
    }
    this.#server.on('connection', (s: net.Socket) => {
      this.#sockets.add(s);
      const b = this.#balance;
      if (b !== undefined) {
        Atomics.add(b.cells, b.mine, 1);
        s.once('close', () => Atomics.sub(b.cells, b.mine, 1));
        yieldAccepts(b);
      }
      s.once('close', () => this.#sockets.delete(s));
    });
  }

  /** A new idle timeout (model change): keep-alive, 408 and h2 session idleness follow it. */
  setIdle(ms: number): void {
    this.ctx.idleMs = ms;
    const server = this.#server;
    if (this.#raw !== undefined) this.#raw.setIdle(ms);
    else if (server instanceof http.Server) {
      server.keepAliveTimeout = ms;
      server.headersTimeout = ms;
    } else this.#secure?.setTimeout(ms);
  }

  get boundPort(): number {
    return this.#boundPort;
  }

  #onStream(
    stream: ServerHttp2Stream,
    headers: IncomingHttpHeaders,
    flags: number,
    rawHeaders: string[],
  ): void {
    stream.on('error', () => undefined);
    const ended = (flags & h2c.NGHTTP2_FLAG_END_STREAM) !== 0;
    handleRequest(
      this.ctx,
      {
        method: headers[':method'] ?? 'GET',
        target: headers[':path'] ?? '/',
        host: headers[':authority'] ?? headers.host ?? '',
        rawHeaders,
        body: ended ? null : h2Body(stream),
        clientIp: stream.session?.socket.remoteAddress ?? '',
        clientPort: stream.session?.socket.remotePort ?? 0,
      },
      stream,
    );
  }

  /**
   * Binds `port` (the mapped port, or the model's). With `fallback`, a refused port
   * (EACCES, EADDRINUSE, ...) gives way to a free one.
   */
  async bind(port: number, fallback: boolean): Promise<BindResult> {
    try {
      this.#boundPort = (await listenOnce(this.#server, this.address, port)).port;
      return { boundPort: this.#boundPort, fallback: '' };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      if (!fallback) throw err;
      this.#boundPort = (await listenOnce(this.#server, this.address, 0)).port;
      return { boundPort: this.#boundPort, fallback: code };
    }
  }

  /**
   * Serves on an already listening socket (another thread's listener shared with this one:
   * the kernel hands each new connection to one of them).
   */
  adopt(handle: object, boundPort: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(handle, () => {
        this.#server.removeListener('error', reject);
        this.#boundPort = boundPort;
        resolve();
      });
    });
  }

  /** The listening socket's descriptor (to share it with another thread), or -1. */
  get fd(): number {
    const h = (this.#server as unknown as { _handle?: { fd?: number } | null })._handle;
    return typeof h?.fd === 'number' ? h.fd : -1;
  }

  /** Whether this is the raw HTTP/1.1 server (the one other threads can share). */
  get shareable(): boolean {
    return this.#raw !== undefined;
  }

  /** Counts this thread's connections in `b` and keeps the threads' shares of them even. */
  balance(b: ConnectionBalance): void {
    this.#balance = b;
  }

  /** A new certificate or ssl-policy for new connections. */
  setCertificate(tls: KeyPair, policy?: TlsPolicy): void {
    this.#secure?.setSecureContext(secureOptions(tls, policy));
  }

  /** Stops accepting; requests in flight finish (cut after a grace period); `force` cuts now. */
  close(force: boolean): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    if (force) {
      for (const s of this.#sessions) s.destroy();
      for (const s of this.#sockets) s.destroy();
    } else {
      for (const s of this.#sessions) s.close();
      if (this.#raw !== undefined) this.#raw.closeIdleConnections();
      else if (this.#server instanceof http.Server) this.#server.closeIdleConnections();
      const t = setTimeout(() => {
        for (const s of this.#sockets) s.destroy();
      }, GRACE_MS);
      t.unref();
      void closed.then(() => clearTimeout(t));
    }
    return closed;
  }
}
