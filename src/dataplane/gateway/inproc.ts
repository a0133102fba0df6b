// A gateway HTTP listener as an in-process endpoint (src/net/local-endpoints.ts): a request
// handed over in memory runs through handleRequest exactly as one read from the listener's
// socket, on IncomingMessage / ServerResponse look-alikes that carry what handleRequest and
// the router read (method, url, raw headers, node's header object, the socket's addresses,
// the body stream) and write (status, raw headers, body, destroy). The response goes to the
// caller's sink as node:http would put it on the wire (Date added when absent, no body for
// HEAD / 204 / 304).
import { EventEmitter } from 'node:events';
import { STATUS_CODES, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { LocalHttpControl, LocalHttpRequest, LocalHttpSink } from '../../net/local-endpoints.ts';
import { httpDate } from '../http/http-date.ts';

/** The connection as handleRequest sees it (req.socket). */
export class InProcSocket {
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly localAddress: string;
  readonly localPort: number;
  destroyed = false;

  constructor(remoteAddress: string, remotePort: number, localAddress: string, localPort: number) {
    this.remoteAddress = remoteAddress;
    this.remotePort = remotePort;
    this.localAddress = localAddress;
    this.localPort = localPort;
  }
}

// Headers node's IncomingMessage keeps only the first of (matchKnownFields).
const FIRST_ONLY = new Set([
  'content-type',
  'content-length',
  'user-agent',
  'referer',
  'host',
  'authorization',
  'proxy-authorization',
  'if-modified-since',
  'if-unmodified-since',
  'from',
  'location',
  'max-forwards',
  'retry-after',
  'etag',
  'last-modified',
  'server',
  'age',
  'expires',
]);

/** node:http's req.headers from raw headers: lower-cased, duplicates joined as node joins them. */
export function headersObject(raw: readonly string[]): IncomingHttpHeaders {
  const h: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    const prev = h[name];
    if (prev === undefined) h[name] = name === 'set-cookie' ? [value] : value;
    else if (name === 'set-cookie') (prev as string[]).push(value);
    else if (FIRST_ONLY.has(name)) continue;
    else h[name] = `${prev as string}${name === 'cookie' ? '; ' : ', '}${value}`;
  }
  return h;
}

/** The request fields handleRequest reads, on a bodiless request or a body stream. */
interface RequestFields {
  method: string;
  url: string;
  rawHeaders: string[];
  headers: IncomingHttpHeaders;
  httpVersion: string;
  httpVersionMajor: number;
  httpVersionMinor: number;
  socket: InProcSocket;
  complete: boolean;
}

/** The per-request fields (the HTTP version and the socket are set by the constructors). */
function fill(r: RequestFields, req: LocalHttpRequest): void {
  r.method = req.method;
  r.url = req.path;
  r.rawHeaders = req.rawHeaders;
  r.headers = headersObject(req.rawHeaders);
}

/** A request without a body: nothing reads it as a stream (forward.ts sends body null). */
class BodilessRequest implements RequestFields {
  method!: string;
  url!: string;
  rawHeaders!: string[];
  headers!: IncomingHttpHeaders;
  httpVersion = '1.1';
  httpVersionMajor = 1;
  httpVersionMinor = 1;
  socket: InProcSocket;
  complete = true;

  constructor(req: LocalHttpRequest, socket: InProcSocket) {
    this.socket = socket;
    fill(this, req);
  }
}

/** A request with a body: a Readable fed from the caller's body with backpressure. */
class StreamingRequest extends Readable implements RequestFields {
  method!: string;
  url!: string;
  rawHeaders!: string[];
  headers!: IncomingHttpHeaders;
  httpVersion = '1.1';
  httpVersionMajor = 1;
  httpVersionMinor = 1;
  socket: InProcSocket;
  complete = false;
  #body: Readable;

  constructor(req: LocalHttpRequest, socket: InProcSocket, body: Readable) {
    super();
    this.socket = socket;
    this.#body = body;
    fill(this, req);
    body.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) body.pause();
    });
    body.once('end', () => {
      this.complete = true;
      this.push(null);
    });
    body.once('error', (err: Error) => this.destroy(err));
    body.once('close', () => {
      if (!this.complete) this.destroy(new Error('aborted'));
    });
  }

  override _read(): void {
    this.#body.resume();
  }
}

/** The ServerResponse look-alike writing into the caller's sink; also the caller's control. */
export class InProcResponse extends EventEmitter implements LocalHttpControl {
  statusCode = 200;
  headersSent = false;
  destroyed = false;
  writableEnded = false;
  #sink: LocalHttpSink;
  #socket: InProcSocket;
  #noBody: boolean;
  #body: Readable | undefined;

  constructor(sink: LocalHttpSink, socket: InProcSocket, head: boolean, body: Readable | undefined) {
    super();
    this.#sink = sink;
    this.#socket = socket;
    this.#noBody = head;
    this.#body = body;
  }

  removeHeader(_name: string): void {
    // Nothing is staged before writeHead on this path.
  }

  writeHead(
    status: number,
    a?: string | readonly string[] | Record<string, string | string[] | number>,
    b?: readonly string[] | Record<string, string | string[] | number>,
  ): this {
    if (this.headersSent || this.destroyed) return this;
    const message = typeof a === 'string' ? a : (STATUS_CODES[status] ?? 'unknown');
    const given = typeof a === 'string' ? b : a;
    const raw: string[] = flatHeaders(given);
    let date = false;
    for (let i = 0; i < raw.length; i += 2)
      if (raw[i]!.length === 4 && raw[i]!.toLowerCase() === 'date') date = true;
    if (!date) raw.push('Date', httpDate());
    this.statusCode = status;
    this.headersSent = true;
    if (status === 204 || status === 304) this.#noBody = true;
    this.#sink.head(status, message, raw);
    return this;
  }

  write(chunk: Buffer | string): boolean {
    if (this.destroyed || this.writableEnded) return false;
    if (!this.headersSent) this.writeHead(this.statusCode);
    if (this.#noBody) return true;
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (buf.length === 0) return true;
    return this.#sink.data(buf);
  }

  end(chunk?: Buffer | string): this {
    if (this.destroyed || this.writableEnded) return this;
    if (chunk !== undefined) this.write(chunk);
    else if (!this.headersSent) this.writeHead(this.statusCode);
    this.writableEnded = true;
    this.#sink.end();
    if (this.listenerCount('finish') > 0 || this.listenerCount('close') > 0) process.nextTick(emitDone, this);
    return this;
  }

  /** The gateway resets the downstream connection. */
  destroy(err?: Error): this {
    if (this.destroyed) return this;
    this.#close();
    if (!this.writableEnded) this.#sink.fail(err ?? socketReset());
    return this;
  }

  // LocalHttpControl

  resume(): void {
    this.emit('drain');
  }

  abort(): void {
    if (this.destroyed) return;
    this.#close();
  }

  #close(): void {
    this.destroyed = true;
    this.#socket.destroyed = true;
    if (this.#body !== undefined && !this.#body.destroyed) this.#body.destroy();
    process.nextTick(emitClose, this);
  }
}

function emitDone(res: InProcResponse): void {
  res.emit('finish');
  res.emit('close');
}

function emitClose(res: InProcResponse): void {
  res.emit('close');
}

function socketReset(): Error {
  return Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
}

function flatHeaders(
  h: readonly string[] | Record<string, string | string[] | number> | undefined,
): string[] {
  if (h === undefined) return [];
  if (Array.isArray(h)) return h as string[];
  const out: string[] = [];
  for (const [k, v] of Object.entries(h as Record<string, string | string[] | number>)) {
    if (Array.isArray(v)) for (const x of v) out.push(k, x);
    else out.push(k, String(v));
  }
  return out;
}

/**
 * Runs `handle` on look-alikes of one in-memory request, as the listener at localAddress:localPort
 * would on a socket request. The sink first gets the response as its control.
 */
export function serveInProc(
  req: LocalHttpRequest,
  sink: LocalHttpSink,
  localAddress: string,
  localPort: number,
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): void {
  const socket = new InProcSocket(req.remoteAddress, req.remotePort, localAddress, localPort);
  const body = req.body ?? undefined;
  const r = body === undefined ? new BodilessRequest(req, socket) : new StreamingRequest(req, socket, body);
  const res = new InProcResponse(
    sink,
    socket,
    req.method === 'HEAD',
    body === undefined ? undefined : (r as Readable),
  );
  sink.connected(res);
  handle(r as unknown as IncomingMessage, res as unknown as ServerResponse);
}
