// Route destinations (pilot GetDestinationCluster): `outbound|<port>|<subset>|<fqdn>` with the
// host resolved in the VirtualService's namespace, the port from the destination, else the
// Service's only port, else the server port. Unresolved hosts and subsets are reported.
import type { WeightedCluster } from '../model.ts';
import type { PreparedVs, TranslateContext } from './context.ts';
import { portSelectorRequired, referencedNotFound } from './diagnostics.ts';
import { resolveShortName } from './hosts.ts';
import { findDestinationRule } from './clusters.ts';
import type { RouteDestinationSpec } from './specs.ts';

export function subsetKey(port: number, subset: string, fqdn: string): string {
  return `outbound|${port}|${subset}|${fqdn}`;
}

/** model.ParseSubsetKeyHostname: the FQDN of `outbound|80|v1|fqdn`, or undefined. */
export function subsetKeyHost(cluster: string): string | undefined {
  const parts = cluster.split('|');
  return parts.length === 4 ? parts[3] : undefined;
}

export function destinationCluster(
  ctx: TranslateContext,
  vs: PreparedVs,
  dst: RouteDestinationSpec,
  listenPort: number,
  field: string,
): string {
  const d = dst.destination ?? {};
  const written = d.host ?? '';
  const fqdn = resolveShortName(written, vs.namespace);
  const svc = ctx.services.get(fqdn);
  let port = listenPort;
  if (typeof d.port?.number === 'number') port = d.port.number;
  else if (svc && svc.ports.length === 1) port = svc.ports[0]!;
  else if (svc && svc.ports.length > 1)
    ctx.sink.add(portSelectorRequired(vs.obj, written, svc.ports, `${field}.destination`));
  if (!svc) ctx.sink.add(referencedNotFound(vs.obj, 'host', written, `${field}.destination.host`));
  const subset = d.subset ?? '';
  if (svc && subset !== '') {
    const dr = findDestinationRule(ctx, fqdn, svc.namespace);
    if (!dr || !(dr.spec.subsets ?? []).some((s) => s.name === subset))
      ctx.sink.add(
        referencedNotFound(
          vs.obj,
          'host+subset in destinationrule',
          `${written}+${subset}`,
          `${field}.destination.subset`,
        ),
      );
  }
  return subsetKey(port, subset, fqdn);
}

/** The weighted clusters of a route: one destination gets it all; else weight-0 entries dropped. */
export function weightedClusters(
  ctx: TranslateContext,
  vs: PreparedVs,
  route: readonly RouteDestinationSpec[],
  listenPort: number,
  field: string,
): WeightedCluster[] {
  if (route.length === 1)
    return [{ cluster: destinationCluster(ctx, vs, route[0]!, listenPort, `${field}[0]`), weight: 100 }];
  const out: WeightedCluster[] = [];
  route.forEach((dst, i) => {
    const weight = dst.weight ?? 0;
    if (weight <= 0) return;
    out.push({ cluster: destinationCluster(ctx, vs, dst, listenPort, `${field}[${i}]`), weight });
  });
  return out;
}
