// Forwarding one request to a target over HTTP/1.1 through a keep-alive undici Pool per
// target origin, streaming the response back to the client as it comes (HTTP/1.1 raw header
// case kept; HTTP/2 lower-cased without hop-by-hop headers). Failures before the response
// starts become the ALB's pages: 504 on connect (10 s) or idle timeouts, 502 otherwise
// (refused, reset, closed, malformed). After it started, the client stream is cut. A bodiless
// request whose connection failed before anything came back (a target going away as the
// request left) may be handed once to another target through `retry`; ALB cookies
// (Set-Cookie) ride along in `extra`.
import type { Readable } from 'node:stream';
import type { OutgoingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import { ServerResponse } from 'node:http';
import { Pool, type Dispatcher } from 'undici';
import type { DialTable } from '../../net/dial-table.ts';
import type { HealthChecker, TargetEntry } from './health-checker.ts';
import { replyPage, type ClientOut } from './reply.ts';

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

/** The pool for a target, re-resolved through the DialTable so a moved socket is followed. */
export function poolFor(e: TargetEntry, dial: DialTable, pools: UpstreamPools): Dispatcher {
  const t = e.target;
  const ep = dial.resolve(t.address, t.port);
  const scheme = e.group.tg.protocol === 'HTTPS' ? 'https://' : 'http://';
  const origin = scheme + (ep.host.includes(':') ? `[${ep.host}]` : ep.host) + ':' + String(ep.port);
  if (e.pool === undefined || e.poolKey !== origin) {
    if (e.pool !== undefined) pools.release(e.poolKey);
    e.pool = pools.acquire(origin);
    e.poolKey = origin;
  }
  return e.pool;
}

/** Errors where the target cannot have acted on the request: safe to send it elsewhere. */
const RETRYABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** Another target (and its pool) for a request whose target failed; one per listener. */
export type Retarget = (failed: TargetEntry) => { entry: TargetEntry; pool: Dispatcher } | undefined;

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

/** One forwarded exchange: an undici dispatch handler writing into the client's response. */
export class ForwardExchange implements Dispatcher.DispatchHandler {
  #out: ClientOut;
  #h1: boolean;
  #head: boolean;
  #entry: TargetEntry;
  #checker: HealthChecker;
  #abort: ((err?: Error) => void) | undefined = undefined;
  #resume: (() => void) | undefined = undefined;
  #started = false;
  #done = false;
  #extra: readonly string[] | undefined;
  #retry: Retarget | undefined;
  #opts: Dispatcher.DispatchOptions | undefined = undefined;

  constructor(
    out: ClientOut,
    head: boolean,
    entry: TargetEntry,
    checker: HealthChecker,
    extra?: readonly string[],
    retry?: Retarget,
  ) {
    this.#out = out;
    this.#extra = extra;
    this.#retry = retry;
    this.#h1 = out instanceof ServerResponse;
    this.#head = head;
    this.#entry = entry;
    this.#checker = checker;
    checker.begin(entry);
    out.once('close', this.#onClientClose);
  }

  /** Sends the request (body: the client's request stream, or null). */
  dispatch(pool: Dispatcher, opts: Dispatcher.DispatchOptions): void {
    if (this.#retry !== undefined) this.#opts = opts;
    try {
      pool.dispatch(opts, this);
    } catch (err) {
      this.#fail(err as Error);
    }
  }

  #onClientClose = (): void => {
    if (this.#done) return;
    this.#abort?.(new Error('client closed'));
  };

  #onDrain = (): void => {
    this.#resume?.();
  };

  onConnect(abort: (err?: Error) => void): void {
    this.#abort = abort;
    if (this.#out.destroyed) abort(new Error('client closed'));
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean {
    if (statusCode < 200) return true; // 1xx: the client gets only the final response
    this.#started = true;
    this.#resume = resume;
    const out = this.#out;
    if (out.destroyed) {
      this.#abort?.(new Error('client closed'));
      return false;
    }
    if (this.#h1) {
      const h: string[] = [];
      for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
        const name = rawHeaders[i]!.toString('latin1');
        if (HOP_BY_HOP.has(name.toLowerCase())) continue;
        h.push(name, rawHeaders[i + 1]!.toString('latin1'));
      }
      if (this.#extra !== undefined) h.push(...this.#extra);
      (out as ServerResponse).writeHead(statusCode, statusText || undefined, h);
    } else {
      const h: OutgoingHttpHeaders = { ':status': statusCode };
      for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
        const name = rawHeaders[i]!.toString('latin1').toLowerCase();
        if (HOP_BY_HOP.has(name)) continue;
        const value = rawHeaders[i + 1]!.toString('latin1');
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
    const out = this.#out;
    if (out.destroyed) {
      this.#abort?.(new Error('client closed'));
      return false;
    }
    if (this.#head) return true;
    if (out.write(chunk)) return true;
    out.once('drain', this.#onDrain);
    return false;
  }

  onComplete(_trailers: string[] | null): void {
    this.#finish();
    if (!this.#out.destroyed) this.#out.end();
  }

  onError(err: Error): void {
    this.#fail(err);
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
      this.#out.destroy();
      return;
    }
    replyPage(this.#out, this.#head, errorStatus(err));
  }

  #finish(): void {
    if (this.#done) return;
    this.#done = true;
    this.#out.off('close', this.#onClientClose);
    this.#checker.end(this.#entry);
  }
}

export type RequestBody = Readable | null;
