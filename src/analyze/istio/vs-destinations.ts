// VirtualService destinations: IST0101 (host, host:port, mirror host, host+subset in
// destinationrule) and IST0112 (multi-port Service without a port), as Istio's destination
// host and destination rule analyzers report them. ServiceEntries are not modelled.
import type { KubeObject } from '../../resources/types.ts';
import { portSelectorRequired, referencedNotFound } from '../../istio/translate/diagnostics.ts';
import { resolveShortName, visibleFrom } from '../../istio/translate/hosts.ts';
import type {
  DestinationRuleSpec,
  DestinationSpec,
  VirtualServiceSpec,
} from '../../istio/translate/specs.ts';
import { namespaceOf, specOf } from '../../istio/translate/specs.ts';
import { finding } from '../finding.ts';
import type { AnalyzeContext, Finding } from '../types.ts';
import { IST0101, IST0112 } from './codes.ts';
import { serviceForHost, servicePorts } from './lookup.ts';

type Path = (string | number)[];

/** Every destination of a VirtualService with its path and whether it is a mirror. */
export function destinationsOf(
  vs: Readonly<KubeObject>,
): { d: DestinationSpec; path: Path; mirror: boolean }[] {
  const out: { d: DestinationSpec; path: Path; mirror: boolean }[] = [];
  const spec = specOf<VirtualServiceSpec>(vs);
  (spec.http ?? []).forEach((r, i) => {
    (r.route ?? []).forEach((rd, j) => {
      if (rd.destination)
        out.push({ d: rd.destination, path: ['spec', 'http', i, 'route', j, 'destination'], mirror: false });
    });
    if (r.mirror) out.push({ d: r.mirror, path: ['spec', 'http', i, 'mirror'], mirror: true });
    (r.mirrors ?? []).forEach((m, j) => {
      if (m.destination)
        out.push({ d: m.destination, path: ['spec', 'http', i, 'mirrors', j, 'destination'], mirror: true });
    });
  });
  for (const kind of ['tcp', 'tls'] as const)
    (spec[kind] ?? []).forEach((r, i) => {
      (r.route ?? []).forEach((rd, j) => {
        if (rd.destination)
          out.push({ d: rd.destination, path: ['spec', kind, i, 'route', j, 'destination'], mirror: false });
      });
    });
  return out;
}

/** A DestinationRule visible from `fromNs` whose host is `fqdn` and that defines `subset`. */
function hasSubset(ctx: AnalyzeContext, fqdn: string, subset: string, fromNs: string): boolean {
  return ctx.ofKind('DestinationRule').some((dr) => {
    const spec = specOf<DestinationRuleSpec>(dr);
    const drNs = namespaceOf(dr);
    if (resolveShortName(spec.host ?? '', drNs) !== fqdn) return false;
    if (!visibleFrom(spec.exportTo, drNs, fromNs)) return false;
    return (spec.subsets ?? []).some((s) => s.name === subset);
  });
}

export function analyzeVirtualServiceDestinations(ctx: AnalyzeContext): Finding[] {
  const out: Finding[] = [];
  for (const vs of ctx.ofKind('VirtualService')) {
    const ns = namespaceOf(vs);
    for (const { d, path, mirror } of destinationsOf(vs)) {
      const host = d.host ?? '';
      if (host === '' || host.startsWith('*')) continue;
      const svc = serviceForHost(ctx, host, ns);
      if (!svc) {
        const what = mirror ? 'mirror host' : 'host';
        out.push(finding(IST0101, vs, [...path, 'host'], referencedNotFound(vs, what, host, '').message));
        continue;
      }
      const ports = servicePorts(svc);
      const port = d.port?.number;
      if (port === undefined && ports.length > 1) {
        const msg = portSelectorRequired(vs, host, ports, '').message;
        out.push(finding(IST0112, vs, path, msg));
      } else if (port !== undefined && !ports.includes(port)) {
        const msg = referencedNotFound(vs, 'host:port', `${host}:${String(port)}`, '').message;
        out.push(finding(IST0101, vs, [...path, 'port', 'number'], msg));
      }
      if (d.subset !== undefined && !hasSubset(ctx, resolveShortName(host, ns), d.subset, ns)) {
        const msg = referencedNotFound(
          vs,
          'host+subset in destinationrule',
          `${host}+${d.subset}`,
          '',
        ).message;
        out.push(finding(IST0101, vs, [...path, 'subset'], msg));
      }
    }
  }
  return out;
}
