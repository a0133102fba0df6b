// The ALB's in-memory way to a target: a dispatcher in front of the target's undici Pool that
// hands a forward to an in-process HTTP endpoint (a gateway listener) when the target, after
// kube-proxy's pick for a NodePort, is one, with the request head undici would have written.
// GANGWAY_INPROC=0 (or setInproc(false)) sends everything to the Pool.
import type { Dispatcher } from 'undici';
import type { DialTable } from '../../net/dial-table.ts';
import {
  inprocEnabled,
  localEndpointsOf,
  type LocalEndpoints,
  type LocalHttpEndpoint,
} from '../../net/local-endpoints.ts';
import type { TargetEntry } from './health-checker.ts';

/** What a forward is dispatched on: an undici Pool, or a LocalFront before one. */
export interface TargetDispatcher {
  dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean;
}

/** A dispatch handler that can also take the response of an in-process endpoint. */
interface LocalCapable {
  dispatchLocal(ep: LocalHttpEndpoint, opts: Dispatcher.DispatchOptions, sourcePort: number): void;
}

/** Read once: GANGWAY_INPROC=0 keeps the ALB -> gateway hop a socket. */
let inproc = inprocEnabled();

/** Whether the in-memory hand-over is on. */
export function inprocOn(): boolean {
  return inproc;
}

/** Turns the in-memory hand-over on or off for the requests that follow (tests, bench). */
export function setInproc(on: boolean): void {
  inproc = on;
}

/**
 * Where the ALB's connections to a target come from on the wire: Linux gives a loopback
 * connection to any 127.x address the source 127.0.0.1 (see docs/networking.md).
 */
export const ALB_NODE_SIDE_ADDRESS = '127.0.0.1';

let nextPort = 32768;

/**
 * A target's dispatcher: in memory when the target lands on an in-process endpoint, else the
 * target's pool. One per target and pool; its synthetic source port stands for one keep-alive
 * connection.
 */
export class LocalFront implements TargetDispatcher {
  readonly pool: Dispatcher;
  readonly sourcePort: number;
  readonly #local: LocalEndpoints;
  readonly #host: string;
  readonly #port: number;

  constructor(local: LocalEndpoints, host: string, port: number, pool: Dispatcher) {
    this.#local = local;
    this.#host = host;
    this.#port = port;
    this.pool = pool;
    this.sourcePort = nextPort;
    nextPort = nextPort >= 60999 ? 32768 : nextPort + 1;
  }

  dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const h = handler as Dispatcher.DispatchHandler & Partial<LocalCapable>;
    if (inproc && h.dispatchLocal !== undefined && opts.method !== 'CONNECT' && opts.upgrade == null) {
      const ep = this.#local.lookup(this.#host, this.#port, ALB_NODE_SIDE_ADDRESS);
      if (ep !== undefined) {
        h.dispatchLocal(ep, opts, this.sourcePort);
        return true;
      }
    }
    return this.pool.dispatch(opts, handler);
  }
}

const fronts = new WeakMap<TargetEntry, LocalFront>();

/** The target's LocalFront over `pool` (an HTTP target group's target). */
export function frontFor(e: TargetEntry, dial: DialTable, pool: Dispatcher): TargetDispatcher {
  if (!inproc) return pool;
  let front = fronts.get(e);
  if (front?.pool !== pool) {
    front = new LocalFront(localEndpointsOf(dial), e.target.address, e.target.port, pool);
    fronts.set(e, front);
  }
  return front;
}

/** Methods undici sends content-length: 0 for when there is no body. */
const EXPECTS_PAYLOAD = new Set(['POST', 'PUT', 'PATCH', 'QUERY', 'PROPFIND', 'PROPPATCH']);

/**
 * The request's raw headers as undici writes them for `opts`: host, connection, the headers
 * (without host and content-length), then the body's framing.
 */
export function wireHead(opts: Dispatcher.DispatchOptions, hasBody: boolean): string[] {
  const src = opts.headers as readonly string[];
  const raw = ['host', '', 'connection', opts.method === 'HEAD' ? 'close' : 'keep-alive'];
  let length: string | undefined;
  for (let i = 0; i + 1 < src.length; i += 2) {
    const name = src[i]!;
    if (name.length === 4 && name.toLowerCase() === 'host') raw[1] = src[i + 1]!;
    else if (name.length === 14 && name.toLowerCase() === 'content-length') length = src[i + 1]!;
    else raw.push(name, src[i + 1]!);
  }
  if (hasBody) {
    if (length === undefined) raw.push('transfer-encoding', 'chunked');
    else raw.push('content-length', length);
  } else if (length !== undefined && (length !== '0' || EXPECTS_PAYLOAD.has(opts.method)))
    raw.push('content-length', length);
  return raw;
}
