// One try of a proxied request on one upstream host: undici's dispatch handler, forwarding
// events to the request's exchange until the try is cancelled (a retry or a timeout took
// over), keeping the host's active-request count for the load balancer and giving its
// connection back to the host's pool when it ends.
import type { Dispatcher } from 'undici';
import type { PooledRequest } from '../http/host-pool.ts';
import type { UpstreamHost } from './clusters.ts';
import type { RequestRecord } from './record.ts';

/** The exchange an attempt reports to. */
export interface AttemptOwner {
  readonly rec: RequestRecord;
  onHeaders(a: Attempt, status: number, raw: Buffer[], resume: () => void): boolean;
  onData(chunk: Buffer): boolean;
  onComplete(): void;
  onError(a: Attempt, err: Error): void;
}

export class Attempt implements PooledRequest {
  readonly ex: AttemptOwner;
  readonly host: UpstreamHost;
  readonly opts: Dispatcher.DispatchOptions;
  abort: ((err?: Error) => void) | undefined;
  connected = false;
  discarded = false;
  done = false;
  slot: unknown = undefined;
  waiting = false;
  queued = false;

  constructor(ex: AttemptOwner, host: UpstreamHost, opts: Dispatcher.DispatchOptions) {
    this.ex = ex;
    this.host = host;
    this.opts = opts;
  }

  /** Sends it on the host's pool; false on a circuit breaker overflow. */
  start(): boolean {
    this.host.active++;
    if (this.host.pool.dispatch(this)) return true;
    this.host.active--;
    this.done = true;
    return false;
  }

  onConnect(abort: (err?: Error) => void): void {
    this.abort = abort;
    this.connected = true;
    this.host.pool.onWritten(this);
    if (this.discarded) abort();
  }

  onHeaders(statusCode: number, headers: Buffer[], resume: () => void): boolean {
    if (this.discarded) return false;
    return this.ex.onHeaders(this, statusCode, headers, resume);
  }

  onData(chunk: Buffer): boolean {
    if (this.discarded) return false;
    return this.ex.onData(chunk);
  }

  onComplete(): void {
    this.#end();
    if (!this.discarded) this.ex.onComplete();
  }

  onError(err: Error): void {
    this.#fail(err);
  }

  failFromPool(err: Error): void {
    this.#fail(err);
  }

  #fail(err: Error): void {
    this.#end();
    if (!this.discarded) this.ex.onError(this, err);
  }

  // undici passes the chunk written (its typings say a size).
  onBodySent(chunk: number | Buffer | string): void {
    this.ex.rec.bytesReceived += typeof chunk === 'number' ? chunk : Buffer.byteLength(chunk);
  }

  #end(): void {
    if (this.done) return;
    this.done = true;
    this.host.active--;
    this.host.pool.release(this);
  }

  /** Gives up on this attempt (a retry or a timeout takes over). */
  cancel(): void {
    this.discarded = true;
    // Over already: the connection's abort may belong to its next request by now.
    if (this.done) return;
    if (this.queued) {
      // Still waiting in the pool's queue: it never reaches a connection.
      this.#end();
      return;
    }
    this.abort?.(new Error('attempt cancelled'));
  }
}
