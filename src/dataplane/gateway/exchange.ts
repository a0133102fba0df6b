// One proxied request through a cluster, as Envoy's router does it: pick a host, dispatch on
// its keep-alive pool with the body streamed, retry per the route's policy (connect failures
// on another host, retriable status codes for body-less requests, jittered 25 ms backoff),
// enforce the route and per-try timeouts, stream the response back with server: istio-envoy
// and x-envoy-upstream-service-time, and turn failures into Envoy's local replies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import { Attempt } from './attempt.ts';
import type { RouteAction } from '../../istio/model.ts';
import { httpDate } from '../http/http-date.ts';
import { errnoOf, isConnectError } from '../http/upstream-pool.ts';
import { chooseHost } from './balancer.ts';
import type { ClusterRuntime, UpstreamHost } from './clusters.ts';
import { writeLocalReply } from './local-reply.ts';
import type { RequestRecord } from './record.ts';
import { downstreamResponseHeaders } from './request-headers.ts';

type RouteRouteAction = Extract<RouteAction, { type: 'route' }>;

export interface ExchangeEnv {
  readonly random: () => number;
  finish(rec: RequestRecord): void;
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
const BACKOFF_BASE_MS = 25;
const BACKOFF_MAX_MS = 250;

export class Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly rec: RequestRecord;
  readonly #env: ExchangeEnv;
  readonly #cluster: ClusterRuntime;
  readonly #action: RouteRouteAction;
  readonly #opts: Dispatcher.DispatchOptions;
  readonly #headers: string[];
  readonly #attemptSlot: number;
  readonly #hasBody: boolean;
  #attempt: Attempt | undefined;
  #attempts = 0;
  #tried: Set<UpstreamHost> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #tryTimer: NodeJS.Timeout | undefined;
  #started = 0;
  #responded = false;
  #finished = false;
  #resume: (() => void) | undefined;

  constructor(
    env: ExchangeEnv,
    req: IncomingMessage,
    res: ServerResponse,
    rec: RequestRecord,
    cluster: ClusterRuntime,
    action: RouteRouteAction,
    path: string,
    headers: { headers: string[]; attemptSlot: number },
  ) {
    this.#env = env;
    this.req = req;
    this.res = res;
    this.rec = rec;
    this.#cluster = cluster;
    this.#action = action;
    this.#headers = headers.headers;
    this.#attemptSlot = headers.attemptSlot;
    const cl = req.headers['content-length'];
    this.#hasBody = (cl !== undefined && cl !== '0') || req.headers['transfer-encoding'] !== undefined;
    this.#opts = {
      path,
      method: req.method ?? 'GET',
      headers: this.#headers,
      body: this.#hasBody ? req : null,
      idempotent: true,
    };
  }

  start(): void {
    this.#started = performance.now();
    if (this.#action.timeoutMs) this.#timer = setTimeout(onRouteTimeout, this.#action.timeoutMs, this);
    (this.res as Tagged)[EXCHANGE] = this;
    this.res.once('close', onDownstreamClose);
    this.#send();
  }

  #send(): void {
    const hosts = this.#cluster.hosts;
    const host = chooseHost(
      this.#cluster.def.lbPolicy,
      hosts,
      this.#cluster.lb,
      this.#env.random,
      this.#tried,
    );
    if (!host) {
      this.#local(503, 'no healthy upstream', 'UH', 'no_healthy_upstream');
      return;
    }
    this.#attempts++;
    this.#headers[this.#attemptSlot] = String(this.#attempts);
    const a = new Attempt(this, host);
    this.#attempt = a;
    host.active++;
    this.rec.upstreamHost = host.key;
    this.rec.dest = host.dest;
    const perTry = this.#action.retry?.perTryTimeoutMs;
    if (perTry) this.#tryTimer = setTimeout(onTryTimeout, perTry, this);
    host.pool.dispatch(this.#opts, a);
  }

  onHeaders(a: Attempt, status: number, raw: Buffer[], resume: () => void): boolean {
    if (status < 200) return true;
    if (this.#retriableStatus(status) && this.#canRetry(false)) {
      a.cancel();
      this.#retry(a, 'URX');
      return false;
    }
    this.#clearTryTimer();
    const serviceTime = Math.floor(performance.now() - this.#started);
    this.rec.serviceTimeMs = serviceTime;
    this.rec.code = status;
    this.rec.details = 'via_upstream';
    this.#responded = true;
    this.#resume = resume;
    this.res.removeHeader('connection');
    this.res.writeHead(status, downstreamResponseHeaders(raw, httpDate(), serviceTime));
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
      this.rec.flags = 'UPE';
      this.rec.details = 'upstream_reset_after_response_started{connection_termination}';
      this.#clearTimers();
      this.res.destroy();
      this.#finish();
      return;
    }
    const connectFailure = !a.connected && isConnectError(err);
    if (connectFailure && this.#canRetry(true) && this.#retryOnHas('connect-failure')) {
      this.#retry(a, 'URX');
      return;
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
    const flags = retried ? `URX,${flag}` : flag;
    let body = `${RESET_PREFIX}${retried ? 'retried and the latest ' : ''}reset reason: ${reason}`;
    if (transport) body += `, transport failure reason: ${transport}`;
    this.rec.transportFailure = transport;
    const detail = `upstream_reset_before_response_started{${reason.replaceAll(' ', '_')}${
      transport ? `|${transport.replaceAll(' ', '_')}` : ''
    }}`;
    this.#local(503, body, flags, detail);
  }

  #retryOnHas(cond: string): boolean {
    const on = this.#action.retry?.retryOn;
    return on !== undefined && on.split(',').includes(cond);
  }

  #retriableStatus(status: number): boolean {
    const r = this.#action.retry;
    if (!r || r.attempts <= 0) return false;
    const on = r.retryOn.split(',');
    if (on.includes('5xx') && status >= 500) return true;
    if (on.includes('gateway-error') && (status === 502 || status === 503 || status === 504)) return true;
    return on.includes('retriable-status-codes') && (r.retriableStatusCodes?.includes(status) ?? false);
  }

  /** Attempts left, and the body can be replayed (never sent, or none). */
  #canRetry(beforeConnect: boolean): boolean {
    const r = this.#action.retry;
    if (!r || this.#attempts > r.attempts) return false;
    return !this.#hasBody || beforeConnect;
  }

  #retry(a: Attempt, flag: string): void {
    this.#clearTryTimer();
    (this.#tried ??= new Set()).add(a.host);
    this.rec.flags = flag;
    const n = this.#attempts;
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * (2 ** n - 1));
    const delay = Math.floor(this.#env.random() * ceiling);
    setTimeout(resend, delay, this);
  }

  resend(): void {
    if (!this.#finished) this.#send();
  }

  routeTimeout(): void {
    this.#timer = undefined;
    if (this.#finished) return;
    this.#attempt?.cancel();
    if (this.#responded) {
      this.rec.flags = 'UT';
      this.res.destroy();
      this.#finish();
      return;
    }
    this.#local(504, 'upstream request timeout', 'UT', 'response_timeout');
  }

  tryTimeout(): void {
    this.#tryTimer = undefined;
    if (this.#finished || this.#responded) return;
    const a = this.#attempt;
    if (!a) return;
    a.cancel();
    const again = this.#retryOnHas('5xx') || this.#retryOnHas('gateway-error') || this.#retryOnHas('reset');
    if (again && this.#canRetry(!a.connected)) {
      this.#retry(a, 'UT');
      return;
    }
    this.#local(504, 'upstream request timeout', 'UT', 'response_timeout');
  }

  downstreamClosed(): void {
    if (this.#finished) return;
    // The client went away before the response completed.
    this.#attempt?.cancel();
    this.#clearTimers();
    this.rec.flags = 'DC';
    this.rec.details = 'downstream_remote_disconnect';
    this.#finish();
  }

  #local(status: number, body: string, flags: string, details: string): void {
    this.#clearTimers();
    this.rec.code = status;
    this.rec.flags = flags;
    this.rec.details = details;
    this.rec.serviceTimeMs = undefined;
    if (!this.res.headersSent) this.rec.bytesSent = writeLocalReply(this.res, status, body);
    this.#finish();
  }

  #clearTryTimer(): void {
    if (this.#tryTimer) clearTimeout(this.#tryTimer);
    this.#tryTimer = undefined;
  }

  #clearTimers(): void {
    this.#clearTryTimer();
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
