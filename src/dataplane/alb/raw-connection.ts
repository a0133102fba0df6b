// One client connection of the raw HTTP/1.1 listener: reads request heads (parseHead), hands
// each request to the listener with its body (a Readable, or null when it has none) and a
// RawResponse, one at a time: a pipelined request is parsed only after the previous response
// ended (and its body, unread, was discarded). 100 Continue for Expect: 100-continue, 417 for
// other expectations (as node). Idle timeout: 408 for a client that sent nothing, or part of a
// request; a silent close when idle between requests; nothing while a request is in flight.
// A half-closed client still gets its answers, then the connection closes.
import type net from 'node:net';
import type { Readable } from 'node:stream';
import { PARSER_MAX_HEADER_SIZE } from './limits.ts';
import { BodyStream, RawBody, type BodySource } from './raw-body.ts';
import { BAD_REQUEST, REQUEST_TIMEOUT, refusalPage } from './raw-pages.ts';
import {
  findHeadEnd,
  hasBareLineBreak,
  parseHead,
  skipEmptyLines,
  type RawHead,
} from './raw-request-parser.ts';
import { RawResponse, type ResponseOwner } from './raw-response.ts';

/** A request, with its body and where its answer goes. */
export type RawRequestHandler = (
  head: RawHead,
  body: Readable | null,
  res: RawResponse,
  conn: RawConnection,
) => void;

/** What a connection needs from its server. */
export interface ConnectionHost {
  readonly idleMs: number;
  readonly closing: boolean;
  readonly onRequest: RawRequestHandler;
  forget(conn: RawConnection): void;
}

const CONTINUE = Buffer.from('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');
/** Pipelined bytes kept while a response is pending before the socket stops reading. */
const PIPELINE_PAUSE_BYTES = 64 * 1024;

export class RawConnection implements ResponseOwner, BodySource {
  readonly socket: net.Socket;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly #host: ConnectionHost;
  /** Unparsed bytes: #buf[#start..]; null when none. */
  #buf: Buffer | null = null;
  #start = 0;
  /**
   * Where appended bytes go: #buf is its first bytes; it grows by doubling so a head that
   * trickles in byte by byte costs no quadratic copying. Bytes once handed out (body chunks)
   * are never written over: appends go past them, a new store copies only the live part.
   */
  #store: Buffer | null = null;
  /** How far past #start the head search already looked. */
  #scanned = 0;
  #res: RawResponse | null = null;
  #body: RawBody | null = null;
  #served = 0;
  #ended = false;
  #dead = false;
  #looping = false;
  #paused = false;

  constructor(socket: net.Socket, host: ConnectionHost) {
    this.socket = socket;
    this.#host = host;
    this.remoteAddress = socket.remoteAddress ?? '';
    this.remotePort = socket.remotePort ?? 0;
    socket.setTimeout(host.idleMs);
    socket.on('data', (chunk: Buffer) => {
      this.#onData(chunk);
    });
    socket.on('end', () => {
      this.#onEnd();
    });
    socket.on('close', () => {
      this.#onClose();
    });
    socket.on('timeout', () => {
      this.#onTimeout();
    });
    socket.on('drain', () => {
      const r = this.#res;
      if (r !== null && r.listenerCount('drain') > 0) r.emit('drain');
    });
    socket.on('error', () => undefined);
  }

  /** No request in flight, nothing half-read: may be closed at once when the listener stops. */
  get idle(): boolean {
    return this.#res === null && this.#body === null && this.#buf === null;
  }

  #onData(chunk: Buffer): void {
    if (this.#dead) return;
    const buf = this.#buf;
    if (buf === null) {
      this.#buf = chunk;
      this.#start = 0;
      this.#store = null;
    } else this.#append(buf, chunk);
    this.#pump();
  }

  #append(buf: Buffer, chunk: Buffer): void {
    const len = buf.length;
    let store = this.#store;
    if (store !== null && store.buffer === buf.buffer && store.byteOffset === buf.byteOffset) {
      if (len + chunk.length <= store.length) {
        chunk.copy(store, len);
        this.#buf = store.subarray(0, len + chunk.length);
        return;
      }
    }
    const live = len - this.#start;
    store = Buffer.allocUnsafe(Math.max(2 * (live + chunk.length), 4096));
    buf.copy(store, 0, this.#start);
    chunk.copy(store, live);
    this.#store = store;
    this.#buf = store.subarray(0, live + chunk.length);
    this.#start = 0;
  }

  #consume(end: number): void {
    const buf = this.#buf;
    if (buf === null || end >= buf.length) {
      this.#buf = null;
      this.#store = null;
      this.#start = 0;
    } else this.#start = end;
    this.#scanned = 0;
  }

  /** Feeds the body, then parses and starts the next request when nothing is in flight. */
  #pump(): void {
    if (this.#looping || this.#dead) return;
    this.#looping = true;
    try {
      this.#loop();
    } finally {
      this.#looping = false;
    }
    if (!this.#dead && this.#ended && this.#res === null) this.#finishHalfClosed();
  }

  #loop(): void {
    while (!this.#dead) {
      const buf = this.#buf;
      if (buf === null) return;
      const body = this.#body;
      if (body !== null) {
        // What already arrived goes into the body stream (a read asks for it even when the
        // stream looks full); the socket pauses until the exchange reads on.
        const end = body.feed(buf, this.#start);
        if (end < 0) {
          this.#fatal(BAD_REQUEST);
          return;
        }
        this.#consume(end);
        if (!body.done) {
          if (body.full()) this.#pause();
          return;
        }
        this.#body = null;
        continue;
      }
      if (this.#res !== null) {
        if (buf.length - this.#start > PIPELINE_PAUSE_BYTES) this.#pause();
        return;
      }
      const start = skipEmptyLines(buf, this.#start);
      if (start >= buf.length) {
        this.#consume(start);
        return;
      }
      this.#start = start;
      const end = findHeadEnd(buf, start, start + this.#scanned);
      if (end < 0) {
        const from = Math.max(start, start + this.#scanned - 1);
        if (buf.length - start > PARSER_MAX_HEADER_SIZE || hasBareLineBreak(buf, start, from, buf.length))
          this.#fatal(BAD_REQUEST);
        else this.#scanned = buf.length - start;
        return;
      }
      if (end - start > PARSER_MAX_HEADER_SIZE + 4) {
        this.#fatal(BAD_REQUEST);
        return;
      }
      const text = buf.toString('latin1', start, end);
      this.#consume(end);
      const head = parseHead(text);
      if ('error' in head) {
        this.#fatal(refusalPage(head.error));
        return;
      }
      this.#begin(head);
    }
  }

  #begin(head: RawHead): void {
    const host = this.#host;
    const res = new RawResponse(this, {
      head: head.method === 'HEAD',
      keepAlive: head.keepAlive && !host.closing,
      chunkedOk: head.minor === 1,
      keepAliveSeconds: Math.floor(host.idleMs / 1000),
    });
    this.#res = res;
    let body: BodyStream | null = null;
    if (head.chunked || head.contentLength > 0) {
      body = new BodyStream(this);
      this.#body = new RawBody(body, head.chunked, head.contentLength);
    }
    if (head.expect === 'other') {
      res.writeHead(417, undefined, []);
      res.end();
      return;
    }
    if (head.expect === 'continue') this.socket.write(CONTINUE);
    host.onRequest(head, body, res, this);
  }

  responseDone(res: RawResponse, last: boolean): void {
    if (res !== this.#res) return;
    this.#res = null;
    this.#served++;
    const body = this.#body;
    if (body !== null) {
      // The answer went out before the body ended: the rest is read and dropped.
      const s = body.sink;
      body.sink = null;
      if (s !== null && !s.destroyed) s.destroy();
    }
    if (last || this.#host.closing) {
      this.#close();
      return;
    }
    this.resumeBody();
  }

  resumeBody(): void {
    if (this.#paused) {
      this.#paused = false;
      this.socket.resume();
    }
    this.#pump();
  }

  #pause(): void {
    if (this.#paused) return;
    this.#paused = true;
    this.socket.pause();
  }

  /** Ends the connection after what was written. */
  #close(): void {
    if (this.#dead) return;
    this.#dead = true;
    this.#body?.abort(new Error('connection closing'));
    this.socket.end();
  }

  /** A refused request: the page (or a cut when an answer already started), then close. */
  #fatal(page: Buffer): void {
    this.#dead = true;
    this.#body?.abort(new Error('malformed request'));
    const res = this.#res;
    this.#res = null;
    const s = this.socket;
    if (res !== null && res.headersSent) {
      s.destroy();
      res.closed();
      return;
    }
    res?.closed();
    if (s.writable) s.end(page);
    else s.destroy();
  }

  /** The client sent all it will send: answer what it asked, then close. */
  #finishHalfClosed(): void {
    if (this.#buf !== null) {
      this.#fatal(BAD_REQUEST); // a request cut short
      return;
    }
    this.#close();
  }

  #onEnd(): void {
    this.#ended = true;
    const body = this.#body;
    if (body !== null && !body.done) {
      if (this.#res === null) {
        this.#close();
        return;
      }
      body.abort(new Error('aborted'));
      this.#body = null;
      this.#buf = null;
    }
    this.#pump();
  }

  #onTimeout(): void {
    if (this.#res !== null || this.#dead) return;
    const s = this.socket;
    if (this.#body === null && (this.#served === 0 || this.#buf !== null) && s.writable) {
      this.#dead = true;
      s.end(REQUEST_TIMEOUT);
    } else s.destroy();
  }

  #onClose(): void {
    this.#dead = true;
    this.#body?.abort(new Error('aborted'));
    this.#body = null;
    const res = this.#res;
    this.#res = null;
    res?.closed();
    this.#host.forget(this);
  }

  /** Closes the connection now if nothing is in flight (a listener stopping). */
  closeIfIdle(): void {
    if (this.idle) this.socket.destroy();
  }
}
