// kube-proxy for real sockets: every Service address the model names (ClusterIP:port,
// node IPs and 127.0.0.1 :nodePort, LoadBalancer IP:port) gets a TCP listener, and every
// accepted connection is piped to one ready endpoint of that Service port, chosen
// round-robin like IPVS's `rr` scheduler (ClientIP affinity honoured), resolved through the
// DialTable. No ready endpoint: the connection is reset, like kube-proxy's REJECT rule.
// A port that cannot be bound becomes a Warning event on the Service and a status detail;
// the listener then takes a free port and maps the model address to it in the DialTable.
import net from 'node:net';
import type { AddressPlan } from '../net/addresses.ts';
import type { DialTable } from '../net/dial-table.ts';
import { listenOnce } from '../net/listen.ts';
import { localEndpointsOf, type ServiceResolver } from '../net/local-endpoints.ts';
import type { Component, ComponentStatus } from '../runtime/component.ts';
import type { Store } from '../store/types.ts';
import { eventRecorder, type EventRecorder } from './events.ts';
import { ENDPOINTS, SERVICES } from './keys.ts';
import { listenerKey, proxyModel, type ProxyBackend, type ProxyListener } from './proxy-model.ts';
import { ServicePicker, type ServiceTable } from './service-picker.ts';

export interface KubeProxyOptions {
  store: Store;
  plan: AddressPlan;
  dial: DialTable;
  nodes: number;
  /** Serve NodePorts on 127.0.0.1 too (default true, as --iptables-localhost-nodeports). */
  localhostNodePorts?: boolean;
}

interface Bound {
  listener: ProxyListener;
  server: net.Server;
  real: { host: string; port: number };
  mapped: boolean;
}

export interface ServedListener {
  address: string; // model address host:port
  real: string; // where the socket is
  servicePort: string;
  kind: ProxyListener['kind'];
  endpoints: number;
}

const BIND_ERRORS: Record<string, string> = {
  EADDRINUSE: 'address already in use',
  EACCES: 'permission denied',
  EADDRNOTAVAIL: 'cannot assign requested address',
};

export class KubeProxy implements Component {
  readonly name = 'kube-proxy';
  #opts: KubeProxyOptions;
  #recorder: EventRecorder;
  #bound = new Map<string, Bound>();
  #backends = new Map<string, ProxyBackend[]>();
  #picker = new ServicePicker();
  #watchers = new Set<() => void>();
  #sockets = new Set<net.Socket>();
  #problems = new Map<string, string>();
  #unwatch: (() => void)[] = [];
  #running = false;
  #syncing: Promise<void> | undefined;
  #again = false;
  #scheduled: NodeJS.Immediate | undefined;

  constructor(opts: KubeProxyOptions) {
    this.#opts = opts;
    this.#recorder = eventRecorder(opts.store, { component: 'kube-proxy' });
  }

  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    localEndpointsOf(this.#opts.dial).setResolver(this.#resolver);
    for (const key of [SERVICES, ENDPOINTS])
      this.#unwatch.push(this.#opts.store.watch({ key }, undefined, () => this.#schedule()));
    await this.#sync();
  }

  async stop(): Promise<void> {
    this.#running = false;
    const local = localEndpointsOf(this.#opts.dial);
    if (local.resolver() === this.#resolver) local.setResolver(undefined);
    for (const u of this.#unwatch.splice(0)) u();
    if (this.#scheduled) clearImmediate(this.#scheduled);
    this.#scheduled = undefined;
    await this.#syncing;
    const closing = [...this.#bound.values()].map((b) => this.#close(b));
    this.#bound.clear();
    for (const s of this.#sockets) s.destroy();
    this.#sockets.clear();
    await Promise.all(closing);
  }

  status(): ComponentStatus {
    if (!this.#running) return { ready: false, detail: 'stopped' };
    const counts = { ClusterIP: 0, NodePort: 0, LoadBalancer: 0, ExternalIP: 0 };
    const services = new Set<string>();
    for (const b of this.#bound.values()) {
      counts[b.listener.kind]++;
      services.add(b.listener.servicePort.slice(0, b.listener.servicePort.lastIndexOf(':')));
    }
    const kinds = Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    let detail = `${this.#bound.size} listeners for ${services.size} services${kinds ? ` (${kinds})` : ''}`;
    if (this.#problems.size > 0)
      detail += `; ${this.#problems.size} unavailable: ${[...this.#problems.values()].join('; ')}`;
    return { ready: true, detail };
  }

  /** Everything served, for `gangway status` and tests. */
  listeners(): ServedListener[] {
    return [...this.#bound.values()].map((b) => ({
      address: listenerKey(b.listener),
      real: `${b.real.host}:${b.real.port}`,
      servicePort: b.listener.servicePort,
      kind: b.listener.kind,
      endpoints: this.#candidates(b.listener).length,
    }));
  }

  /**
   * Where a connection from `client` to the Service address host:port (model address) would be
   * piped: one ready endpoint (model address), picked as #accept picks it (round-robin,
   * ClientIP affinity), or undefined when nothing is served there or no endpoint is ready.
   */
  resolve(host: string, port: number, client: string): { host: string; port: number } | undefined {
    const b = this.#running ? this.#bound.get(`${host}:${port}`) : undefined;
    const backend = b === undefined ? undefined : this.#pick(b.listener, client);
    return backend === undefined ? undefined : { host: backend.ip, port: backend.port };
  }

  #resolver: ServiceResolver = (host, port, client) => this.resolve(host, port, client);

  #schedule(): void {
    if (!this.#running || this.#scheduled) return;
    this.#scheduled = setImmediate(() => {
      this.#scheduled = undefined;
      void this.#sync();
    });
  }

  #sync(): Promise<void> {
    if (this.#syncing) {
      this.#again = true;
      return this.#syncing;
    }
    this.#syncing = (async () => {
      do {
        this.#again = false;
        await this.#apply();
      } while (this.#again && this.#running);
    })().finally(() => (this.#syncing = undefined));
    return this.#syncing;
  }

  async #apply(): Promise<void> {
    if (!this.#running) return;
    const { store, plan, nodes } = this.#opts;
    const model = proxyModel(store.list(SERVICES), store.list(ENDPOINTS), {
      plan,
      nodes,
      localhostNodePorts: this.#opts.localhostNodePorts ?? true,
    });
    this.#backends = model.backends;
    const want = new Map(model.listeners.map((l) => [listenerKey(l), l]));
    for (const [k, b] of this.#bound) {
      if (want.has(k)) continue;
      this.#bound.delete(k);
      this.#problems.delete(k);
      await this.#close(b);
    }
    for (const [k, l] of want) {
      const b = this.#bound.get(k);
      if (b) b.listener = l;
      else if (this.#running) await this.#open(l);
    }
    const conflicts = new Set<string>();
    for (const c of model.conflicts) {
      const k = `${listenerKey(c.listener)}/${c.listener.servicePort}`;
      conflicts.add(k);
      this.#report(c.listener, `${listenerKey(c.listener)} is already served for ${c.holder}`, k);
    }
    for (const k of this.#problems.keys()) {
      if (k.includes('/') && !conflicts.has(k)) this.#problems.delete(k);
    }
    for (const w of this.#watchers) w();
  }

  async #open(l: ProxyListener): Promise<void> {
    const k = listenerKey(l);
    const server = net.createServer({ allowHalfOpen: true }, (s) => this.#accept(this.#bound.get(k), s));
    server.on('error', () => undefined);
    try {
      const { port } = await listenOnce(server, l.host, l.port);
      this.#bound.set(k, { listener: l, server, real: { host: l.host, port }, mapped: false });
      this.#problems.delete(k);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      const why = `listen tcp ${k}: bind: ${BIND_ERRORS[code] ?? (err as Error).message}`;
      if (!BIND_ERRORS[code]) {
        this.#report(l, why, k);
        return;
      }
      const host = code === 'EADDRNOTAVAIL' ? '127.0.0.1' : l.host;
      const fallback = net.createServer({ allowHalfOpen: true }, (s) => this.#accept(this.#bound.get(k), s));
      fallback.on('error', () => undefined);
      try {
        const { port } = await listenOnce(fallback, host, 0);
        this.#opts.dial.set(l.host, l.port, { host, port });
        this.#bound.set(k, { listener: l, server: fallback, real: { host, port }, mapped: true });
        this.#report(l, `${why}; reachable inside gangway through ${host}:${port}`, k);
      } catch {
        this.#report(l, why, k);
      }
    }
  }

  #report(l: ProxyListener, message: string, key: string): void {
    if (this.#problems.get(key) === message) return;
    this.#problems.set(key, message);
    const ref = l.servicePort.slice(0, l.servicePort.lastIndexOf(':'));
    const [namespace, name] = ref.split('/') as [string, string];
    const svc = this.#opts.store.get(SERVICES, namespace, name);
    if (svc)
      this.#recorder.record(
        svc,
        'Warning',
        'PortUnavailable',
        `can't open port for ${l.kind} ${l.servicePort}: ${message}`,
      );
  }

  async #close(b: Bound): Promise<void> {
    if (b.mapped) this.#opts.dial.delete(b.listener.host, b.listener.port);
    await new Promise<void>((resolve) => b.server.close(() => resolve()));
  }

  #candidates(l: ProxyListener): ProxyBackend[] {
    const all = this.#backends.get(l.servicePort) ?? [];
    return l.node ? all.filter((b) => b.nodeName === l.node) : all;
  }

  #pick(l: ProxyListener, client: string): ProxyBackend | undefined {
    return this.#picker.pick(l, this.#candidates(l), client);
  }

  /** Every Service address served and its candidate endpoints (for another thread's resolver). */
  table(): ServiceTable {
    if (!this.#running) return [];
    return [...this.#bound].map(([k, b]) => [
      k,
      { listener: b.listener, candidates: this.#candidates(b.listener) },
    ]);
  }

  /** Calls `onChange` after what is served changed; returns the unsubscribe. */
  watch(onChange: () => void): () => void {
    this.#watchers.add(onChange);
    return () => this.#watchers.delete(onChange);
  }

  #accept(b: Bound | undefined, client: net.Socket): void {
    client.on('error', () => undefined);
    const backend = b && this.#running ? this.#pick(b.listener, client.remoteAddress ?? '') : undefined;
    if (!backend) {
      client.resetAndDestroy();
      return;
    }
    const target = this.#opts.dial.resolve(backend.ip, backend.port);
    const upstream = net.connect({ host: target.host, port: target.port, allowHalfOpen: true });
    this.#sockets.add(client);
    this.#sockets.add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    upstream.on('error', () => {
      if (!client.destroyed) client.resetAndDestroy();
    });
    client.on('error', () => upstream.destroy());
    client.on('close', (hadError) => {
      this.#sockets.delete(client);
      if (hadError) upstream.destroy();
    });
    upstream.on('close', (hadError) => {
      this.#sockets.delete(upstream);
      if (hadError && !client.destroyed) client.resetAndDestroy();
    });
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
