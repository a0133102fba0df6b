// Forwarding one request to a target over HTTP/1.1 through a keep-alive undici Pool per
// target origin, streaming the response back to the client as it comes (HTTP/1.1, raw or
// node:http, raw header case kept; HTTP/2 lower-cased without hop-by-hop headers). Failures before the response
// starts become the ALB's pages: 504 on connect (10 s) or idle timeouts, 502 otherwise
// (refused, reset, closed, malformed). After it started, the client stream is cut. A bodiless
// request whose connection failed before anything came back (a target going away as the
// request left) may be handed once to another target through `retry`; ALB cookies
// (Set-Cookie) ride along in `extra`. A target that lands on an HTTP listener of this process
// (a gateway pod, directly or through its NodePort) gets the request in memory (LocalFront):
// the same request head and body as on the wire, the response through the same processing.
import type { Readable } from 'node:stream';
import type { OutgoingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import { Pool, type Dispatcher } from 'undici';
import type { DialTable } from '../../net/dial-table.ts';
import type { LocalHttpControl, LocalHttpEndpoint, LocalHttpSink } from '../../net/local-endpoints.ts';
import type { TargetEntry, TargetTable } from './health-checker.ts';
import { ALB_NODE_SIDE_ADDRESS, frontFor, inprocOn, wireHead, type TargetDispatcher } from './local-front.ts';
import {
  isH1,
  replyPage,
  sinkOf,
  writeH1Head,
  type ClientOut,
  type ClientSink,
  type H1Out,
} from './reply.ts';

export { setInproc, type TargetDispatcher } from './local-front.ts';

export const CONNECT_TIMEOUT_MS = 10_000;

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

interface PoolRef {
  pool: Pool;
  refs: number;
}

/** Keep-alive pools per target origin, shared by the targets (of any group) that use it. */
export class UpstreamPools {
  #pools = new Map<string, PoolRef>();

  acquire(origin: string): Pool {
    let p = this.#pools.get(origin);
    if (p === undefined) {
      const pool = new Pool(origin, {
        connections: 256,
        pipelining: 1,
        connectTimeout: CONNECT_TIMEOUT_MS,
        keepAliveTimeout: 4_000,
        ...(origin.startsWith('https:') ? { connect: { rejectUnauthorized: false } } : {}),
      });
      p = { pool, refs: 0 };
      this.#pools.set(origin, p);
    }
    p.refs++;
    return p.pool;
  }

  release(origin: string): void {
    const p = this.#pools.get(origin);
    if (p === undefined) return;
    if (--p.refs <= 0) {
      this.#pools.delete(origin);
      void p.pool.close().catch(() => undefined);
    }
  }

  size(): number {
    return this.#pools.size;
  }

  async close(): Promise<void> {
    const all = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(all.map((p) => p.pool.destroy().catch(() => undefined)));
  }
}

/** What poolFor last gave a target, with what it was derived from. */
interface TargetRoute {
  host: string;
  port: number;
  protocol: string;
  pool: Dispatcher;
  inproc: boolean;
  dispatcher: TargetDispatcher;
}

const routes = new WeakMap<TargetEntry, TargetRoute>();

/**
 * The pool for a target, re-resolved through the DialTable so a moved socket is followed. The
 * origin string and dispatcher are rebuilt only when the resolved address (or the pool, the
 * protocol, the in-memory switch) changed since the target's last request.
 */
export function poolFor(e: TargetEntry, dial: DialTable, pools: UpstreamPools): TargetDispatcher {
  const t = e.target;
  const ep = dial.resolve(t.address, t.port);
  const protocol = e.group.tg.protocol;
  const r = routes.get(e);
  if (
    r !== undefined &&
    r.host === ep.host &&
    r.port === ep.port &&
    r.protocol === protocol &&
    r.pool === e.pool &&
    r.inproc === inprocOn()
  )
    return r.dispatcher;
  const scheme = protocol === 'HTTPS' ? 'https://' : 'http://';
  const origin = scheme + (ep.host.includes(':') ? `[${ep.host}]` : ep.host) + ':' + String(ep.port);
  if (e.pool === undefined || e.poolKey !== origin) {
    if (e.pool !== undefined) pools.release(e.poolKey);
    e.pool = pools.acquire(origin);
    e.poolKey = origin;
  }
  const dispatcher = protocol === 'HTTP' ? frontFor(e, dial, e.pool) : e.pool;
  routes.set(e, { host: ep.host, port: ep.port, protocol, pool: e.pool, inproc: inprocOn(), dispatcher });
  return dispatcher;
}

/** Errors where the target cannot have acted on the request: safe to send it elsewhere. */
const RETRYABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** Another target (and its pool) for a request whose target failed; one per listener. */
export type Retarget = (failed: TargetEntry) => { entry: TargetEntry; pool: TargetDispatcher } | undefined;

function errorStatus(err: Error & { code?: string }): number {
  switch (err.code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'ETIMEDOUT':
      return 504;
    default:
      return 502;
  }
}

/** Whether a response header is hop-by-hop (lower-cased only when its length could match). */
function hopByHop(name: string): boolean {
  const n = name.length;
  return (n === 10 || n === 16 || n === 17 || n === 7) && HOP_BY_HOP.has(name.toLowerCase());
}

/** Header name or value from undici (Buffer) or an in-process endpoint (string). */
function latin1(x: Buffer | string): string {
  return typeof x === 'string' ? x : x.toString('latin1');
}

/** A one-off 'drain' listener, made only when the client pushes back. */
function drainListener(ex: ForwardExchange): () => void {
  return () => {
    ex.drained();
  };
}

function onIdle(ex: ForwardExchange): void {
  ex.idleTimeout();
}

/**
 * One forwarded exchange: an undici dispatch handler writing into the client's response, or
 * the sink of an in-process endpoint (dispatchLocal) doing the same.
 */
export class ForwardExchange implements Dispatcher.DispatchHandler, LocalHttpSink {
  #out: ClientOut;
  /** The same client response, through the methods all kinds share. */
  #sink: ClientSink;
  #h1: boolean;
  #head: boolean;
  #entry: TargetEntry;
  #checker: TargetTable;
  #abort: ((err?: Error) => void) | undefined = undefined;
  #resume: (() => void) | undefined = undefined;
  #started = false;
  #done = false;
  #extra: readonly string[] | undefined;
  #retry: Retarget | undefined;
  #opts: Dispatcher.DispatchOptions | undefined = undefined;
  #control: LocalHttpControl | undefined = undefined;
  #idle: NodeJS.Timeout | undefined = undefined;
  /** The client's 'close' listener (made in the constructor: no per-instance naming helper). */
  readonly #onClientClose: () => void;

  constructor(
    out: ClientOut,
    head: boolean,
    entry: TargetEntry,
    checker: TargetTable,
    extra?: readonly string[],
    retry?: Retarget,
  ) {
    this.#out = out;
    this.#sink = sinkOf(out);
    this.#extra = extra;
    this.#retry = retry;
    this.#h1 = isH1(out);
    this.#head = head;
    this.#entry = entry;
    this.#checker = checker;
    checker.begin(entry);
    this.#onClientClose = () => {
      if (!this.#done) this.#cancel();
    };
    this.#sink.on('close', this.#onClientClose);
  }

  /** Sends the request (body: the client's request stream, or null). */
  dispatch(pool: TargetDispatcher, opts: Dispatcher.DispatchOptions): void {
    if (this.#retry !== undefined) this.#opts = opts;
    try {
      pool.dispatch(opts, this);
    } catch (err) {
      this.#fail(err as Error);
    }
  }

  /**
   * Hands the request to an in-process endpoint: the head as undici would write it (host,
   * connection, the headers, then the body's framing), from the ALB's node-side address.
   */
  dispatchLocal(ep: LocalHttpEndpoint, opts: Dispatcher.DispatchOptions, sourcePort: number): void {
    const body = (opts.body ?? null) as Readable | null;
    const raw = wireHead(opts, body !== null);
    const ms = opts.headersTimeout ?? 0;
    if (ms > 0) this.#idle = setTimeout(onIdle, ms, this);
    try {
      ep.serve(
        {
          method: opts.method,
          path: opts.path,
          rawHeaders: raw,
          body,
          remoteAddress: ALB_NODE_SIDE_ADDRESS,
          remotePort: sourcePort,
        },
        this,
      );
    } catch (err) {
      this.#control?.abort();
      this.#fail(err as Error);
    }
  }

  /** The client can take more: the target's side goes on. */
  drained(): void {
    if (this.#control !== undefined) this.#control.resume();
    else this.#resume?.();
  }

  /** Stops the exchange because the client went away. */
  #cancel(): void {
    if (this.#control !== undefined) this.#abortLocal();
    else this.#abort?.(new Error('client closed'));
  }

  onConnect(abort: (err?: Error) => void): void {
    this.#abort = abort;
    if (this.#out.destroyed) abort(new Error('client closed'));
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean {
    if (statusCode < 200) return true; // 1xx: the client gets only the final response
    this.#resume = resume;
    return this.#respond(statusCode, rawHeaders, statusText);
  }

  #respond(statusCode: number, rawHeaders: readonly (Buffer | string)[], statusText: string): boolean {
    this.#started = true;
    const out = this.#out;
    if (out.destroyed) {
      this.#cancel();
      return false;
    }
    if (this.#h1) {
      const h: string[] = [];
      for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
        const name = latin1(rawHeaders[i]!);
        if (hopByHop(name)) continue;
        h.push(name, latin1(rawHeaders[i + 1]!));
      }
      if (this.#extra !== undefined) h.push(...this.#extra);
      writeH1Head(out as H1Out, statusCode, statusText || undefined, h);
    } else {
      const h: OutgoingHttpHeaders = { ':status': statusCode };
      for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
        const name = latin1(rawHeaders[i]!).toLowerCase();
        if (HOP_BY_HOP.has(name)) continue;
        const value = latin1(rawHeaders[i + 1]!);
        const prev = h[name];
        if (prev === undefined) h[name] = value;
        else if (Array.isArray(prev)) prev.push(value);
        else h[name] = [String(prev), value];
      }
      const extra = this.#extra;
      if (extra !== undefined)
        for (let i = 0; i + 1 < extra.length; i += 2) {
          const name = extra[i]!.toLowerCase();
          const prev = h[name];
          if (prev === undefined) h[name] = [extra[i + 1]!];
          else if (Array.isArray(prev)) prev.push(extra[i + 1]!);
          else h[name] = [String(prev), extra[i + 1]!];
        }
      (out as ServerHttp2Stream).respond(h);
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    return this.#write(chunk);
  }

  #write(chunk: Buffer): boolean {
    const out = this.#sink;
    if (out.destroyed) {
      this.#cancel();
      return false;
    }
    if (this.#head) return true;
    if (out.write(chunk)) return true;
    out.once('drain', drainListener(this));
    return false;
  }

  onComplete(_trailers: string[] | null): void {
    this.#complete();
  }

  #complete(): void {
    this.#finish();
    if (!this.#out.destroyed) this.#sink.end();
  }

  onError(err: Error): void {
    this.#fail(err);
  }

  // LocalHttpSink: the in-process endpoint's side of dispatchLocal.

  connected(control: LocalHttpControl): void {
    this.#control = control;
    if (this.#out.destroyed) this.#abortLocal();
  }

  head(status: number, statusText: string, rawHeaders: readonly string[]): void {
    if (this.#done) return;
    this.#idle?.refresh();
    if (!this.#respond(status, rawHeaders, statusText)) this.#abortLocal();
  }

  data(chunk: Buffer): boolean {
    if (this.#done) return true;
    this.#idle?.refresh();
    return this.#write(chunk);
  }

  end(): void {
    if (this.#done) return;
    this.#complete();
  }

  fail(err: Error): void {
    this.#fail(err);
  }

  /** The ALB's idle timeout ran out on an in-process exchange: 504, or the client cut. */
  idleTimeout(): void {
    this.#idle = undefined;
    if (this.#done) return;
    this.#control?.abort();
    this.#fail(Object.assign(new Error('idle timeout'), { code: 'UND_ERR_HEADERS_TIMEOUT' }));
  }

  /** The client went away (or the timeout ran out): the endpoint sees its downstream close. */
  #abortLocal(): void {
    this.#control?.abort();
    this.#finish();
  }

  #fail(err: Error): void {
    if (this.#done) return;
    this.#finish();
    const code = (err as Error & { code?: string }).code;
    if (!this.#started && this.#retry !== undefined && this.#opts !== undefined && code !== undefined) {
      const next = RETRYABLE.has(code) && !this.#out.destroyed ? this.#retry(this.#entry) : undefined;
      if (next !== undefined) {
        const again = new ForwardExchange(this.#out, this.#head, next.entry, this.#checker, this.#extra);
        again.dispatch(next.pool, this.#opts);
        return;
      }
    }
    if (this.#started) {
      this.#sink.destroy();
      return;
    }
    replyPage(this.#out, this.#head, errorStatus(err));
  }

  #finish(): void {
    if (this.#done) return;
    this.#done = true;
    if (this.#idle !== undefined) clearTimeout(this.#idle);
    this.#idle = undefined;
    this.#sink.off('close', this.#onClientClose);
    this.#checker.end(this.#entry);
  }
}

export type RequestBody = Readable | null;
