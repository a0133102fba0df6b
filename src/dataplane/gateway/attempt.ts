// One try of a proxied request on one upstream host: undici's dispatch handler, forwarding
// events to the request's exchange until the try is cancelled (a retry or a timeout took
// over), and keeping the host's active-request count for the load balancer.
import type { Dispatcher } from 'undici';
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

export class Attempt implements Dispatcher.DispatchHandler {
  readonly ex: AttemptOwner;
  readonly host: UpstreamHost;
  abort: ((err?: Error) => void) | undefined;
  connected = false;
  discarded = false;
  done = false;

  constructor(ex: AttemptOwner, host: UpstreamHost) {
    this.ex = ex;
    this.host = host;
  }

  onConnect(abort: (err?: Error) => void): void {
    this.abort = abort;
    this.connected = true;
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
  }

  /** Gives up on this attempt (a retry or a timeout takes over). */
  cancel(): void {
    this.discarded = true;
    this.abort?.(new Error('attempt cancelled'));
  }
}
