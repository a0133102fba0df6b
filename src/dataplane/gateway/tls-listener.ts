// A terminating (HTTPS) gateway listener: Envoy's TLS inspector reads the SNI, the filter
// chain is chosen by server name (exact, wildcard, then the chain without names; none -> the
// connection is reset), and the chain's own secure server (its credentialName certificate,
// mTLS mode, minimum version, ALPN h2 + http/1.1) terminates TLS. Requests then go to the
// same HTTP handling as plain listeners, with the chain's route config and scheme https.
// Rotated Secrets rebuild only the chains whose credentials changed.
import { createSecureServer, type Http2SecureServer, type Http2ServerRequest } from 'node:http2';
import { createServer, type Server, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { TlsCredential } from '../../istio/istiod-secrets.ts';
import type { DownstreamTls, GatewayListener } from '../../istio/model.ts';
import { listenModel, type Binding, type ListenEnv } from '../../workloads/listen.ts';
import type { ClusterRuntime } from './clusters.ts';
import { handleRequest, type HandlerEnv, type ListenerTable } from './handler.ts';
import type { CompiledRouteConfig } from './match.ts';
import { compileSni, type SniSelector } from './sni-match.ts';
import { inspectClientHello } from './sni-peek.ts';
import { asHttp1Response, asHttp1View } from './tls-h2-request.ts';
import { credentialProblem, secureServerOptions } from './tls-options.ts';

export interface TlsListenerEnv extends ListenEnv {
  podIP: string;
  handler: HandlerEnv;
  /** SDS: the credential `credentialName` in the gateway's namespace. */
  credential(credentialName: string): TlsCredential | undefined;
  log(line: string): void;
}

/** The listener table of a terminating chain: requests arrived over TLS. */
export type TlsListenerTable = ListenerTable & { scheme: 'https' };

interface Chain {
  /** Identity of the TLS setup: same key, same secure server. */
  key: string;
  server: Http2SecureServer | undefined;
  table: TlsListenerTable;
}

function chainKey(tls: DownstreamTls | undefined, cred: TlsCredential | undefined): string {
  return JSON.stringify([tls ?? null, cred ?? null]);
}

export class HttpsListener {
  readonly protocol = 'HTTPS';
  readonly port: number;
  #env: TlsListenerEnv;
  #local: string;
  #net: Server;
  #binding: Binding | undefined;
  #def: GatewayListener | undefined;
  #routes: ReadonlyMap<string, CompiledRouteConfig> = new Map();
  #clusters: ReadonlyMap<string, ClusterRuntime> = new Map();
  #chains: Chain[] = [];
  #select: SniSelector<Chain> = () => undefined;
  #sockets = new Set<Socket>();
  #warned = new Set<string>();

  constructor(env: TlsListenerEnv, port: number) {
    this.#env = env;
    this.port = port;
    this.#local = `${env.podIP}:${port}`;
    this.#net = createServer((raw) => this.#accept(raw));
  }

  /** A bound listener serving `def`. */
  static async open(
    env: TlsListenerEnv,
    def: GatewayListener,
    routes: ReadonlyMap<string, CompiledRouteConfig>,
    clusters: ReadonlyMap<string, ClusterRuntime>,
  ): Promise<HttpsListener> {
    const l = new HttpsListener(env, def.port);
    l.update(def, routes, clusters);
    await l.bind();
    return l;
  }

  async bind(): Promise<void> {
    this.#binding = await listenModel(this.#net, this.#env.podIP, this.port, this.#env);
  }

  /** Takes a new listener definition and the model's route configs and clusters. */
  update(
    def: GatewayListener,
    routes: ReadonlyMap<string, CompiledRouteConfig>,
    clusters: ReadonlyMap<string, ClusterRuntime>,
  ): void {
    this.#def = def;
    this.#routes = routes;
    this.#clusters = clusters;
    this.#build();
  }

  /** Secrets changed: re-reads the credentials, keeping chains whose TLS setup is the same. */
  refreshCredentials(): void {
    if (this.#def) this.#build();
  }

  /** Stops accepting, drops every connection and releases the address. */
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

  #build(): void {
    const def = this.#def;
    if (!def) return;
    const old = new Map(this.#chains.map((c) => [c.key, c]));
    const chains: Chain[] = [];
    const entries = def.filterChains.map((fc) => {
      const cred = fc.tls ? this.#env.credential(fc.tls.credentialName) : undefined;
      const key = chainKey(fc.tls, cred);
      const rc = fc.routeConfigName;
      const table: TlsListenerTable = {
        routes: rc === undefined ? undefined : this.#routes.get(rc),
        clusters: this.#clusters,
        scheme: 'https',
      };
      let chain = old.get(key);
      if (chain) chain.table = table;
      else {
        chain = { key, server: undefined, table };
        chain.server = this.#secureServer(chain, fc.tls, cred);
      }
      chains.push(chain);
      return { serverNames: fc.serverNames, value: chain };
    });
    this.#chains = chains;
    this.#select = compileSni(entries);
  }

  #secureServer(
    chain: Chain,
    tls: DownstreamTls | undefined,
    cred: TlsCredential | undefined,
  ): Http2SecureServer | undefined {
    const problem = tls ? credentialProblem(tls, cred) : 'the filter chain has no TLS settings';
    const opts = tls ? secureServerOptions(tls, cred) : undefined;
    if (problem !== undefined || !opts) {
      const line = `warning\tgateway: listener 0.0.0.0_${this.port}: ${problem ?? 'unusable TLS settings'}; TLS handshakes on this filter chain fail`;
      if (!this.#warned.has(line)) {
        this.#warned.add(line);
        this.#env.log(line);
      }
      return undefined;
    }
    let server: Http2SecureServer;
    try {
      server = createSecureServer(opts);
    } catch (err) {
      this.#env.log(
        `warning\tgateway: listener 0.0.0.0_${this.port}: credential ${tls?.credentialName ?? ''}: ${err instanceof Error ? err.message : String(err)}`,
      );
      return undefined;
    }
    const optional = tls?.mode === 'OPTIONAL_MUTUAL';
    server.on('secureConnection', (s: TLSSocket) => {
      // OPTIONAL_MUTUAL: no certificate is fine, an unverifiable one is not (as in Envoy).
      if (optional && !s.authorized && s.getPeerCertificate().raw !== undefined) {
        s.destroy();
        return;
      }
      this.#track(s);
    });
    server.on('tlsClientError', () => undefined);
    server.on('sessionError', () => undefined);
    server.on('request', (req: Http2ServerRequest, res) => {
      handleRequest(this.#env.handler, chain.table, this.#local, asHttp1View(req), asHttp1Response(res));
    });
    return server;
  }

  #track(s: Socket): void {
    this.#sockets.add(s);
    s.once('close', () => this.#sockets.delete(s));
  }

  #accept(raw: Socket): void {
    this.#track(raw);
    raw.on('error', () => undefined);
    inspectClientHello(raw, (hello) => {
      const chain = this.#select(hello.serverName);
      if (!chain?.server) {
        raw.resetAndDestroy();
        return;
      }
      raw.unshift(hello.head);
      chain.server.emit('connection', raw);
    });
  }
}
