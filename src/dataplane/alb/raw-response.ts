// The raw HTTP/1.1 listener's response: what the exchange and forward.ts write to, shaped like
// node's ServerResponse (writeHead with a reason and flat raw headers, write -> boolean with
// 'drain', end, destroy, destroyed, headersSent, 'close'). The head is written as node writes
// it: the given headers in order and case, then Date (cached per second), Connection (and
// Keep-Alive: timeout=N), then Content-Length (end() with the whole body) or
// Transfer-Encoding: chunked for HTTP/1.1 or a close-delimited body for HTTP/1.0. The head goes
// out with the first body bytes (and a small body with the head) in one corked socket write.
import { EventEmitter } from 'node:events';
import { STATUS_CODES } from 'node:http';
import type net from 'node:net';

/** What a response needs from its connection. */
export interface ResponseOwner {
  readonly socket: net.Socket;
  /** The response ended (written out): the connection goes on with the next request or closes. */
  responseDone(res: RawResponse, last: boolean): void;
}

/** How the connection lets a response frame itself. */
export interface ResponseFacts {
  /** The request was HEAD: no body goes out. */
  head: boolean;
  /** The request allows keep-alive (version, Connection header, listener not closing). */
  keepAlive: boolean;
  /** HTTP/1.1 request: chunked bodies; HTTP/1.0: close-delimited. */
  chunkedOk: boolean;
  /** Keep-Alive: timeout=N (seconds, as node writes it). */
  keepAliveSeconds: number;
}

let dateSecond = -1;
let dateText = '';

/** The Date header's value, computed at most once a second. */
export function httpDate(): string {
  const now = Date.now();
  const s = Math.floor(now / 1000);
  if (s !== dateSecond) {
    dateSecond = s;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}

const CHUNK_END = Buffer.from('\r\n', 'latin1');
const LAST_CHUNK = Buffer.from('0\r\n\r\n', 'latin1');

function uncork(r: RawResponse): void {
  r.flush();
}

export class RawResponse extends EventEmitter {
  destroyed = false;
  headersSent = false;
  writableEnded = false;
  readonly #owner: ResponseOwner;
  readonly #facts: ResponseFacts;
  /** The head, built by writeHead, not yet on the socket. */
  #pending: string | null = null;
  #chunked = false;
  #hasBody = true;
  #last = false;
  #corked = false;

  constructor(owner: ResponseOwner, facts: ResponseFacts) {
    super();
    this.#owner = owner;
    this.#facts = facts;
  }

  /** Builds the head; it goes out with the first write or end. */
  writeHead(status: number, reason: string | undefined, headers: readonly string[] = []): this {
    this.#head(status, reason, headers, -1);
    return this;
  }

  #head(status: number, reason: string | undefined, headers: readonly string[], length: number): void {
    if (this.headersSent) return;
    this.headersSent = true;
    const facts = this.#facts;
    let s = `HTTP/1.1 ${String(status)} ${reason ?? STATUS_CODES[status] ?? 'unknown'}\r\n`;
    let date = false;
    let connection = false;
    let contLen = false;
    let te = false;
    for (let i = 0; i + 1 < headers.length; i += 2) {
      const name = headers[i]!;
      const value = headers[i + 1]!;
      s += name + ': ' + value + '\r\n';
      const n = name.length;
      if (n !== 4 && n !== 10 && n !== 14 && n !== 17) continue;
      switch (name.toLowerCase()) {
        case 'date':
          date = true;
          break;
        case 'connection':
          connection = true;
          if (/(?:^|\W)close(?:$|\W)/i.test(value)) this.#last = true;
          break;
        case 'content-length':
          contLen = true;
          break;
        case 'transfer-encoding':
          te = true;
          if (/(?:^|\W)chunked(?:$|\W)/i.test(value)) this.#chunked = true;
          break;
      }
    }
    this.#hasBody = !facts.head && status !== 204 && status !== 304 && (status < 100 || status > 199);
    if (!date) s += 'Date: ' + httpDate() + '\r\n';
    if (!connection) {
      if (facts.keepAlive && (contLen || facts.chunkedOk)) {
        s += 'Connection: keep-alive\r\nKeep-Alive: timeout=' + String(facts.keepAliveSeconds) + '\r\n';
      } else {
        s += 'Connection: close\r\n';
        this.#last = true;
      }
    }
    if (!contLen && !te) {
      if (!this.#hasBody) {
        // nothing: no body follows
      } else if (!facts.chunkedOk) this.#last = true;
      else if (length >= 0) s += 'Content-Length: ' + String(length) + '\r\n';
      else {
        s += 'Transfer-Encoding: chunked\r\n';
        this.#chunked = true;
      }
    }
    if (!this.#hasBody) this.#chunked = false;
    this.#pending = s + '\r\n';
  }

  /** One write's worth: corked until the next tick so head and body leave together. */
  #socket(): net.Socket {
    const s = this.#owner.socket;
    if (!this.#corked) {
      this.#corked = true;
      s.cork();
      process.nextTick(uncork, this);
    }
    const p = this.#pending;
    if (p !== null) {
      this.#pending = null;
      s.write(p, 'latin1');
    }
    return s;
  }

  write(chunk: Buffer | string): boolean {
    if (this.destroyed || this.writableEnded) return false;
    if (!this.headersSent) this.#head(200, undefined, [], -1);
    const s = this.#socket();
    if (!this.#hasBody || chunk.length === 0) return true;
    if (!this.#chunked) return s.write(chunk);
    const len = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    s.write(len.toString(16) + '\r\n', 'latin1');
    s.write(chunk);
    return s.write(CHUNK_END);
  }

  end(chunk?: Buffer | string): this {
    if (this.destroyed || this.writableEnded) return this;
    if (!this.headersSent) {
      const len =
        chunk === undefined ? 0 : typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      this.#head(200, undefined, [], len);
    }
    if (chunk !== undefined && chunk.length > 0) this.write(chunk);
    this.writableEnded = true;
    const s = this.#socket();
    if (this.#chunked) s.write(LAST_CHUNK);
    this.flush();
    this.#owner.responseDone(this, this.#last);
    if (this.listenerCount('close') > 0) process.nextTick(emitClose, this);
    return this;
  }

  /** Sends what the cork held back. */
  flush(): void {
    if (!this.#corked) return;
    this.#corked = false;
    this.#owner.socket.uncork();
  }

  /** Cuts the connection (the response cannot be finished). */
  destroy(): void {
    if (this.destroyed) return;
    this.#owner.socket.destroy();
    this.closed();
  }

  /** The connection went away (or the response was abandoned): 'close' once. */
  closed(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('close');
  }
}

function emitClose(res: RawResponse): void {
  res.emit('close');
}
