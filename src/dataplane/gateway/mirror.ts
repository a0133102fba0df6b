// Request mirroring (Envoy's shadow writer, route request_mirror_policies): for each mirror
// sampled by its percentage, a fire-and-forget copy of the upstream request goes to a host
// of the mirror cluster, Host/:authority suffixed with -shadow before any port
// (httpbin:8000 -> httpbin-shadow:8000). Its response is read and dropped; its failures,
// overflows and timeouts never reach the client.
import type { Dispatcher } from 'undici';
import type { MirrorPolicy } from '../../istio/model.ts';
import type { PooledRequest } from '../http/host-pool.ts';
import { chooseHost } from './balancer.ts';
import type { ClusterRuntime, UpstreamHost } from './clusters.ts';
import { sampled } from './fault.ts';

/** Request bodies up to this size are mirrored (buffered first); larger ones are not. */
export const MIRROR_BODY_LIMIT = 64 * 1024;

/** Envoy's shadow host: '-shadow' appended to the host part of the authority. */
export function shadowAuthority(authority: string): string {
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    return `${authority.slice(0, close + 1)}-shadow${authority.slice(close + 1)}`;
  }
  const colon = authority.lastIndexOf(':');
  return colon < 0 ? `${authority}-shadow` : `${authority.slice(0, colon)}-shadow${authority.slice(colon)}`;
}

function onShadowTimeout(s: ShadowRequest): void {
  s.abortNow();
}

class ShadowRequest implements PooledRequest {
  readonly opts: Dispatcher.DispatchOptions;
  readonly host: UpstreamHost;
  slot: unknown = undefined;
  waiting = false;
  queued = false;
  #abort: ((err?: Error) => void) | undefined;
  #timer: NodeJS.Timeout | undefined;
  #done = false;

  constructor(host: UpstreamHost, opts: Dispatcher.DispatchOptions, timeoutMs: number | undefined) {
    this.host = host;
    this.opts = opts;
    if (timeoutMs) {
      this.#timer = setTimeout(onShadowTimeout, timeoutMs, this);
      this.#timer.unref();
    }
  }

  start(): void {
    this.host.active++;
    if (!this.host.pool.dispatch(this)) this.#end();
  }

  abortNow(): void {
    this.#timer = undefined;
    if (this.queued) this.#end();
    else this.#abort?.(new Error('shadow timeout'));
  }

  onConnect(abort: (err?: Error) => void): void {
    this.#abort = abort;
    this.host.pool.onWritten(this);
  }
  onHeaders(): boolean {
    return true;
  }
  onData(): boolean {
    return true;
  }
  onComplete(): void {
    this.#end();
  }
  onError(): void {
    this.#end();
  }
  failFromPool(): void {
    this.#end();
  }

  #end(): void {
    if (this.#done) return;
    this.#done = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.host.active--;
    this.host.pool.release(this);
  }
}

export interface MirrorInput {
  method: string;
  path: string;
  /** The upstream request headers (host first); copied, not changed. */
  headers: readonly string[];
  body: Buffer | null;
  timeoutMs: number | undefined;
}

/** Sends the sampled mirrors of one request. */
export function sendMirrors(
  mirrors: readonly MirrorPolicy[],
  clusters: ReadonlyMap<string, ClusterRuntime>,
  input: MirrorInput,
  random: () => number,
): void {
  for (const m of mirrors) {
    if (!sampled(m.percentage, random)) continue;
    const cluster = clusters.get(m.cluster);
    if (!cluster) continue;
    const host = chooseHost(cluster.def.lbPolicy, cluster.hosts, cluster.lb, random);
    if (!host) continue;
    const headers = input.headers.slice();
    headers[1] = shadowAuthority(headers[1] as string);
    const opts: Dispatcher.DispatchOptions = {
      path: input.path,
      method: input.method,
      headers,
      body: input.body,
    };
    new ShadowRequest(host, opts, input.timeoutMs).start();
  }
}

/**
 * Reads a request body of at most `limit` bytes into one Buffer; a longer body is put back on
 * the stream (unshift) and `done` gets undefined, so the request still goes upstream whole.
 */
export function bufferBody(
  req: NodeJS.ReadableStream & { unshift(chunk: Buffer): void },
  limit: number,
  done: (body: Buffer | undefined) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  const onData = (c: Buffer): void => {
    chunks.push(c);
    size += c.length;
    if (size <= limit) return;
    cleanup();
    req.pause();
    req.unshift(Buffer.concat(chunks));
    done(undefined);
  };
  const onEnd = (): void => {
    cleanup();
    done(Buffer.concat(chunks));
  };
  const cleanup = (): void => {
    req.off('data', onData);
    req.off('end', onEnd);
  };
  req.on('data', onData);
  req.on('end', onEnd);
}
