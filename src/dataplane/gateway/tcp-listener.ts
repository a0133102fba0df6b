// A gateway listener that proxies connections, not requests: protocol TCP (Envoy's tcp_proxy
// with weighted clusters) and TLS passthrough (the TLS inspector reads the SNI without
// terminating, the filter chain is chosen by server name, the raw bytes go upstream so the
// client sees the upstream's own certificate). No matching chain or route -> the connection
// is closed; no endpoint or a failed connect -> closed too (UH / UF in the access log).
import { createServer, type Server, type Socket } from 'node:net';
import type { GatewayListener, WeightedCluster } from '../../istio/model.ts';
import { listenModel, type Binding, type ListenEnv } from '../../workloads/listen.ts';
import type { ClusterRuntime } from './clusters.ts';
import { compileSni, type SniSelector } from './sni-match.ts';
import { inspectClientHello } from './sni-peek.ts';
import { proxyConnection, type TcpProxyEnv } from './tcp-proxy.ts';

export interface TcpListenerEnv extends ListenEnv, TcpProxyEnv {
  podIP: string;
}

interface TcpRoute {
  clusters: WeightedCluster[];
  sni: SniSelector<true> | undefined;
}

export class TcpProxyListener {
  readonly protocol: 'TCP' | 'TLS';
  readonly port: number;
  #env: TcpListenerEnv;
  #local: string;
  #net: Server;
  #binding: Binding | undefined;
  #select: SniSelector<TcpRoute[]> = () => undefined;
  #clusters: ReadonlyMap<string, ClusterRuntime> = new Map();
  #sockets = new Set<Socket>();

  constructor(env: TcpListenerEnv, port: number, protocol: 'TCP' | 'TLS') {
    this.#env = env;
    this.port = port;
    this.protocol = protocol;
    this.#local = `${env.podIP}:${port}`;
    // Half-close travels through, as with Envoy's tcp_proxy.
    this.#net = createServer({ allowHalfOpen: true }, (down) => this.#accept(down));
  }

  /** A bound listener serving `def`. */
  static async open(
    env: TcpListenerEnv,
    protocol: 'TCP' | 'TLS',
    def: GatewayListener,
    clusters: ReadonlyMap<string, ClusterRuntime>,
  ): Promise<TcpProxyListener> {
    const l = new TcpProxyListener(env, def.port, protocol);
    l.update(def, clusters);
    await l.bind();
    return l;
  }

  async bind(): Promise<void> {
    this.#binding = await listenModel(this.#net, this.#env.podIP, this.port, this.#env);
  }

  update(def: GatewayListener, clusters: ReadonlyMap<string, ClusterRuntime>): void {
    this.#clusters = clusters;
    this.#select = compileSni(
      def.filterChains.map((fc) => ({
        serverNames: fc.serverNames,
        value: (fc.tcpRoutes ?? []).map((r) => ({
          clusters: r.clusters,
          sni:
            r.sniHosts && r.sniHosts.length > 0
              ? compileSni([{ serverNames: r.sniHosts, value: true as const }])
              : undefined,
        })),
      })),
    );
  }

  /** Stops accepting, drops every connection (both sides) and releases the address. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#net.close(() => {
        this.#binding?.release();
        resolve();
      });
      for (const s of this.#sockets) s.destroy();
      this.#sockets.clear();
    });
  }

  #track(s: Socket): void {
    this.#sockets.add(s);
    s.once('close', () => this.#sockets.delete(s));
  }

  #accept(down: Socket): void {
    this.#track(down);
    down.on('error', () => undefined);
    if (this.protocol === 'TCP') {
      this.#route(down, undefined, undefined);
      return;
    }
    inspectClientHello(down, (hello) => this.#route(down, hello.serverName, hello.head));
  }

  #route(down: Socket, sni: string | undefined, head: Buffer | undefined): void {
    const routes = this.#select(sni);
    const route = routes?.find((r) => !r.sni || r.sni(sni) === true);
    if (!route) {
      down.destroy();
      return;
    }
    proxyConnection(this.#env, {
      down,
      head,
      sni,
      local: this.#local,
      clusters: route.clusters,
      runtime: this.#clusters,
      track: (s) => this.#track(s),
    });
  }
}
