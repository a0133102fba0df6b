// Envoy's outlier detection for one cluster (consecutive 5xx and consecutive gateway
// failures; local connect failures and resets count as 503, timeouts as 504): a host reaching
// a threshold is ejected at once when the ejected share stays within maxEjectionPercent, for
// baseEjectionTime x its ejection count (capped at max(base, 300 s)); every interval, hosts
// whose time is up come back and a healthy host's ejection count decays by one.
import type { GatewayCluster } from '../../istio/model.ts';

export type OutlierConfig = NonNullable<GatewayCluster['outlierDetection']>;

export interface OutlierHost {
  ejected: boolean;
  consecutive5xx: number;
  consecutiveGateway: number;
  ejections: number;
  ejectedAt: number;
}

export function outlierHost(): OutlierHost {
  return { ejected: false, consecutive5xx: 0, consecutiveGateway: 0, ejections: 0, ejectedAt: 0 };
}

const MAX_EJECTION_TIME_MS = 300_000;

export interface OutlierCounters {
  ejectionsEnforced: number;
  ejectionsOverflow: number;
}

/**
 * Records one result for `host` among `all`; true when the host was ejected by it.
 * `status` is the upstream status, or 503 / 504 for local connect failures, resets and timeouts.
 */
export function recordResult(
  cfg: OutlierConfig,
  host: OutlierHost,
  all: readonly OutlierHost[],
  status: number,
  now: number,
  counters: OutlierCounters,
): boolean {
  if (status < 500) {
    host.consecutive5xx = 0;
    host.consecutiveGateway = 0;
    return false;
  }
  let trip = false;
  if (status === 502 || status === 503 || status === 504) {
    host.consecutiveGateway++;
    const gw = cfg.consecutiveGatewayFailure;
    if (gw !== undefined && gw > 0 && host.consecutiveGateway >= gw) {
      host.consecutiveGateway = 0;
      trip = true;
    }
  }
  host.consecutive5xx++;
  const c5 = cfg.consecutive5xx ?? 5;
  if (c5 > 0 && host.consecutive5xx >= c5) {
    host.consecutive5xx = 0;
    trip = true;
  }
  if (!trip || host.ejected) return false;
  let active = 0;
  for (const h of all) if (h.ejected) active++;
  if ((100 * (active + 1)) / all.length > Math.min(100, cfg.maxEjectionPercent)) {
    counters.ejectionsOverflow++;
    return false;
  }
  host.ejected = true;
  host.ejections++;
  host.ejectedAt = now;
  counters.ejectionsEnforced++;
  return true;
}

/** The interval sweep; true when some host came back. */
export function sweep(cfg: OutlierConfig, hosts: readonly OutlierHost[], now: number): boolean {
  let changed = false;
  const cap = Math.max(cfg.baseEjectionTimeMs, MAX_EJECTION_TIME_MS);
  for (const h of hosts) {
    if (h.ejected) {
      if (now >= h.ejectedAt + Math.min(cfg.baseEjectionTimeMs * h.ejections, cap)) {
        h.ejected = false;
        h.consecutive5xx = 0;
        h.consecutiveGateway = 0;
        changed = true;
      }
    } else if (h.ejections > 0) h.ejections--;
  }
  return changed;
}

/** The hosts to balance over: the not-ejected ones, or all of them in panic mode. */
export function lbHosts<H extends { outlier: OutlierHost }>(
  hosts: readonly H[],
  minHealthPercent: number | undefined,
): H[] {
  const healthy = hosts.filter((h) => !h.outlier.ejected);
  if (
    minHealthPercent !== undefined &&
    minHealthPercent > 0 &&
    hosts.length > 0 &&
    (100 * healthy.length) / hosts.length < minHealthPercent
  )
    return [...hosts];
  return healthy;
}
