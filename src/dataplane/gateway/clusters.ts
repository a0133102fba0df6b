// The gateway's runtime view of one cluster: its ready hosts from EDS (kept across endpoint
// updates so active-request counts and keep-alive pools survive), a keep-alive pool per host
// at the socket address the DialTable gives, and the load balancer's state.
import type { Pool } from 'undici';
import type { GatewayCluster } from '../../istio/model.ts';
import type { ClusterEndpoint, EndpointPod } from '../../istio/istiod-endpoints.ts';
import type { DialTable } from '../../net/dial-table.ts';
import { createUpstreamPool } from '../http/upstream-pool.ts';
import type { LbHost, LbState } from './balancer.ts';
import { destination, type Destination } from './stats.ts';

export interface UpstreamHost extends LbHost {
  /** The model address, 'ip:port' (UPSTREAM_HOST in the access log). */
  key: string;
  address: string;
  port: number;
  pod: EndpointPod | undefined;
  dest: Destination;
  /** Where the socket really goes (DialTable), and the pool there. */
  real: string;
  pool: Pool;
}

/** Where a cluster's endpoints come from (istiod's EDS). */
export interface EndpointSource {
  endpointsFor(
    namespace: string,
    name: string,
    port: number,
    subsetLabels?: Readonly<Record<string, string>>,
  ): readonly ClusterEndpoint[];
}

export class ClusterRuntime {
  readonly def: GatewayCluster;
  readonly json: string;
  /** The cluster-level destination labels (for replies before a host is chosen). */
  readonly dest: Destination;
  readonly lb: LbState = { rr: 0 };
  #hosts: UpstreamHost[] = [];
  #dial: DialTable;

  constructor(def: GatewayCluster, json: string, dial: DialTable) {
    this.def = def;
    this.json = json;
    this.#dial = dial;
    this.dest = destination(def);
  }

  get hosts(): readonly UpstreamHost[] {
    return this.#hosts;
  }

  /** Re-reads the cluster's ready endpoints; hosts that stay keep their state. */
  refresh(eds: EndpointSource): void {
    const svc = this.def.service;
    if (this.def.type !== 'EDS' || !svc) {
      this.#replace([]);
      return;
    }
    const eps = eds.endpointsFor(svc.namespace, svc.name, svc.port, this.def.subset?.labels);
    this.#replace(eps.filter((e) => e.ready));
  }

  #replace(eps: readonly ClusterEndpoint[]): void {
    const old = new Map(this.#hosts.map((h) => [h.key, h]));
    const next: UpstreamHost[] = [];
    for (const e of eps) {
      const key = `${e.address}:${e.port}`;
      const r = this.#dial.resolve(e.address, e.port);
      const real = `${r.host}:${r.port}`;
      const prev = old.get(key);
      if (prev && prev.real === real && prev.pod?.name === e.pod?.name) {
        old.delete(key);
        next.push(prev);
        continue;
      }
      next.push({
        key,
        address: e.address,
        port: e.port,
        pod: e.pod,
        dest: destination(this.def, e.pod),
        real,
        pool: createUpstreamPool(r.host, r.port),
        active: 0,
      });
    }
    this.#hosts = next;
    for (const h of old.values()) void h.pool.close().catch(() => undefined);
  }

  /** Upstream connections open now (envoy_cluster_upstream_cx_active). */
  connected(): number {
    let n = 0;
    for (const h of this.#hosts) n += h.pool.stats.connected;
    return n;
  }

  /** Closes every pool (in-flight requests finish first). */
  close(): void {
    for (const h of this.#hosts) void h.pool.close().catch(() => undefined);
    this.#hosts = [];
  }
}
