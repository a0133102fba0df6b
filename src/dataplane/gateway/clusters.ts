// The gateway's runtime view of one cluster: its ready hosts from EDS (kept across endpoint
// updates so active-request counts, pools and outlier state survive), an Envoy-like HTTP/1
// pool per host at the socket address the DialTable gives, under the cluster's circuit
// breakers and connection settings, outlier detection with its interval sweep, and the load
// balancer's state over the hosts that are not ejected.
import type { GatewayCluster } from '../../istio/model.ts';
import type { ClusterEndpoint, EndpointPod } from '../../istio/istiod-endpoints.ts';
import type { DialTable } from '../../net/dial-table.ts';
import { clusterResources, HostPool, type ClusterResources } from '../http/host-pool.ts';
import type { LbHost, LbState } from './balancer.ts';
import {
  lbHosts,
  outlierHost,
  recordResult,
  sweep,
  type OutlierCounters,
  type OutlierHost,
} from './outlier.ts';
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
  pool: HostPool;
  outlier: OutlierHost;
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

/** How often a retired cluster checks whether its last request is done. */
const RETIRE_POLL_MS = 50;

function onSweep(c: ClusterRuntime): void {
  c.sweep();
}

export class ClusterRuntime {
  readonly def: GatewayCluster;
  readonly json: string;
  /** The cluster-level destination labels (for replies before a host is chosen). */
  readonly dest: Destination;
  readonly lb: LbState = { rr: 0 };
  /** Circuit breaker limits and counts, shared by every host's pool. */
  readonly resources: ClusterResources;
  readonly outlierCounters: OutlierCounters = { ejectionsEnforced: 0, ejectionsOverflow: 0 };
  #all: UpstreamHost[] = [];
  #hosts: UpstreamHost[] = [];
  #dial: DialTable;
  #timer: NodeJS.Timeout | undefined;

  constructor(def: GatewayCluster, json: string, dial: DialTable) {
    this.def = def;
    this.json = json;
    this.#dial = dial;
    const cb = def.circuitBreakers ?? {};
    this.resources = clusterResources(cb);
    this.dest = destination(def, undefined, this.resources);
    const od = def.outlierDetection;
    if (od && od.intervalMs > 0) {
      this.#timer = setInterval(onSweep, od.intervalMs, this);
      this.#timer.unref();
    }
  }

  /** The hosts to balance over (ready, not ejected unless in panic). */
  get hosts(): readonly UpstreamHost[] {
    return this.#hosts;
  }

  /** Every ready host, ejected or not. */
  get allHosts(): readonly UpstreamHost[] {
    return this.#all;
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
    const old = new Map(this.#all.map((h) => [h.key, h]));
    const next: UpstreamHost[] = [];
    const d = this.def;
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
        dest: destination(d, e.pod, this.resources),
        real,
        pool: new HostPool(r.host, r.port, this.resources, {
          connectTimeoutMs: d.connectTimeoutMs,
          idleMs: d.idleTimeoutMs,
          maxRequestsPerConnection: d.maxRequestsPerConnection,
        }),
        active: 0,
        outlier: outlierHost(),
      });
    }
    this.#all = next;
    this.#rebalance();
    for (const h of old.values()) void h.pool.close();
  }

  #rebalance(): void {
    const od = this.def.outlierDetection;
    this.#hosts = od ? lbHosts(this.#all, od.minHealthPercent) : this.#all;
  }

  /** One upstream result of `host` (503 / 504 for local failures), for outlier detection. */
  report(host: UpstreamHost, status: number): void {
    const od = this.def.outlierDetection;
    if (!od) return;
    const outliers = this.#all.map((h) => h.outlier);
    if (recordResult(od, host.outlier, outliers, status, performance.now(), this.outlierCounters))
      this.#rebalance();
  }

  /** The interval sweep: ejection times that are up bring hosts back. */
  sweep(): void {
    const od = this.def.outlierDetection;
    if (!od) return;
    if (
      sweep(
        od,
        this.#all.map((h) => h.outlier),
        performance.now(),
      )
    )
      this.#rebalance();
  }

  /** Whether the endpoint is ejected by outlier detection now. */
  outlierFailed(address: string, port: number): boolean {
    for (const h of this.#all) if (h.address === address && h.port === port) return h.outlier.ejected;
    return false;
  }

  /** Upstream connections open now (envoy_cluster_upstream_cx_active). */
  connected(): number {
    let n = 0;
    for (const h of this.#all) n += h.pool.connected;
    return n;
  }

  /**
   * A model swap dropped or replaced this cluster: like Envoy draining an old cluster's pools,
   * requests still in flight or queued on it finish there; the pools close once it is idle.
   */
  retire(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    const closeWhenIdle = (): void => {
      if (this.resources.active > 0 || this.resources.pending > 0)
        setTimeout(closeWhenIdle, RETIRE_POLL_MS).unref();
      else this.close();
    };
    closeWhenIdle();
  }

  /** Closes every pool (in-flight requests finish first) and stops the sweep. */
  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    for (const h of this.#all) void h.pool.close();
    this.#all = [];
    this.#hosts = [];
  }
}
