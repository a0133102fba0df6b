// One raw keep-alive HTTP/1.1 connection to an upstream host, for the gateway's host pools
// (host-pool.ts) in place of an undici Client: a net.Socket (setNoDelay), one request at a time
// (no pipelining), the rebuilt head and a small body in one write, streamed bodies with
// content-length or chunked, the response head parsed by hand and its body (content-length,
// chunked or until close) handed on as it arrives with backpressure. It speaks undici's
// dispatch-handler protocol (onConnect(abort), onHeaders(status, raw, resume), onData,
// onComplete, onError, onBodySent) and undici's error codes, so the gateway maps failures to
// Envoy's reset reasons the same way whichever pool is on. GANGWAY_RAW_POOL=0 selects undici.
import { connect, type Socket } from 'node:net';
import type { Dispatcher } from 'undici';
import { CHUNKED_MALFORMED, ChunkedDecoder } from './chunked.ts';
import { requestHead } from './request-head.ts';
import { headEnd, MAX_RESPONSE_HEAD, parseResponseHead, ResponseParseError } from './response-head.ts';

/** Whether the gateway's upstream pools use raw connections (default) or undici. */
export function rawPoolEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GANGWAY_RAW_POOL !== '0';
}

/** How a connection reports its socket's life to its pool (undici Client's events). */
export interface ConnectionEvents {
  connected(): void;
  disconnected(): void;
  connectFailed(err: Error): void;
}

export interface RawConnectionOptions {
  connectTimeoutMs: number;
  idleMs: number;
}

/** The handler methods the connection calls (undici's legacy dispatch handler). */
export interface RawHandler {
  onConnect(abort: (err?: Error) => void): void;
  onHeaders(statusCode: number, headers: Buffer[], resume: () => void, statusText: string): boolean;
  onData(chunk: Buffer): boolean;
  onComplete(trailers: string[] | null): void;
  onError(err: Error): void;
  onBodySent?(chunkSize: number, totalBytesSent: number): void;
}

function coded(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

/** undici's keep-alive timeout threshold: a server's hint minus this, at least 1 s. */
const KEEP_ALIVE_THRESHOLD_MS = 1_000;

const IDLE = 0;
const HEAD = 1;
const BODY_LENGTH = 2;
const BODY_CHUNKED = 3;
const BODY_CLOSE = 4;

type Body = NodeJS.ReadableStream & { destroyed?: boolean };

export class RawConnection {
  readonly #host: string;
  readonly #port: number;
  readonly #opts: RawConnectionOptions;
  readonly #events: ConnectionEvents;
  #socket: Socket | undefined;
  #connecting = false;
  /** Connected and usable for the next request. */
  #alive = false;
  #error: Error | undefined;
  #timeoutMs = 0;
  // The request on the connection.
  #h: RawHandler | undefined;
  #req: Dispatcher.DispatchOptions | undefined;
  #written = false;
  #head = false;
  #keep = false;
  #phase = IDLE;
  #remaining = 0;
  #pending: Buffer | undefined;
  #body: Body | undefined;
  #chunkedBody = false;
  readonly #chunks = new ChunkedDecoder();
  #closing = false;
  #closed: (() => void) | undefined;
  // Listeners bound once per connection (no closures per request).
  readonly #onConnect = this.#connected.bind(this);
  readonly #onData = this.#data.bind(this);
  readonly #onError = this.#socketError.bind(this);
  readonly #onClose = this.#socketClosed.bind(this);
  readonly #onTimeout = this.#timedOut.bind(this);
  readonly #onDrain = this.#drained.bind(this);
  readonly #abort = this.#aborted.bind(this);
  readonly #resume = this.#resumed.bind(this);
  readonly #onBodyData = this.#bodyData.bind(this);
  readonly #onBodyEnd = this.#bodyEnd.bind(this);
  readonly #onBodyError = this.#aborted.bind(this);

  constructor(host: string, port: number, opts: RawConnectionOptions, events: ConnectionEvents) {
    this.#host = host;
    this.#port = port;
    this.#opts = opts;
    this.#events = events;
  }

  /** Sends `opts` once the connection is up (reconnecting when it is down or closing). */
  dispatch(opts: Dispatcher.DispatchOptions, h: RawHandler): void {
    if (this.#closing) {
      h.onError(coded('The client is destroyed', 'UND_ERR_DESTROYED'));
      return;
    }
    this.#h = h;
    this.#req = opts;
    this.#written = false;
    if (this.#socket === undefined) this.#connect();
    else if (this.#alive) this.#start();
    // Else connecting, or closing: #connected / #socketClosed start it.
  }

  /** Closes the connection once its request is done. */
  close(): Promise<void> {
    this.#closing = true;
    if (this.#h === undefined) {
      this.#alive = false;
      this.#socket?.destroy();
      return Promise.resolve();
    }
    return new Promise((resolve) => (this.#closed = resolve));
  }

  #connect(): void {
    const s = connect({ host: this.#host, port: this.#port, noDelay: true });
    this.#socket = s;
    this.#connecting = true;
    this.#error = undefined;
    this.#timeoutMs = this.#opts.connectTimeoutMs;
    s.setTimeout(this.#timeoutMs);
    s.on('connect', this.#onConnect);
    s.on('data', this.#onData);
    s.on('error', this.#onError);
    s.on('close', this.#onClose);
    s.on('timeout', this.#onTimeout);
    s.on('drain', this.#onDrain);
  }

  #connected(): void {
    this.#connecting = false;
    this.#alive = true;
    this.#setTimeout(this.#opts.idleMs);
    this.#events.connected();
    if (this.#h !== undefined && !this.#written) this.#start();
  }

  #setTimeout(ms: number): void {
    if (ms === this.#timeoutMs) return;
    this.#timeoutMs = ms;
    this.#socket?.setTimeout(ms);
  }

  #start(): void {
    const h = this.#h as RawHandler;
    const opts = this.#req as Dispatcher.DispatchOptions;
    const s = this.#socket as Socket;
    this.#written = true;
    h.onConnect(this.#abort);
    if (this.#h !== h) return; // aborted at once
    const body = opts.body;
    const close = opts.reset === true;
    const method = opts.method;
    this.#keep = !close;
    this.#phase = HEAD;
    this.#head = method === 'HEAD';
    this.#pending = undefined;
    if (s.isPaused()) s.resume();
    if (body === null || body === undefined || Buffer.isBuffer(body)) {
      const buf = body ?? null;
      const { head } = requestHead(method, opts.path, opts.headers as string[], buf, close);
      if (buf === null || buf.length === 0) s.write(head, 'latin1');
      else {
        s.cork();
        s.write(head, 'latin1');
        s.write(buf);
        s.uncork();
        h.onBodySent?.(buf.length, buf.length);
      }
      return;
    }
    const stream = body as unknown as Body;
    const { head, chunked } = requestHead(method, opts.path, opts.headers as string[], 'stream', close);
    s.write(head, 'latin1');
    this.#body = stream;
    this.#chunkedBody = chunked;
    stream.on('data', this.#onBodyData);
    stream.on('end', this.#onBodyEnd);
    stream.on('error', this.#onBodyError);
    stream.resume();
  }

  #bodyData(chunk: Buffer | string): void {
    const s = this.#socket;
    if (s === undefined || this.#h === undefined) return;
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (b.length === 0) return;
    let ok: boolean;
    if (this.#chunkedBody) {
      s.cork();
      s.write(`${b.length.toString(16)}\r\n`, 'latin1');
      s.write(b);
      ok = s.write('\r\n', 'latin1');
      s.uncork();
    } else ok = s.write(b);
    this.#h.onBodySent?.(b.length, 0);
    if (!ok) this.#body?.pause();
  }

  #bodyEnd(): void {
    if (this.#chunkedBody) this.#socket?.write('0\r\n\r\n', 'latin1');
    this.#detachBody();
  }

  #detachBody(): boolean {
    const b = this.#body;
    if (b === undefined) return false;
    this.#body = undefined;
    b.off('data', this.#onBodyData);
    b.off('end', this.#onBodyEnd);
    b.off('error', this.#onBodyError);
    return true;
  }

  #drained(): void {
    this.#body?.resume();
  }

  #resumed(): void {
    const s = this.#socket;
    if (s?.isPaused() === true) s.resume();
  }

  /** The handler gives up (or the request body failed): the request errors, the socket goes. */
  #aborted(err?: Error): void {
    const h = this.#h;
    if (h === undefined) return;
    this.#drop();
    h.onError(err ?? coded('Request aborted', 'UND_ERR_ABORTED'));
    this.#settleClose();
  }

  /** Forgets the request and destroys the socket (before the handler hears of it). */
  #drop(): void {
    this.#h = undefined;
    this.#req = undefined;
    this.#phase = IDLE;
    this.#pending = undefined;
    this.#detachBody();
    this.#alive = false;
    this.#socket?.destroy();
  }

  #fail(err: Error): void {
    const h = this.#h;
    if (h === undefined) return;
    this.#drop();
    h.onError(err);
    this.#settleClose();
  }

  /** The response is whole; `extra`: bytes came after it (never reused then, no pipelining). */
  #complete(extra = false): void {
    const h = this.#h as RawHandler;
    this.#h = undefined;
    this.#req = undefined;
    this.#phase = IDLE;
    // A request body still going out (an early response) ends the connection, as in undici.
    if (this.#detachBody() || !this.#keep || this.#closing || extra) {
      this.#alive = false;
      this.#socket?.destroy();
    } else this.#resumed();
    h.onComplete(null);
    this.#settleClose();
  }

  #settleClose(): void {
    if (!this.#closing || this.#h !== undefined) return;
    this.#alive = false;
    this.#socket?.destroy();
    const done = this.#closed;
    this.#closed = undefined;
    done?.();
  }

  #data(chunk: Buffer): void {
    const h = this.#h;
    if (h === undefined || !this.#written) {
      // Bytes nobody asked for: the connection cannot be trusted any more.
      this.#alive = false;
      this.#socket?.destroy();
      return;
    }
    let buf = chunk;
    let pos = 0;
    if (this.#pending !== undefined) {
      buf = Buffer.concat([this.#pending, chunk]);
      this.#pending = undefined;
    }
    while (this.#h === h) {
      switch (this.#phase) {
        case HEAD:
          pos = this.#parseHead(h, buf, pos);
          if (pos < 0) return;
          break;
        case BODY_LENGTH: {
          const take = Math.min(this.#remaining, buf.length - pos);
          if (take > 0) {
            this.#remaining -= take;
            const view = pos === 0 && take === buf.length ? buf : buf.subarray(pos, pos + take);
            pos += take;
            if (!h.onData(view)) this.#socket?.pause();
            if (this.#h !== h) return;
          }
          if (this.#remaining > 0) return;
          this.#complete(pos < buf.length);
          return;
        }
        case BODY_CHUNKED: {
          const end = this.#chunks.decode(buf, pos, this);
          if (end === CHUNKED_MALFORMED) {
            this.#fail(
              new ResponseParseError(`invalid chunked body: ${this.#chunks.error}`, 'HPE_INVALID_CHUNK_SIZE'),
            );
            return;
          }
          if (this.#h !== h || end < 0) return;
          this.#complete(end < buf.length);
          return;
        }
        case BODY_CLOSE:
          if (pos < buf.length && !h.onData(pos === 0 ? buf : buf.subarray(pos))) this.#socket?.pause();
          return;
        default:
          return;
      }
    }
  }

  /** Chunked body data (the decoder's sink). */
  chunkData(data: Buffer): void {
    const h = this.#h;
    if (h !== undefined && !h.onData(data)) this.#socket?.pause();
  }

  /** Parses a head at `pos`; the offset after it, or -1 when done with `buf` for now. */
  #parseHead(h: RawHandler, buf: Buffer, pos: number): number {
    const end = headEnd(buf, pos);
    if (end < 0 || end - pos > MAX_RESPONSE_HEAD) {
      if (buf.length - pos > MAX_RESPONSE_HEAD || end >= 0)
        this.#fail(coded('Headers Overflow Error', 'UND_ERR_HEADERS_OVERFLOW'));
      else this.#pending = pos === 0 ? buf : buf.subarray(pos);
      return -1;
    }
    let r;
    try {
      r = parseResponseHead(buf, pos, end);
    } catch (err) {
      this.#fail(err as Error);
      return -1;
    }
    if (r.status < 200) return end; // 100 Continue and other interim responses
    if (r.http10 || r.close) this.#keep = false;
    if (r.keepAliveMs >= 0 && this.#keep) {
      const t = Math.min(r.keepAliveMs - KEEP_ALIVE_THRESHOLD_MS, this.#opts.idleMs);
      if (t < 1_000) this.#keep = false;
      else this.#setTimeout(t);
    }
    let next: number;
    if (this.#head || r.status === 204 || r.status === 304) next = IDLE;
    else if (r.chunked) {
      this.#chunks.reset();
      next = BODY_CHUNKED;
    } else if (r.contentLength >= 0) {
      this.#remaining = r.contentLength;
      next = r.contentLength === 0 ? IDLE : BODY_LENGTH;
    } else {
      next = BODY_CLOSE;
      this.#keep = false;
    }
    this.#phase = next;
    if (!h.onHeaders(r.status, r.raw, this.#resume, r.statusText)) this.#socket?.pause();
    if (this.#h !== h) return -1;
    if (next === IDLE) {
      this.#complete(end < buf.length);
      return -1;
    }
    return end;
  }

  #socketError(err: Error): void {
    this.#error ??= err;
  }

  #timedOut(): void {
    if (this.#connecting) {
      this.#error = coded('Connect Timeout Error', 'UND_ERR_CONNECT_TIMEOUT');
      this.#socket?.destroy();
    } else if (this.#h === undefined) {
      // Idle past the keep-alive timeout.
      this.#alive = false;
      this.#socket?.destroy();
    }
  }

  #socketClosed(): void {
    const wasConnecting = this.#connecting;
    const err = this.#error;
    this.#socket = undefined;
    this.#connecting = false;
    this.#alive = false;
    this.#timeoutMs = 0;
    if (wasConnecting) {
      const e = err ?? coded('connect failed', 'ECONNRESET');
      const h = this.#h;
      if (h !== undefined) {
        this.#h = undefined;
        this.#req = undefined;
        h.onError(e);
      }
      this.#events.connectFailed(e);
    } else {
      if (this.#h !== undefined && this.#written) {
        if (this.#phase === BODY_CLOSE && err === undefined) this.#complete();
        else this.#fail(err ?? coded('other side closed', 'UND_ERR_SOCKET'));
      }
      this.#events.disconnected();
    }
    if (this.#closing) this.#settleClose();
    else if (this.#h !== undefined && !this.#written && this.#socket === undefined) this.#connect();
  }
}
