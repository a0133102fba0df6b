// Envoy's HTTP/1 connection pool for one upstream host, under its cluster's circuit breakers
// (max_connections, max_pending_requests, max_requests): one undici Client per connection,
// no pipelining. A request takes an idle connection; else, while the cluster's pending requests
// are under the limit, it waits: on a new connection when the cluster may open one (a host
// with none always may), else in the host's queue (upstream_cx_overflow) until a connection
// frees up. Over a limit the request overflows (upstream_rq_pending_overflow) and the caller
// answers 503 UO. A failed connect fails the queued requests too, as Envoy purges them.
// A connection is a RawConnection (raw-pool.ts), or an undici Client with GANGWAY_RAW_POOL=0.
import { Client, type Dispatcher } from 'undici';
import { rawPoolEnabled, RawConnection, type ConnectionEvents, type RawHandler } from './raw-pool.ts';

export interface ClusterLimits {
  maxConnections: number;
  maxPendingRequests: number;
  maxRequests: number;
  maxRetries: number;
}

export interface OverflowCounters {
  pendingOverflow: number;
  cxOverflow: number;
  retryOverflow: number;
}

/** The cluster-wide resource counts the circuit breakers compare with their limits. */
export interface ClusterResources {
  limits: ClusterLimits;
  cx: number;
  pending: number;
  active: number;
  retries: number;
  counters: OverflowCounters;
}

export function clusterResources(limits: Partial<ClusterLimits> = {}): ClusterResources {
  return {
    limits: {
      maxConnections: limits.maxConnections ?? Infinity,
      maxPendingRequests: limits.maxPendingRequests ?? Infinity,
      maxRequests: limits.maxRequests ?? Infinity,
      maxRetries: limits.maxRetries ?? Infinity,
    },
    cx: 0,
    pending: 0,
    active: 0,
    retries: 0,
    counters: { pendingOverflow: 0, cxOverflow: 0, retryOverflow: 0 },
  };
}

export interface HostPoolOptions {
  connectTimeoutMs?: number | undefined; // default 10 s
  idleMs?: number | undefined; // default 1 h
  maxRequestsPerConnection?: number | undefined; // default unlimited
  /** Raw connections (default: unless GANGWAY_RAW_POOL=0) or undici Clients. */
  raw?: boolean | undefined;
}

/** One upstream connection as the pool drives it (undici Client's dispatch and close). */
interface Connection {
  dispatch(opts: Dispatcher.DispatchOptions, handler: PooledRequest): unknown;
  close(): Promise<void>;
}

interface Slot {
  client: Connection;
  connected: boolean;
  busy: boolean;
  /** Requests written on the current connection. */
  served: number;
}

/** A request as the pool tracks it (the gateway's Attempt). */
export interface PooledRequest extends Dispatcher.DispatchHandler, RawHandler {
  onConnect(abort: (err?: Error) => void): void;
  onHeaders(statusCode: number, headers: Buffer[], resume: () => void, statusText: string): boolean;
  onData(chunk: Buffer): boolean;
  onComplete(trailers: string[] | null): void;
  onError(err: Error): void;
  readonly opts: Dispatcher.DispatchOptions;
  slot: unknown;
  /** Counted in the cluster's pending requests. */
  waiting: boolean;
  queued: boolean;
  /** Fails the request from the pool (a purged queue, a closed pool). */
  failFromPool(err: Error): void;
}

function occupied(s: Slot): boolean {
  return s.connected || s.busy;
}

export class HostPool {
  readonly #host: string;
  readonly #port: number;
  readonly #raw: boolean;
  readonly #url: string;
  readonly #clientOpts: Client.Options;
  readonly #res: ClusterResources;
  readonly #maxPerConn: number;
  #slots: Slot[] = [];
  #idle: Slot[] = [];
  #queue: PooledRequest[] = [];
  #closed = false;

  constructor(host: string, port: number, res: ClusterResources, opts: HostPoolOptions = {}) {
    this.#host = host;
    this.#port = port;
    this.#raw = opts.raw ?? rawPoolEnabled();
    this.#url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    this.#res = res;
    const idle = opts.idleMs ?? 3_600_000;
    this.#maxPerConn = opts.maxRequestsPerConnection ?? Infinity;
    this.#clientOpts = {
      pipelining: 1,
      keepAliveTimeout: Math.min(idle, 600_000),
      keepAliveMaxTimeout: idle,
      keepAliveTimeoutThreshold: 1_000,
      headersTimeout: 0,
      bodyTimeout: 0,
      connectTimeout: opts.connectTimeoutMs ?? 10_000,
      // No maxRequestsPerClient: undici closes only after the (limit + 1)th request on a
      // connection, so the last request of a connection is sent with reset (see #attach).
    };
  }

  /** Connections open now. */
  get connected(): number {
    let n = 0;
    for (const s of this.#slots) if (s.connected) n++;
    return n;
  }

  /** Starts `r` or queues it; false when a circuit breaker overflows (nothing was sent). */
  dispatch(r: PooledRequest): boolean {
    const res = this.#res;
    if (this.#closed) return false;
    if (res.active >= res.limits.maxRequests) {
      res.counters.pendingOverflow++;
      return false;
    }
    const idle = this.#idle.pop();
    if (idle) {
      this.#attach(idle, r);
      return true;
    }
    if (res.pending >= res.limits.maxPendingRequests) {
      res.counters.pendingOverflow++;
      return false;
    }
    res.pending++;
    r.waiting = true;
    if (this.#canCreate()) this.#attach(this.#freeSlot(), r);
    else {
      res.counters.cxOverflow++;
      r.queued = true;
      this.#queue.push(r);
    }
    return true;
  }

  /** The request is written on its connection (undici onConnect). */
  onWritten(r: PooledRequest): void {
    if (r.waiting) {
      r.waiting = false;
      this.#res.pending--;
    }
    const s = r.slot as Slot | undefined;
    if (s) s.served++;
  }

  /** The request is over (completed, failed or aborted): its connection serves the next. */
  release(r: PooledRequest): void {
    if (r.waiting) {
      r.waiting = false;
      this.#res.pending--;
    }
    if (r.queued) {
      r.queued = false;
      const i = this.#queue.indexOf(r);
      if (i >= 0) this.#queue.splice(i, 1);
      return;
    }
    const s = r.slot as Slot | undefined;
    if (!s) return;
    r.slot = undefined;
    this.#res.active--;
    this.#setBusy(s, false);
    if (this.#closed) return;
    if (s.connected) {
      if (s.served < this.#maxPerConn) this.#serveOrIdle(s);
    } else this.#drainQueue();
  }

  #canCreate(): boolean {
    if (this.#res.cx < this.#res.limits.maxConnections) return true;
    for (const s of this.#slots) if (occupied(s)) return false;
    return true;
  }

  #setBusy(s: Slot, busy: boolean): void {
    const before = occupied(s);
    s.busy = busy;
    this.#res.cx += Number(occupied(s)) - Number(before);
  }

  #setConnected(s: Slot, connected: boolean): void {
    const before = occupied(s);
    s.connected = connected;
    this.#res.cx += Number(occupied(s)) - Number(before);
  }

  #attach(s: Slot, r: PooledRequest): void {
    r.slot = s;
    this.#res.active++;
    this.#setBusy(s, true);
    // The connection's last request goes out with `connection: close`, and undici closes the
    // socket as it completes, so the slot frees up at once instead of idling, unusable, until
    // a keep-alive timeout.
    const served = s.connected ? s.served : 0;
    const last = served + 1 >= this.#maxPerConn;
    s.client.dispatch(last ? { ...r.opts, reset: true } : r.opts, r);
  }

  #next(): PooledRequest | undefined {
    const r = this.#queue.shift();
    if (r) r.queued = false;
    return r;
  }

  #serveOrIdle(s: Slot): void {
    const r = this.#next();
    if (r) this.#attach(s, r);
    else this.#idle.push(s);
  }

  #drainQueue(): void {
    while (this.#queue.length > 0 && this.#canCreate()) {
      const r = this.#next();
      if (r) this.#attach(this.#freeSlot(), r);
    }
  }

  #freeSlot(): Slot {
    for (const s of this.#slots) if (!occupied(s)) return s;
    const s: Slot = { client: undefined as unknown as Connection, connected: false, busy: false, served: 0 };
    const events: ConnectionEvents = {
      connected: () => {
        s.served = 0;
        this.#setConnected(s, true);
      },
      disconnected: () => {
        const i = this.#idle.indexOf(s);
        if (i >= 0) this.#idle.splice(i, 1);
        this.#setConnected(s, false);
        if (!this.#closed) this.#drainQueue();
      },
      connectFailed: (err: Error) => {
        this.#setConnected(s, false);
        // Envoy purges the pending requests when a connection attempt fails.
        this.#purge(err);
      },
    };
    s.client = this.#raw ? this.#rawConnection(events) : this.#undiciClient(events);
    this.#slots.push(s);
    return s;
  }

  #rawConnection(events: ConnectionEvents): Connection {
    const o = this.#clientOpts;
    return new RawConnection(
      this.#host,
      this.#port,
      { connectTimeoutMs: o.connectTimeout as number, idleMs: o.keepAliveMaxTimeout as number },
      events,
    );
  }

  #undiciClient(events: ConnectionEvents): Connection {
    const client = new Client(this.#url, this.#clientOpts);
    client.on('connect', () => events.connected());
    client.on('disconnect', () => events.disconnected());
    client.on('connectionError', (_o: unknown, _t: unknown, err: Error) => {
      events.connectFailed(err);
    });
    return client;
  }

  #purge(err: Error): void {
    const purged = this.#queue.splice(0);
    for (const r of purged) {
      r.queued = false;
      if (r.waiting) {
        r.waiting = false;
        this.#res.pending--;
      }
    }
    for (const r of purged) r.failFromPool(err);
  }

  /** Closes every connection once its request is done; queued requests fail. */
  close(): Promise<void> {
    this.#closed = true;
    this.#purge(Object.assign(new Error('upstream host removed'), { code: 'ECONNRESET' }));
    this.#idle = [];
    return Promise.all(this.#slots.map((s) => s.client.close().catch(() => undefined))).then(() => undefined);
  }
}
