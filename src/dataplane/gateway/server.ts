// The ingress gateway proxy of one pod (what Envoy + pilot-agent are in an
// istio-ingressgateway pod): the bootstrap ports (15021 readiness, 15090 stats, 15000 admin)
// from the start, and one listener per model listener at podIP:port, bound and closed as
// models arrive: plain HTTP here, HTTPS (SNI filter chains, TLS termination) in tls-listener,
// TCP and TLS passthrough in tcp-listener. A model swaps in whole: each listener's table
// (route config + clusters) is replaced by one assignment, so in-flight requests finish on the
// table they started with. Rotated Secrets reach the HTTPS listeners through watchSecrets.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { GatewayListener, GatewayModel, GatewayProxy } from '../../istio/model.ts';
import type { ClusterEndpoint } from '../../istio/istiod-endpoints.ts';
import type { TlsCredential } from '../../istio/istiod-secrets.ts';
import type { AddressPlan } from '../../net/addresses.ts';
import type { DialTable } from '../../net/dial-table.ts';
import { localEndpointsOf, type LocalHttpEndpoint } from '../../net/local-endpoints.ts';
import { listenModel, type Binding } from '../../workloads/listen.ts';
import { httpDate } from '../http/http-date.ts';
import { accessLogLine } from './access-log.ts';
import { adminHandler, prometheusHandler, readinessHandler, type AdminSource } from './admin.ts';
import { ClusterRuntime, type EndpointSource } from './clusters.ts';
import { handleRequest, type HandlerEnv, type ListenerTable } from './handler.ts';
import { compileRouteConfig, type CompiledRouteConfig } from './match.ts';
import type { RequestRecord } from './record.ts';
import { serveInProc } from './inproc.ts';
import { GatewayStats, type StatsSnapshot } from './stats.ts';
import { TcpProxyListener } from './tcp-listener.ts';
import { HttpsListener } from './tls-listener.ts';

/** What the proxy needs from istiod: its model stream and EDS. */
export interface GatewayControlPlane extends EndpointSource {
  watchProxy(proxy: GatewayProxy, onModel: (m: GatewayModel) => void): () => void;
  watchEndpoints(onChange: () => void): () => void;
  /** SDS: the credential `name` in `namespace`; absent: HTTPS listeners have no certificates. */
  secretFor?(namespace: string, name: string): TlsCredential | undefined;
  /** Calls `onChange` after Secrets may have changed. Returns the unsubscribe. */
  watchSecrets?(onChange: () => void): () => void;
}

export interface GatewayProxyOptions {
  podIP: string;
  plan: AddressPlan;
  dial: DialTable;
  istiod: GatewayControlPlane;
  proxy: GatewayProxy;
  /** One line of the pod's log (access log, errors). */
  log: (line: string) => void;
  accessLog?: boolean; // default true
  random?: () => number;
  /**
   * A copy in another data-plane thread (as an Envoy worker): no sockets of its own, its HTTP
   * listeners take requests handed over in memory only; HTTPS, TCP and TLS listeners and the
   * bootstrap ports stay with the pod's main copy.
   */
  headless?: boolean;
  /** The pod's copies in the other data-plane threads (their stats are added to this one's). */
  replicas?: GatewayReplicaSink;
}

/** Where a gateway pod's proxy announces itself to the other data-plane threads. */
export interface GatewayReplicaSink {
  attach(proxy: {
    key: string;
    podIP: string;
    proxy: GatewayProxy;
    accessLog: boolean;
    log: (line: string) => void;
  }): GatewayReplicaHandle;
}

export interface GatewayReplicaHandle {
  /** A model for the copies (each applies it on its own). */
  model(m: GatewayModel): void;
  /** The latest stats of the copies in the other threads. */
  snapshots(): readonly StatsSnapshot[];
  /** Fetches fresh stats from the other threads. */
  refresh(): Promise<void>;
  detach(): void;
}

export const READINESS_PORT = 15021;
export const PROMETHEUS_PORT = 15090;
export const ADMIN_PORT = 15000;

interface HttpListener {
  protocol: 'HTTP';
  port: number;
  routeConfigName: string | undefined;
  table: ListenerTable;
  /** Absent in a headless copy. */
  server: Server | undefined;
  binding: Binding;
  /** The same listener for requests handed over in memory (registered at podIP:port). */
  endpoint: LocalHttpEndpoint;
}

/** A request Envoy's HTTP/1 codec rejects: 400 and the connection closed. */
function onClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(
    `HTTP/1.1 400 Bad Request\r\ncontent-length: 11\r\ncontent-type: text/plain\r\ndate: ${httpDate()}\r\n` +
      'server: istio-envoy\r\nconnection: close\r\n\r\nBad Request',
  );
}

type PortListener = HttpListener | HttpsListener | TcpProxyListener;

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

export class GatewayProxyServer implements HandlerEnv {
  #o: GatewayProxyOptions;
  #stats: GatewayStats;
  #bootstrap: { server: Server; binding: Binding }[] = [];
  #listeners = new Map<number, PortListener>();
  #clusters = new Map<string, ClusterRuntime>();
  #model: GatewayModel | undefined;
  #applied: string | undefined;
  #version = 0;
  #pending: GatewayModel | undefined;
  #applying: Promise<void> = Promise.resolve();
  #ready = false;
  #stopped = false;
  #unwatch: (() => void)[] = [];
  #replica: GatewayReplicaHandle | undefined;
  readonly random: () => number;
  readonly unknown;

  constructor(opts: GatewayProxyOptions) {
    this.#o = opts;
    this.#stats = new GatewayStats(opts.proxy);
    this.random = opts.random ?? Math.random;
    this.unknown = this.#stats.unknown;
  }

  async start(): Promise<void> {
    if (this.#o.headless === true) {
      this.#unwatch.push(this.#o.istiod.watchEndpoints(() => this.#refreshEndpoints()));
      this.#unwatch.push(this.#o.istiod.watchProxy(this.#o.proxy, (m) => this.#offer(m)));
      return;
    }
    const src: AdminSource = {
      ready: () => this.#ready,
      prometheus: () => this.prometheus(),
      refresh: () => this.#replica?.refresh() ?? Promise.resolve(),
      model: () => this.#model,
      endpoints: (name) => this.#allEndpoints(name),
      outlierFailed: (name, address, port) => this.#clusters.get(name)?.outlierFailed(address, port) ?? false,
      dumpOptions: () => ({
        nodeId: `router~${this.#o.podIP}~${this.#o.proxy.name}.${this.#o.proxy.namespace}~${this.#o.proxy.namespace}.svc.cluster.local`,
        ...(this.#applied
          ? { versionInfo: `${this.#applied}/${this.#version}`, lastUpdated: this.#applied }
          : {}),
      }),
    };
    await this.#bindBootstrap(READINESS_PORT, readinessHandler(src));
    await this.#bindBootstrap(PROMETHEUS_PORT, prometheusHandler(src));
    await this.#bindBootstrap(ADMIN_PORT, adminHandler(src));
    this.#unwatch.push(this.#o.istiod.watchEndpoints(() => this.#refreshEndpoints()));
    const secrets = this.#o.istiod.watchSecrets?.(() => this.#refreshSecrets());
    if (secrets) this.#unwatch.push(secrets);
    this.#replica = this.#o.replicas?.attach({
      key: `${this.#o.proxy.namespace}/${this.#o.proxy.name}`,
      podIP: this.#o.podIP,
      proxy: this.#o.proxy,
      accessLog: this.#o.accessLog !== false,
      log: this.#o.log,
    });
    this.#unwatch.push(this.#o.istiod.watchProxy(this.#o.proxy, (m) => this.#offer(m)));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#ready = false;
    this.#replica?.detach();
    this.#replica = undefined;
    for (const u of this.#unwatch.splice(0)) u();
    await this.#applying;
    const servers = [...this.#bootstrap];
    const listeners = [...this.#listeners.values()];
    this.#bootstrap = [];
    this.#listeners.clear();
    for (const s of servers) s.server.closeAllConnections();
    await Promise.all([
      ...servers.map((s) => closeServer(s.server)),
      ...listeners.map((l) => this.#closeListener(l, true)),
    ]);
    for (const s of servers) s.binding.release();
    for (const c of this.#clusters.values()) c.close();
    this.#clusters.clear();
  }

  /** 15021's answer: the first model is applied and its listeners are bound. */
  ready(): boolean {
    return this.#ready;
  }

  get model(): GatewayModel | undefined {
    return this.#model;
  }

  /** The model ports that have a bound listener now. */
  listenerPorts(): number[] {
    return [...this.#listeners.keys()].sort((a, b) => a - b);
  }

  /** Resolves once every model offered so far is applied. */
  settled(): Promise<void> {
    return this.#applying;
  }

  prometheus(): string {
    return this.#stats.render(this.#connected(), this.#replica?.snapshots() ?? []);
  }

  /** This copy's stats as plain data (a headless copy reports them to the pod's main copy). */
  statsSnapshot(): StatsSnapshot {
    return this.#stats.snapshot(this.#connected());
  }

  #connected(): Map<string, number> {
    const cx = new Map<string, number>();
    for (const [name, c] of this.#clusters) cx.set(name, c.connected());
    return cx;
  }

  finish(rec: RequestRecord): void {
    rec.durationMs = Math.floor(performance.now() - rec.t0);
    this.#stats.request(rec.dest, rec.code, rec.flags, rec.durationMs);
    if (rec.upstreamCluster !== undefined && rec.upstreamHost !== undefined)
      this.#stats.upstream(rec.upstreamCluster, rec.code);
    if (this.#o.accessLog !== false && this.#model?.accessLog !== false) this.#o.log(accessLogLine(rec));
  }

  async #bindBootstrap(
    port: number,
    handler: (req: IncomingMessage, res: ServerResponse) => void,
  ): Promise<void> {
    const server = createServer(handler);
    const binding = await listenModel(server, this.#o.podIP, port, this.#o);
    this.#bootstrap.push({ server, binding });
  }

  #offer(m: GatewayModel): void {
    if (this.#stopped) return;
    this.#replica?.model(m);
    this.#pending = m;
    this.#applying = this.#applying.then(() => this.#drain());
  }

  async #drain(): Promise<void> {
    const m = this.#pending;
    if (!m || this.#stopped) return;
    this.#pending = undefined;
    try {
      await this.#apply(m);
    } catch (err) {
      this.#o.log(
        `error\tgateway: applying the model failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  async #apply(m: GatewayModel): Promise<void> {
    const routes = new Map<string, CompiledRouteConfig>();
    for (const rc of m.routeConfigs) routes.set(rc.name, compileRouteConfig(rc));
    const clusters = new Map<string, ClusterRuntime>();
    for (const def of m.clusters) {
      const json = JSON.stringify(def);
      const prev = this.#clusters.get(def.name);
      if (prev?.json === json) clusters.set(def.name, prev);
      else {
        const c = new ClusterRuntime(def, json, this.#o.dial);
        c.refresh(this.#o.istiod);
        clusters.set(def.name, c);
      }
    }
    const retired = [...this.#clusters.values()].filter((c) => clusters.get(c.def.name) !== c);
    this.#clusters = clusters;

    const wanted = new Map<number, GatewayListener>();
    for (const l of m.listeners) if (l.protocol !== 'BOOTSTRAP') wanted.set(l.port, l);
    const closing: Promise<void>[] = [];
    const rebinding: Promise<void>[] = [];
    for (const [port, lst] of this.#listeners) {
      const w = wanted.get(port);
      if (w?.protocol === lst.protocol) continue;
      this.#listeners.delete(port);
      // A port changing protocol is rebound at once: its old connections are dropped.
      if (w) rebinding.push(this.#closeListener(lst, true));
      else closing.push(this.#closeListener(lst, false));
    }
    await Promise.all(rebinding);
    for (const [port, def] of wanted) {
      try {
        await this.#serve(port, def, routes, clusters);
      } catch (err) {
        this.#o.log(
          `error\tgateway: listener 0.0.0.0_${port}: cannot bind ${this.#o.podIP}:${port}: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }
    this.#model = m;
    this.#applied = new Date().toISOString();
    this.#version++;
    this.#ready = !this.#stopped;
    for (const c of retired) c.retire(); // in-flight and queued requests finish on it
    await Promise.all(closing);
  }

  async #serve(
    port: number,
    def: GatewayListener,
    routes: ReadonlyMap<string, CompiledRouteConfig>,
    clusters: ReadonlyMap<string, ClusterRuntime>,
  ): Promise<void> {
    const lst = this.#listeners.get(port);
    if (def.protocol === 'HTTP') {
      const rcName = def.filterChains[0]?.routeConfigName;
      const table: ListenerTable = {
        routes: rcName === undefined ? undefined : routes.get(rcName),
        clusters,
      };
      if (lst?.protocol === 'HTTP') {
        lst.routeConfigName = rcName;
        lst.table = table;
      } else this.#listeners.set(port, await this.#bindListener(port, rcName, table));
      return;
    }
    if (this.#o.headless === true) return;
    if (def.protocol === 'HTTPS') {
      if (lst?.protocol === 'HTTPS') lst.update(def, routes, clusters);
      else {
        const credential = (name: string) => this.#o.istiod.secretFor?.(this.#o.proxy.namespace, name);
        const env = { ...this.#listenEnv(), handler: this, credential };
        this.#listeners.set(port, await HttpsListener.open(env, def, routes, clusters));
      }
      return;
    }
    if (def.protocol !== 'TCP' && def.protocol !== 'TLS') return;
    if (lst?.protocol === def.protocol) lst.update(def, clusters);
    else {
      const accessLog =
        this.#o.accessLog === false || this.#model?.accessLog === false ? undefined : this.#o.log;
      const env = { ...this.#listenEnv(), random: this.random, accessLog };
      this.#listeners.set(port, await TcpProxyListener.open(env, def.protocol, def, clusters));
    }
  }

  #listenEnv(): { podIP: string; plan: AddressPlan; dial: DialTable; log: (line: string) => void } {
    return { podIP: this.#o.podIP, plan: this.#o.plan, dial: this.#o.dial, log: this.#o.log };
  }

  /** Closes a listener: HTTP ones gracefully unless `force`; the others drop their connections. */
  async #closeListener(lst: PortListener, force: boolean): Promise<void> {
    if (lst.protocol !== 'HTTP') return lst.close();
    localEndpointsOf(this.#o.dial).unregister(this.#o.podIP, lst.port, lst.endpoint);
    if (lst.server === undefined) return;
    if (force) lst.server.closeAllConnections();
    await closeServer(lst.server);
    lst.binding.release();
  }

  async #bindListener(
    port: number,
    routeConfigName: string | undefined,
    table: ListenerTable,
  ): Promise<HttpListener> {
    const local = `${this.#o.podIP}:${port}`;
    const server = this.#o.headless === true ? undefined : createServer();
    if (server) {
      server.keepAliveTimeout = 3_600_000; // Envoy's HCM idle timeout: 1 h
      server.headersTimeout = 60_000;
      server.requestTimeout = 0;
    }
    const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
      handleRequest(this, lst.table, local, req, res);
    };
    const podIP = this.#o.podIP;
    const lst: HttpListener = {
      protocol: 'HTTP',
      port,
      routeConfigName,
      table,
      server,
      binding: { real: { host: '', port: 0 }, release: () => undefined },
      endpoint: { serve: (req, sink) => serveInProc(req, sink, podIP, port, onRequest) },
    };
    if (server) {
      server.on('request', onRequest);
      server.on('clientError', onClientError);
      lst.binding = await listenModel(server, podIP, port, this.#o);
    }
    localEndpointsOf(this.#o.dial).register(podIP, port, lst.endpoint);
    return lst;
  }

  #refreshSecrets(): void {
    for (const l of this.#listeners.values()) if (l.protocol === 'HTTPS') l.refreshCredentials();
  }

  #refreshEndpoints(): void {
    for (const c of this.#clusters.values()) c.refresh(this.#o.istiod);
  }

  #allEndpoints(name: string): readonly ClusterEndpoint[] {
    const def = this.#clusters.get(name)?.def;
    const svc = def?.service;
    if (!def || !svc) return [];
    return this.#o.istiod.endpointsFor(svc.namespace, svc.name, svc.port, def.subset?.labels);
  }
}
