// Route destinations (pilot GetDestinationCluster, applyHTTPRouteDestination): cluster names
// `outbound|<port>|<subset>|<fqdn>` with the host resolved in the owning VirtualService's
// namespace, the port from the destination, else the Service's only port, else the server
// port; weight-0 entries dropped; a single remaining destination becomes a plain cluster whose
// header operations and authority move to the route. Unresolved hosts and subsets are reported.
import type { HeaderOps, WeightedCluster } from '../model.ts';
import type { PreparedVs, TranslateContext } from './context.ts';
import { portSelectorRequired, referencedNotFound } from './diagnostics.ts';
import { findDestinationRule } from './clusters.ts';
import { translateHeaders } from './header-ops.ts';
import { resolveShortName } from './hosts.ts';
import type { DestinationSpec, RouteDestinationSpec } from './specs.ts';

export function subsetKey(port: number, subset: string, fqdn: string): string {
  return `outbound|${port}|${subset}|${fqdn}`;
}

/** model.ParseSubsetKey: host and port of `outbound|80|v1|fqdn`, or undefined. */
export function parseSubsetKey(cluster: string): { host: string; port: number } | undefined {
  const parts = cluster.split('|');
  if (parts.length !== 4 || parts[0] !== 'outbound') return undefined;
  return { host: parts[3]!, port: Number(parts[1]) };
}

/** GetDestinationCluster for one destination; `what` names it in diagnostics ('host', 'mirror host'). */
export function destinationCluster(
  ctx: TranslateContext,
  vs: PreparedVs,
  d: DestinationSpec,
  listenPort: number,
  field: string,
  what = 'host',
): string {
  const written = d.host ?? '';
  const fqdn = resolveShortName(written, vs.namespace);
  const svc = ctx.services.get(fqdn);
  let port = listenPort;
  if (typeof d.port?.number === 'number' && d.port.number > 0) port = d.port.number;
  else if (svc && svc.ports.length === 1) port = svc.ports[0]!;
  else if (svc && svc.ports.length > 1) ctx.sink.add(portSelectorRequired(vs.obj, written, svc.ports, field));
  if (!svc) ctx.sink.add(referencedNotFound(vs.obj, what, written, `${field}.host`));
  const subset = d.subset ?? '';
  if (svc && subset !== '') {
    const dr = findDestinationRule(ctx, fqdn, svc.namespace);
    if (!dr || !(dr.spec.subsets ?? []).some((s) => s.name === subset))
      ctx.sink.add(
        referencedNotFound(
          vs.obj,
          `${what}+subset in destinationrule`,
          `${written}+${subset}`,
          `${field}.subset`,
        ),
      );
  }
  return subsetKey(port, subset, fqdn);
}

export interface RouteDestinations {
  clusters: WeightedCluster[];
  /** A single destination's header operations and authority, for the route. */
  requestHeaders?: HeaderOps;
  responseHeaders?: HeaderOps;
  authority?: string;
}

function weighted(
  ctx: TranslateContext,
  vs: PreparedVs,
  dst: RouteDestinationSpec,
  weight: number,
  listenPort: number,
  field: string,
): WeightedCluster {
  const out: WeightedCluster = {
    cluster: destinationCluster(ctx, vs, dst.destination ?? {}, listenPort, `${field}.destination`),
    weight,
  };
  const h = translateHeaders(dst.headers);
  if (h.request) out.requestHeaders = h.request;
  if (h.response) out.responseHeaders = h.response;
  if (h.authority !== undefined) out.hostRewrite = h.authority;
  return out;
}

/** The destinations of an http/tcp/tls route: one gets 100; else weight-0 entries dropped. */
export function routeDestinations(
  ctx: TranslateContext,
  vs: PreparedVs,
  route: readonly RouteDestinationSpec[],
  listenPort: number,
  field: string,
): RouteDestinations {
  const clusters: WeightedCluster[] = [];
  if (route.length === 1) clusters.push(weighted(ctx, vs, route[0]!, 100, listenPort, `${field}[0]`));
  else
    route.forEach((dst, i) => {
      const weight = dst.weight ?? 0;
      if (weight > 0) clusters.push(weighted(ctx, vs, dst, weight, listenPort, `${field}[${i}]`));
    });
  if (clusters.length !== 1) return { clusters };
  const only = clusters[0]!;
  const out: RouteDestinations = { clusters: [{ cluster: only.cluster, weight: 100 }] };
  if (only.requestHeaders) out.requestHeaders = only.requestHeaders;
  if (only.responseHeaders) out.responseHeaders = only.responseHeaders;
  if (only.hostRewrite !== undefined) out.authority = only.hostRewrite;
  return out;
}

/** The weighted clusters of a tcp or tls route. */
export function weightedClusters(
  ctx: TranslateContext,
  vs: PreparedVs,
  route: readonly RouteDestinationSpec[],
  listenPort: number,
  field: string,
): WeightedCluster[] {
  return routeDestinations(ctx, vs, route, listenPort, field).clusters;
}
