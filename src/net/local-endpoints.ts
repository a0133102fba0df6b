// In-process HTTP endpoints: the listeners of this process that a caller in the same process
// may hand a parsed HTTP/1.1 request to in memory instead of opening a socket (the ALB ->
// gateway hop). Keys are model addresses (host:port, before the DialTable). A Service address
// (a NodePort) is first resolved to one of its endpoints by the registered resolver
// (kube-proxy), exactly as its socket pipe would pick it. One registry per stack, found
// through the stack's DialTable. GANGWAY_INPROC=0 turns the in-memory hand-over off.
import type { Readable } from 'node:stream';
import type { DialTable } from './dial-table.ts';

/** A request as it would arrive on the endpoint's socket. */
export interface LocalHttpRequest {
  method: string;
  /** The request target (path and query). */
  path: string;
  /** Flat [name, value, ...] in wire order (host first, as an HTTP/1.1 client writes them). */
  rawHeaders: string[];
  /** The request body (framed by content-length / transfer-encoding in rawHeaders), or null. */
  body: Readable | null;
  /** The connection's peer, as the endpoint's socket would report it. */
  remoteAddress: string;
  remotePort: number;
}

/** What the caller does to a running exchange. */
export interface LocalHttpControl {
  /** The sink can take data again after `data` returned false. */
  resume(): void;
  /** The caller's client went away: the endpoint sees its downstream close. */
  abort(): void;
}

/** Where the endpoint's response goes. Calls come in order: connected, head, data*, end | fail. */
export interface LocalHttpSink {
  connected(control: LocalHttpControl): void;
  /** Final response head; rawHeaders as the endpoint would write them on the wire. */
  head(status: number, statusText: string, rawHeaders: readonly string[]): void;
  /** A body chunk; false: wait for control.resume(). */
  data(chunk: Buffer): boolean;
  end(): void;
  /** The endpoint reset the exchange (before or after the head). */
  fail(err: Error): void;
}

export interface LocalHttpEndpoint {
  serve(req: LocalHttpRequest, sink: LocalHttpSink): void;
}

/** Resolves a Service address (ClusterIP, NodePort...) to one ready endpoint, or undefined. */
export type ServiceResolver = (
  host: string,
  port: number,
  client: string,
) => { host: string; port: number } | undefined;

/** The env switch: GANGWAY_INPROC=0 keeps every hop a socket. */
export function inprocEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GANGWAY_INPROC !== '0';
}

export class LocalEndpoints {
  #endpoints = new Map<string, LocalHttpEndpoint>();
  #resolver: ServiceResolver | undefined;

  register(host: string, port: number, ep: LocalHttpEndpoint): void {
    this.#endpoints.set(`${host}:${port}`, ep);
  }

  /** Removes the registration if it is still `ep`. */
  unregister(host: string, port: number, ep: LocalHttpEndpoint): void {
    const k = `${host}:${port}`;
    if (this.#endpoints.get(k) === ep) this.#endpoints.delete(k);
  }

  get(host: string, port: number): LocalHttpEndpoint | undefined {
    return this.#endpoints.get(`${host}:${port}`);
  }

  setResolver(r: ServiceResolver | undefined): void {
    this.#resolver = r;
  }

  resolver(): ServiceResolver | undefined {
    return this.#resolver;
  }

  /**
   * The endpoint a connection from `client` to host:port would reach: the address itself when
   * an endpoint listens there, else the resolver's pick when that lands on one.
   */
  lookup(host: string, port: number, client: string): LocalHttpEndpoint | undefined {
    if (this.#endpoints.size === 0) return undefined;
    const direct = this.#endpoints.get(`${host}:${port}`);
    if (direct !== undefined) return direct;
    const to = this.#resolver?.(host, port, client);
    return to === undefined ? undefined : this.#endpoints.get(`${to.host}:${to.port}`);
  }

  size(): number {
    return this.#endpoints.size;
  }
}

const registries = new WeakMap<DialTable, LocalEndpoints>();

/** The stack's registry: one per DialTable, which every data-plane component shares. */
export function localEndpointsOf(dial: DialTable): LocalEndpoints {
  let r = registries.get(dial);
  if (r === undefined) {
    r = new LocalEndpoints();
    registries.set(dial, r);
  }
  return r;
}
