// kube-proxy's choice of an endpoint for a new connection to a Service address: round-robin
// per Service port (per node for externalTrafficPolicy Local), or the client's previous
// endpoint while its sessionAffinity ClientIP timeout lasts. One picker per thread that
// connects (kube-proxy itself, and each data-plane thread that resolves NodePorts in memory).
import type { ProxyBackend, ProxyListener } from './proxy-model.ts';

export class ServicePicker {
  #rr = new Map<string, number>();
  #sticky = new Map<string, { backend: string; expires: number }>();

  /** One of `list` (the listener's candidate endpoints) for a connection from `client`. */
  pick(l: ProxyListener, list: readonly ProxyBackend[], client: string): ProxyBackend | undefined {
    if (list.length === 0) return undefined;
    const rrKey = l.node ? `${l.servicePort}@${l.node}` : l.servicePort;
    if (l.affinitySeconds) {
      const stickyKey = `${rrKey}|${client}`;
      const s = this.#sticky.get(stickyKey);
      const now = Date.now();
      const hit = s && s.expires > now ? list.find((b) => `${b.ip}:${b.port}` === s.backend) : undefined;
      const chosen = hit ?? this.#roundRobin(rrKey, list);
      this.#sticky.set(stickyKey, {
        backend: `${chosen.ip}:${chosen.port}`,
        expires: now + l.affinitySeconds * 1000,
      });
      return chosen;
    }
    return this.#roundRobin(rrKey, list);
  }

  #roundRobin(key: string, list: readonly ProxyBackend[]): ProxyBackend {
    const n = this.#rr.get(key) ?? 0;
    this.#rr.set(key, (n + 1) % 1_000_000_007);
    return list[n % list.length]!;
  }
}

/** What kube-proxy serves, as plain data: each Service address and its candidate endpoints. */
export type ServiceTable = [string, { listener: ProxyListener; candidates: ProxyBackend[] }][];
