// The gateway's Prometheus stats (15090 /stats/prometheus): Istio's standard metrics with the
// gateway as reporter="source" (istio_requests_total, istio_request_duration_milliseconds)
// and Envoy's per-cluster upstream counters. Counting is cheap: each label set's series is
// found through a map keyed by (response code, flags) on a per-destination object built once.
import type { GatewayCluster, GatewayProxy } from '../../istio/model.ts';
import type { EndpointPod } from '../../istio/istiod-endpoints.ts';
import type { ClusterResources } from '../http/host-pool.ts';

export const DURATION_BUCKETS = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000,
  3600000,
] as const;

function esc(v: string): string {
  return v.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

function lbl(name: string, value: string): string {
  return `${name}="${esc(value)}"`;
}

interface Series {
  labels: string;
  count: number;
  sum: number;
  buckets: number[];
}

/** The destination side of the labels, shared by every request to one pod (or cluster). */
export interface Destination {
  head: string; // destination_workload .. destination_cluster
  canonicalService: string;
  canonicalRevision: string;
  /** Keyed by the response code when the flags are '-', else by `${code}${flags}`. */
  series: Map<string | number, Series>;
  /** The cluster's circuit breaker counters (overflow stats), when a cluster is known. */
  cluster?: { name: string; resources: ClusterResources } | undefined;
}

function canonicalService(labels: Readonly<Record<string, string>>, workload: string): string {
  return (
    labels['service.istio.io/canonical-name'] ?? labels['app.kubernetes.io/name'] ?? labels.app ?? workload
  );
}

function canonicalRevision(labels: Readonly<Record<string, string>>): string {
  return (
    labels['service.istio.io/canonical-revision'] ??
    labels['app.kubernetes.io/version'] ??
    labels.version ??
    'latest'
  );
}

/** The labels for requests that reach `cluster` (a pod of it when known), or none at all. */
export function destination(
  cluster?: GatewayCluster,
  pod?: EndpointPod,
  resources?: ClusterResources,
): Destination {
  const svc = cluster?.service;
  const labels = pod?.labels ?? {};
  const head = [
    lbl('destination_workload', pod?.workload ?? 'unknown'),
    lbl('destination_workload_namespace', pod?.namespace ?? 'unknown'),
    lbl('destination_principal', 'unknown'),
    lbl('destination_app', pod ? (labels.app ?? 'unknown') : 'unknown'),
    lbl('destination_version', pod ? (labels.version ?? 'unknown') : 'unknown'),
    lbl('destination_service', svc?.fqdn ?? 'unknown'),
    lbl('destination_service_name', svc?.name ?? 'unknown'),
    lbl('destination_service_namespace', svc?.namespace ?? 'unknown'),
    lbl('destination_cluster', pod ? 'Kubernetes' : 'unknown'),
  ].join(',');
  return {
    head,
    canonicalService: lbl(
      'destination_canonical_service',
      pod ? canonicalService(labels, pod.workload) : 'unknown',
    ),
    canonicalRevision: lbl('destination_canonical_revision', pod ? canonicalRevision(labels) : 'latest'),
    series: new Map(),
    cluster: cluster && resources ? { name: cluster.name, resources } : undefined,
  };
}

const OVERFLOW_COUNTERS = [
  ['envoy_cluster_upstream_cx_overflow', 'cxOverflow'],
  ['envoy_cluster_upstream_rq_pending_overflow', 'pendingOverflow'],
  ['envoy_cluster_upstream_rq_retry_overflow', 'retryOverflow'],
] as const;

/** The Deployment name of a pod `<deploy>-<pod-template-hash>-<suffix>`, else the pod name. */
export function proxyWorkload(proxy: GatewayProxy): string {
  const hash = proxy.labels['pod-template-hash'];
  if (hash) {
    const at = proxy.name.lastIndexOf(`-${hash}-`);
    if (at > 0) return proxy.name.slice(0, at);
  }
  return proxy.name;
}

interface ClusterCounters {
  byCode: Map<number, number>;
}

export class GatewayStats {
  #source: string;
  #sourceCanonicalService: string;
  #sourceCanonicalRevision: string;
  #destinations = new Set<Destination>();
  #clusters = new Map<string, ClusterCounters>();
  #resources = new Map<string, ClusterResources>();
  readonly unknown: Destination;

  constructor(proxy: GatewayProxy) {
    const workload = proxyWorkload(proxy);
    this.#source = [
      lbl('reporter', 'source'),
      lbl('source_workload', workload),
      lbl('source_workload_namespace', proxy.namespace),
      lbl('source_principal', 'unknown'),
      lbl('source_app', proxy.labels.app ?? 'unknown'),
      lbl('source_version', proxy.labels.version ?? 'unknown'),
      lbl('source_cluster', 'Kubernetes'),
    ].join(',');
    this.#sourceCanonicalService = lbl('source_canonical_service', canonicalService(proxy.labels, workload));
    this.#sourceCanonicalRevision = lbl('source_canonical_revision', canonicalRevision(proxy.labels));
    this.unknown = destination();
  }

  /** One finished downstream request. */
  request(dest: Destination, code: number, flags: string, durationMs: number): void {
    const cl = dest.cluster;
    if (cl) {
      const known = this.#resources.get(cl.name);
      if (known !== cl.resources) {
        // A redefined cluster: its counters carry on, as Envoy's stats are kept by name.
        if (known) {
          const to = cl.resources.counters;
          to.cxOverflow += known.counters.cxOverflow;
          to.pendingOverflow += known.counters.pendingOverflow;
          to.retryOverflow += known.counters.retryOverflow;
        }
        this.#resources.set(cl.name, cl.resources);
      }
    }
    const key = flags === '-' ? code : `${code}${flags}`;
    let s = dest.series.get(key);
    if (!s) {
      s = {
        labels:
          `${lbl('response_code', String(code))},${this.#source},${dest.head},request_protocol="http",` +
          `${lbl('response_flags', flags)},grpc_response_status="",connection_security_policy="unknown",` +
          `${this.#sourceCanonicalService},${dest.canonicalService},${this.#sourceCanonicalRevision},` +
          dest.canonicalRevision,
        count: 0,
        sum: 0,
        buckets: new Array<number>(DURATION_BUCKETS.length).fill(0),
      };
      dest.series.set(key, s);
      this.#destinations.add(dest);
    }
    s.count++;
    s.sum += durationMs;
    for (let i = 0; i < DURATION_BUCKETS.length; i++) {
      if (durationMs <= (DURATION_BUCKETS[i] as number)) {
        (s.buckets[i] as number)++;
        break;
      }
    }
  }

  /** One upstream response (or local 5xx for the cluster) counted for `cluster`. */
  upstream(cluster: string, code: number): void {
    let c = this.#clusters.get(cluster);
    if (!c) {
      c = { byCode: new Map() };
      this.#clusters.set(cluster, c);
    }
    c.byCode.set(code, (c.byCode.get(code) ?? 0) + 1);
  }

  /**
   * The counters as plain data (what another data-plane thread of the same proxy reports, as
   * Envoy's workers feed one stats store); `cxActive` is the thread's open upstream connections.
   */
  snapshot(cxActive: ReadonlyMap<string, number>): StatsSnapshot {
    const series: StatsSnapshot['series'] = [];
    for (const d of this.#destinations)
      for (const x of d.series.values()) series.push([x.labels, x.count, x.sum, x.buckets.slice()]);
    const overflow: StatsSnapshot['overflow'] = [];
    for (const [name, r] of this.#resources) {
      const c = r.counters;
      overflow.push([name, [c.cxOverflow, c.pendingOverflow, c.retryOverflow]]);
    }
    return {
      series,
      clusters: [...this.#clusters].map(([name, c]) => [name, [...c.byCode]]),
      overflow,
      cxActive: [...cxActive],
    };
  }

  /**
   * Prometheus text: counters, then gauges, then histograms, each sorted by name (as Envoy);
   * `others`: the snapshots of the proxy's other threads, added in.
   */
  render(cxActive: ReadonlyMap<string, number>, others: readonly StatsSnapshot[] = []): string {
    return renderStats(
      others.length === 0 ? [this.snapshot(cxActive)] : [this.snapshot(cxActive), ...others],
    );
  }
}

/** A GatewayStats' counters as plain, structured-cloneable data. */
export interface StatsSnapshot {
  /** [labels, count, sum, buckets] */
  series: [string, number, number, number[]][];
  /** [cluster, [response code, count][]] */
  clusters: [string, [number, number][]][];
  /** [cluster, [cx, pending, retry] overflow counts] */
  overflow: [string, [number, number, number]][];
  cxActive: [string, number][];
}

function renderStats(parts: readonly StatsSnapshot[]): string {
  const byCode = new Map<string, Map<number, number>>();
  const overflows = new Map<string, [number, number, number]>();
  const cx = new Map<string, number>();
  const merged = new Map<string, Series>();
  for (const p of parts) {
    for (const [name, codes] of p.clusters) {
      let m = byCode.get(name);
      if (!m) byCode.set(name, (m = new Map<number, number>()));
      for (const [code, n] of codes) m.set(code, (m.get(code) ?? 0) + n);
    }
    for (const [name, o] of p.overflow) {
      const have = overflows.get(name);
      overflows.set(name, have ? [have[0] + o[0], have[1] + o[1], have[2] + o[2]] : [o[0], o[1], o[2]]);
    }
    for (const [name, n] of p.cxActive) cx.set(name, (cx.get(name) ?? 0) + n);
    for (const [labels, count, sum, buckets] of p.series) {
      const have = merged.get(labels);
      if (!have) merged.set(labels, { labels, count, sum, buckets: buckets.slice() });
      else {
        have.count += count;
        have.sum += sum;
        for (let i = 0; i < buckets.length; i++) have.buckets[i] = (have.buckets[i] ?? 0) + (buckets[i] ?? 0);
      }
    }
  }
  const lines: string[] = [];
  const clusters = [...new Set([...byCode.keys(), ...cx.keys()])].sort();
  const overflow = (at: 0 | 1 | 2): void => {
    const metric = OVERFLOW_COUNTERS[at][0];
    lines.push(`# TYPE ${metric} counter`);
    for (const name of clusters)
      lines.push(`${metric}{${lbl('cluster_name', name)}} ${overflows.get(name)?.[at] ?? 0}`);
  };
  overflow(0);
  lines.push('# TYPE envoy_cluster_upstream_rq counter');
  for (const name of clusters) {
    const c = byCode.get(name);
    if (!c) continue;
    for (const code of [...c.keys()].sort((a, b) => a - b))
      lines.push(
        `envoy_cluster_upstream_rq{response_code="${code}",${lbl('cluster_name', name)}} ${c.get(code) ?? 0}`,
      );
  }
  overflow(1);
  overflow(2);
  lines.push('# TYPE envoy_cluster_upstream_rq_total counter');
  for (const name of clusters) {
    let total = 0;
    for (const n of byCode.get(name)?.values() ?? []) total += n;
    lines.push(`envoy_cluster_upstream_rq_total{${lbl('cluster_name', name)}} ${total}`);
  }
  lines.push('# TYPE envoy_cluster_upstream_rq_xx counter');
  for (const name of clusters) {
    const classes = new Map<number, number>();
    for (const [code, n] of byCode.get(name) ?? [])
      classes.set(Math.floor(code / 100), (classes.get(Math.floor(code / 100)) ?? 0) + n);
    for (const k of [...classes.keys()].sort())
      lines.push(
        `envoy_cluster_upstream_rq_xx{envoy_response_code_class="${k}",${lbl('cluster_name', name)}} ${classes.get(k) ?? 0}`,
      );
  }
  const series = [...merged.values()];
  series.sort((a, b) => (a.labels < b.labels ? -1 : a.labels > b.labels ? 1 : 0));
  lines.push('# TYPE istio_requests_total counter');
  for (const s of series) lines.push(`istio_requests_total{${s.labels}} ${s.count}`);
  lines.push('# TYPE envoy_cluster_upstream_cx_active gauge');
  for (const name of clusters)
    lines.push(`envoy_cluster_upstream_cx_active{${lbl('cluster_name', name)}} ${cx.get(name) ?? 0}`);
  lines.push('# TYPE istio_request_duration_milliseconds histogram');
  for (const s of series) {
    let acc = 0;
    for (let i = 0; i < DURATION_BUCKETS.length; i++) {
      acc += s.buckets[i] as number;
      lines.push(
        `istio_request_duration_milliseconds_bucket{${s.labels},le="${DURATION_BUCKETS[i] as number}"} ${acc}`,
      );
    }
    lines.push(`istio_request_duration_milliseconds_bucket{${s.labels},le="+Inf"} ${s.count}`);
    lines.push(`istio_request_duration_milliseconds_sum{${s.labels}} ${s.sum}`);
    lines.push(`istio_request_duration_milliseconds_count{${s.labels}} ${s.count}`);
  }
  return `${lines.join('\n')}\n`;
}
