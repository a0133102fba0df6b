// One proxied request through a cluster, as Envoy's router does it: pick a host (the request's
// hash for ring hash), dispatch on its pool under the circuit breakers (overflow -> 503 UO with
// x-envoy-overloaded), retry per the compiled policy (other hosts, jittered backoff, the
// max_retries breaker), enforce route and per-try timeouts, feed outlier detection, stream the
// response back with server: istio-envoy, x-envoy-upstream-service-time and the route's
// response mutation, and turn failures into Envoy's local replies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import { httpDate } from '../http/http-date.ts';
import { errnoOf, isConnectError } from '../http/upstream-pool.ts';
import { Attempt } from './attempt.ts';
import { chooseHost } from './balancer.ts';
import type { ClusterRuntime, UpstreamHost } from './clusters.ts';
import { addFlag } from './flags.ts';
import { applyResponseMutation, type ResponseMutation } from './header-ops.ts';
import { writeLocalReply } from './local-reply.ts';
import type { RequestRecord } from './record.ts';
import { downstreamResponseHeaders } from './request-headers.ts';
import { backoffMs, retriableReset, retriableResponse, type CompiledRetry } from './retry-policy.ts';

export interface ExchangeEnv {
  readonly random: () => number;
  finish(rec: RequestRecord): void;
}

export interface ExchangeSetup {
  cluster: ClusterRuntime;
  /** The upstream path (after rewrites). */
  path: string;
  headers: string[];
  /** Index in `headers` of x-envoy-attempt-count's value. */
  attemptSlot: number;
  timeoutMs: number | undefined;
  retry: CompiledRetry | undefined;
  mutation: ResponseMutation | undefined;
  hash: bigint | undefined;
  /** The request body: none, the downstream stream, or buffered (replayable). */
  body: null | IncomingMessage | Buffer;
}

const EXCHANGE = Symbol('exchange');
type Tagged = ServerResponse & { [EXCHANGE]?: Exchange };

// Shared callbacks (no closures per request): timers get the exchange as their argument,
// the response's 'close' listener finds it on the response.
function onRouteTimeout(ex: Exchange): void {
  ex.routeTimeout();
}
function onTryTimeout(ex: Exchange): void {
  ex.tryTimeout();
}
function resend(ex: Exchange): void {
  ex.resend();
}
function onDownstreamClose(this: Tagged): void {
  this[EXCHANGE]?.downstreamClosed();
}

const RESET_PREFIX = 'upstream connect error or disconnect/reset before headers. ';
const OVERLOADED = ['x-envoy-overloaded', 'true'];

function headerOf(raw: readonly Buffer[], name: string): string | undefined {
  for (let i = 0; i < raw.length; i += 2) {
    const b = raw[i] as Buffer;
    if (b.length === name.length && b.toString('latin1').toLowerCase() === name)
      return (raw[i + 1] as Buffer).toString('latin1');
  }
  return undefined;
}

export class Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly rec: RequestRecord;
  readonly #env: ExchangeEnv;
  readonly #s: ExchangeSetup;
  readonly #opts: Dispatcher.DispatchOptions;
  #attempt: Attempt | undefined;
  #attempts = 0;
  #tried: Set<UpstreamHost> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #tryTimer: NodeJS.Timeout | undefined;
  #backoff: NodeJS.Timeout | undefined;
  #started = 0;
  #responded = false;
  #finished = false;
  #resume: (() => void) | undefined;

  constructor(
    env: ExchangeEnv,
    req: IncomingMessage,
    res: ServerResponse,
    rec: RequestRecord,
    s: ExchangeSetup,
  ) {
    this.#env = env;
    this.req = req;
    this.res = res;
    this.rec = rec;
    this.#s = s;
    this.#opts = {
      path: s.path,
      method: req.method ?? 'GET',
      headers: s.headers,
      body: s.body,
      idempotent: true,
    };
  }

  start(): void {
    this.#started = performance.now();
    if (this.#s.timeoutMs) this.#timer = setTimeout(onRouteTimeout, this.#s.timeoutMs, this);
    (this.res as Tagged)[EXCHANGE] = this;
    this.res.once('close', onDownstreamClose);
    this.#send();
  }

  #send(): void {
    const c = this.#s.cluster;
    const host = chooseHost(c.def.lbPolicy, c.hosts, c.lb, this.#env.random, this.#tried, this.#s.hash);
    if (!host) {
      this.#local(503, 'no healthy upstream', this.#flags('UH'), 'no_healthy_upstream');
      return;
    }
    this.#attempts++;
    this.#s.headers[this.#s.attemptSlot] = String(this.#attempts);
    const a = new Attempt(this, host, this.#opts);
    this.#attempt = a;
    this.rec.upstreamHost = host.key;
    this.rec.dest = host.dest;
    const perTry = this.#s.retry?.perTryTimeoutMs;
    if (!a.start()) {
      this.#attempt = undefined;
      this.#overflow();
      return;
    }
    if (perTry) this.#tryTimer = setTimeout(onTryTimeout, perTry, this);
  }

  #overflow(): void {
    const retried = this.#attempts > 1;
    this.rec.upstreamHost = undefined;
    this.#local(
      503,
      `${RESET_PREFIX}${retried ? 'retried and the latest ' : ''}reset reason: overflow`,
      this.#flags('UO'),
      'upstream_reset_before_response_started{overflow}',
      OVERLOADED,
    );
  }

  /** The flags so far plus `flag`. */
  #flags(flag: string): string {
    return addFlag(this.rec.flags, flag);
  }

  /** Retries exhausted on a retriable outcome: URX (NoRetryLimitExceeded). */
  #limitExceeded(): void {
    this.rec.flags = addFlag(this.rec.flags, 'URX');
  }

  onHeaders(a: Attempt, status: number, raw: Buffer[], resume: () => void): boolean {
    if (status < 200) return true;
    this.#s.cluster.report(a.host, status);
    const r = this.#s.retry;
    if (r) {
      const grpc = r.grpc ? headerOf(raw, 'grpc-status') : undefined;
      if (
        retriableResponse(r, status, grpc === undefined ? undefined : Number(grpc), false) &&
        headerOf(raw, 'x-envoy-overloaded') === undefined
      ) {
        if (!this.#canRetry(false)) {
          if (this.#attempts > r.attempts) this.#limitExceeded();
        } else if (this.#retry(a)) {
          a.cancel();
          return false;
        }
      }
    }
    this.#clearTryTimer();
    const serviceTime = Math.floor(performance.now() - this.#started);
    this.rec.serviceTimeMs = serviceTime;
    this.rec.code = status;
    this.rec.details = 'via_upstream';
    this.#responded = true;
    this.#resume = resume;
    const headers = downstreamResponseHeaders(raw, httpDate(), serviceTime);
    if (this.#s.mutation) applyResponseMutation(headers, this.#s.mutation);
    this.res.removeHeader('connection');
    this.res.writeHead(status, headers);
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.rec.bytesSent += chunk.length;
    if (this.res.write(chunk)) return true;
    if (this.#resume) this.res.once('drain', this.#resume);
    return false;
  }

  onComplete(): void {
    this.#clearTimers();
    this.res.end();
    this.#finish();
  }

  onError(a: Attempt, err: Error): void {
    this.#clearTryTimer();
    if (this.#finished) return;
    if (this.#responded) {
      // Reset after the response started: the downstream is reset too.
      this.rec.flags = this.#flags('UPE');
      this.rec.details = 'upstream_reset_after_response_started{connection_termination}';
      this.#clearTimers();
      this.res.destroy();
      this.#finish();
      return;
    }
    const connectFailure = !a.connected && isConnectError(err);
    this.#s.cluster.report(a.host, 503);
    const r = this.#s.retry;
    if (r && retriableReset(r, connectFailure)) {
      if (this.#canRetry(!a.connected)) {
        if (this.#retry(a)) return;
      } else if (this.#attempts > r.attempts) this.#limitExceeded();
    }
    let reason: string;
    let transport: string | undefined;
    let flag: string;
    if (connectFailure) {
      flag = 'UF';
      if ((err as { code?: unknown }).code === 'UND_ERR_CONNECT_TIMEOUT') reason = 'connection timeout';
      else {
        reason = 'remote connection failure';
        transport = `delayed connect error: ${errnoOf(err) ?? 111}`;
      }
    } else {
      flag = 'UC';
      reason = 'connection termination';
    }
    const retried = this.#attempts > 1;
    let body = `${RESET_PREFIX}${retried ? 'retried and the latest ' : ''}reset reason: ${reason}`;
    if (transport) body += `, transport failure reason: ${transport}`;
    this.rec.transportFailure = transport;
    const detail = `upstream_reset_before_response_started{${reason.replaceAll(' ', '_')}${
      transport ? `|${transport.replaceAll(' ', '_')}` : ''
    }}`;
    this.#local(503, body, this.#flags(flag), detail);
  }

  /** Attempts left, and the body can be replayed (none, buffered, or never sent). */
  #canRetry(beforeConnect: boolean): boolean {
    const r = this.#s.retry;
    if (!r || this.#attempts > r.attempts) return false;
    return this.#s.body === null || Buffer.isBuffer(this.#s.body) || beforeConnect;
  }

  /** Schedules a retry unless the max_retries breaker overflows (then flags UO, false). */
  #retry(a: Attempt): boolean {
    const res = this.#s.cluster.resources;
    if (res.retries >= res.limits.maxRetries) {
      res.counters.retryOverflow++;
      this.rec.flags = this.#flags('UO');
      return false;
    }
    res.retries++;
    this.#clearTryTimer();
    (this.#tried ??= new Set()).add(a.host);
    this.#backoff = setTimeout(resend, backoffMs(this.#attempts, this.#env.random), this);
    return true;
  }

  #endBackoff(): void {
    if (!this.#backoff) return;
    clearTimeout(this.#backoff);
    this.#backoff = undefined;
    this.#s.cluster.resources.retries--;
  }

  resend(): void {
    this.#backoff = undefined;
    this.#s.cluster.resources.retries--;
    if (!this.#finished) this.#send();
  }

  routeTimeout(): void {
    this.#timer = undefined;
    if (this.#finished) return;
    const a = this.#attempt;
    a?.cancel();
    if (this.#responded) {
      this.rec.flags = this.#flags('UT');
      this.res.destroy();
      this.#finish();
      return;
    }
    if (a && !a.done) this.#s.cluster.report(a.host, 504);
    this.#local(504, 'upstream request timeout', this.#flags('UT'), 'response_timeout');
  }

  tryTimeout(): void {
    this.#tryTimer = undefined;
    if (this.#finished || this.#responded) return;
    const a = this.#attempt;
    if (!a) return;
    a.cancel();
    this.#s.cluster.report(a.host, 504);
    const r = this.#s.retry;
    if (r && retriableReset(r, false)) {
      if (this.#canRetry(!a.connected)) {
        if (this.#retry(a)) return;
      } else if (this.#attempts > r.attempts) this.#limitExceeded();
    }
    this.#local(504, 'upstream request timeout', this.#flags('UT'), 'upstream_per_try_timeout');
  }

  downstreamClosed(): void {
    if (this.#finished) return;
    // The client went away before the response completed.
    this.#attempt?.cancel();
    this.#clearTimers();
    this.rec.flags = this.#flags('DC');
    this.rec.details = 'downstream_remote_disconnect';
    this.#finish();
  }

  #local(status: number, body: string, flags: string, details: string, extra?: string[]): void {
    this.#clearTimers();
    this.rec.code = status;
    this.rec.flags = flags;
    this.rec.details = details;
    this.rec.serviceTimeMs = undefined;
    if (!this.res.headersSent)
      this.rec.bytesSent = writeLocalReply(this.res, status, body, extra, undefined, this.#s.mutation);
    this.#finish();
  }

  #clearTryTimer(): void {
    if (this.#tryTimer) clearTimeout(this.#tryTimer);
    this.#tryTimer = undefined;
  }

  #clearTimers(): void {
    this.#clearTryTimer();
    this.#endBackoff();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.res.off('close', onDownstreamClose);
    this.#env.finish(this.rec);
  }
}
