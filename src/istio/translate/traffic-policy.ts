// DestinationRule traffic policies applied to one cluster as istiod's cluster builder does:
// the policy for a port (GetPortLevelTrafficPolicy: a port-level entry replaces load balancer,
// connection pool, outlier detection and TLS as a whole), subset policies overriding the
// destination's field by field (MergeSubsetTrafficPolicy), then applyLoadBalancer,
// applyConnectionPool and applyOutlierDetection with Envoy's defaults filled in.
import type { GatewayCluster } from '../model.ts';
import { parseDurationMs } from './durations.ts';
import type {
  ConnectionPoolSpec,
  LoadBalancerSpec,
  OutlierDetectionSpec,
  PolicyComponentsSpec,
  TrafficPolicySpec,
} from './specs.ts';

/** The components in effect for `port` of a policy (port-level settings do not inherit). */
export function portPolicy(policy: TrafficPolicySpec | undefined, port: number): PolicyComponentsSpec {
  if (!policy) return {};
  const pls = (policy.portLevelSettings ?? []).find((p) => p.port?.number === port);
  const src: PolicyComponentsSpec = pls ?? policy;
  const out: PolicyComponentsSpec = {};
  if (src.loadBalancer) out.loadBalancer = src.loadBalancer;
  if (src.connectionPool) out.connectionPool = src.connectionPool;
  if (src.outlierDetection) out.outlierDetection = src.outlierDetection;
  if (src.tls !== undefined) out.tls = src.tls;
  return out;
}

/** A subset's policy over the destination's (both already for `port`). */
export function subsetPolicy(
  base: PolicyComponentsSpec,
  subset: TrafficPolicySpec | undefined,
  port: number,
): PolicyComponentsSpec {
  if (!subset) return base;
  const out: PolicyComponentsSpec = { ...base };
  if (subset.loadBalancer) out.loadBalancer = subset.loadBalancer;
  if (subset.connectionPool) out.connectionPool = subset.connectionPool;
  if (subset.outlierDetection) out.outlierDetection = subset.outlierDetection;
  if (subset.tls !== undefined) out.tls = subset.tls;
  const pls = (subset.portLevelSettings ?? []).find((p) => p.port?.number === port);
  if (!pls) return out;
  const replaced: PolicyComponentsSpec = {};
  if (pls.loadBalancer) replaced.loadBalancer = pls.loadBalancer;
  if (pls.connectionPool) replaced.connectionPool = pls.connectionPool;
  if (pls.outlierDetection) replaced.outlierDetection = pls.outlierDetection;
  if (pls.tls !== undefined) replaced.tls = pls.tls;
  return replaced;
}

/** applyLoadBalancer + ApplyRingHashLoadBalancer: the policy, and the hash for consistentHash. */
function applyLoadBalancer(c: GatewayCluster, lb: LoadBalancerSpec | undefined): void {
  switch (lb?.simple) {
    case 'ROUND_ROBIN':
      c.lbPolicy = 'ROUND_ROBIN';
      break;
    case 'RANDOM':
      c.lbPolicy = 'RANDOM';
      break;
    case 'PASSTHROUGH':
      c.lbPolicy = 'CLUSTER_PROVIDED';
      c.type = 'ORIGINAL_DST';
      break;
    default: // LEAST_REQUEST, LEAST_CONN, UNSPECIFIED: istiod's default since 1.14
      c.lbPolicy = 'LEAST_REQUEST';
  }
  const ch = lb?.consistentHash;
  if (!ch) return;
  c.lbPolicy = ch.maglev ? 'MAGLEV' : 'RING_HASH';
  const hash: NonNullable<GatewayCluster['hashPolicy']> = {};
  if (ch.httpHeaderName) hash.header = ch.httpHeaderName.toLowerCase();
  else if (ch.httpCookie?.name) {
    const cookie: NonNullable<typeof hash.cookie> = { name: ch.httpCookie.name };
    if (ch.httpCookie.path) cookie.path = ch.httpCookie.path;
    const ttl = parseDurationMs(ch.httpCookie.ttl);
    if (ttl !== undefined) cookie.ttlSeconds = ttl / 1000;
    hash.cookie = cookie;
  } else if (ch.useSourceIp) hash.sourceIp = true;
  else if (ch.httpQueryParameterName) hash.queryParameter = ch.httpQueryParameterName;
  if (Object.keys(hash).length > 0) c.hashPolicy = hash;
}

function positive(n: number | undefined): number | undefined {
  return typeof n === 'number' && n > 0 ? Math.floor(n) : undefined;
}

/** applyConnectionPool: thresholds only where set (> 0); absent means Envoy's 2^32-1. */
function applyConnectionPool(c: GatewayCluster, cp: ConnectionPoolSpec | undefined): void {
  if (!cp) return;
  const cb: NonNullable<GatewayCluster['circuitBreakers']> = {};
  const maxConnections = positive(cp.tcp?.maxConnections);
  const maxPending = positive(cp.http?.http1MaxPendingRequests);
  const maxRequests = positive(cp.http?.http2MaxRequests);
  const maxRetries = positive(cp.http?.maxRetries);
  if (maxConnections !== undefined) cb.maxConnections = maxConnections;
  if (maxPending !== undefined) cb.maxPendingRequests = maxPending;
  if (maxRequests !== undefined) cb.maxRequests = maxRequests;
  if (maxRetries !== undefined) cb.maxRetries = maxRetries;
  if (Object.keys(cb).length > 0) c.circuitBreakers = cb;
  const perConn = positive(cp.http?.maxRequestsPerConnection);
  if (perConn !== undefined) c.maxRequestsPerConnection = perConn;
  const connect = parseDurationMs(cp.tcp?.connectTimeout);
  if (connect !== undefined && connect > 0) c.connectTimeoutMs = connect;
  const idle = parseDurationMs(cp.http?.idleTimeout);
  if (idle !== undefined) c.idleTimeoutMs = idle;
}

/** applyOutlierDetection, with Envoy's defaults (5 consecutive 5xx, 10s, 30s, 10%) filled in. */
function applyOutlierDetection(c: GatewayCluster, od: OutlierDetectionSpec | undefined): void {
  if (!od) return;
  const out: NonNullable<GatewayCluster['outlierDetection']> = {
    consecutive5xx: typeof od.consecutive5xxErrors === 'number' ? od.consecutive5xxErrors : 5,
    intervalMs: parseDurationMs(od.interval) ?? 10_000,
    baseEjectionTimeMs: parseDurationMs(od.baseEjectionTime) ?? 30_000,
    maxEjectionPercent: positive(od.maxEjectionPercent) ?? 10,
    // istiod always sets the panic threshold to minHealthPercent (0: panic mode disabled).
    minHealthPercent: typeof od.minHealthPercent === 'number' ? od.minHealthPercent : 0,
  };
  const gw = od.consecutiveGatewayErrors;
  if (typeof gw === 'number' && gw > 0) out.consecutiveGatewayFailure = gw;
  c.outlierDetection = out;
}

/** The cluster shaped by the policy components in effect. */
export function applyPolicy(c: GatewayCluster, p: PolicyComponentsSpec): void {
  applyLoadBalancer(c, p.loadBalancer);
  applyConnectionPool(c, p.connectionPool);
  applyOutlierDetection(c, p.outlierDetection);
}
