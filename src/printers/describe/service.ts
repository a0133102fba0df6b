// `kubectl describe service` (describe.go describeService). The Endpoints line of each
// port comes from the Service's EndpointSlices (label kubernetes.io/service-name).
import type { IService } from 'kubernetes-models/v1/Service';
import type { IEndpointSlice } from 'kubernetes-models/discovery.k8s.io/v1/EndpointSlice';
import type { KubeObject } from '../../resources/types.ts';
import { formatLabels } from '../../resources/label-selector.ts';
import { joinHostPort } from '../services.ts';
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline } from './format.ts';
import { LEVEL_0, tabbed } from './prefix-writer.ts';

/**
 * formatEndpointSlices: `ip:port` of the first 3 ready endpoints for the ports named in
 * `ports` (all ports when undefined), then ` + N more...`; `<none>` without slices.
 */
export function formatEndpointSlices(slices: readonly unknown[], ports?: ReadonlySet<string>): string {
  if (slices.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  const add = (text: () => string): void => {
    if (list.length === max) more = true;
    if (!more) list.push(text());
    count++;
  };
  for (const raw of slices as IEndpointSlice[]) {
    const endpoints = (raw.endpoints ?? []).filter((e) => e.conditions?.ready !== false);
    const slicePorts = raw.ports ?? [];
    if (slicePorts.length === 0) {
      for (const e of endpoints) add(() => e.addresses[0] ?? '');
      continue;
    }
    for (const p of slicePorts) {
      if (ports && !ports.has(p.name ?? '')) continue;
      for (const e of endpoints) add(() => joinHostPort(e.addresses[0] ?? '', p.port ?? 0));
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

/** buildIngressString: each LoadBalancer ingress IP (else hostname), in order, joined with `, `. */
function buildIngressString(ingress: readonly { ip?: string; hostname?: string; ipMode?: string }[]): string {
  return ingress
    .map((i) => {
      const s = i.ip ? i.ip : (i.hostname ?? '');
      return i.ipMode ? `${s} (${i.ipMode})` : s;
    })
    .join(', ');
}

export function describeService(
  obj: Readonly<KubeObject>,
  endpointSlices: readonly unknown[],
  events: readonly unknown[],
  now: Date,
): string {
  const svc = obj as unknown as IService;
  const spec = svc.spec ?? {};
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', obj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${formatLabels(spec.selector)}\n`);
    w.write(LEVEL_0, `Type:\t${spec.type ?? ''}\n`);
    if (spec.ipFamilyPolicy != null) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
    const families = spec.ipFamilies ?? [];
    w.write(LEVEL_0, `IP Families:\t${families.length > 0 ? families.join(',') : '<none>'}\n`);
    w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ''}\n`);
    const ips = spec.clusterIPs ?? [];
    w.write(LEVEL_0, `IPs:\t${ips.length > 0 ? ips.join(',') : '<none>'}\n`);
    if ((spec.externalIPs ?? []).length > 0)
      w.write(LEVEL_0, `External IPs:\t${(spec.externalIPs ?? []).join(',')}\n`);
    if (spec.loadBalancerIP) w.write(LEVEL_0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
    if (spec.externalName) w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
    const lb = svc.status?.loadBalancer?.ingress ?? [];
    if (lb.length > 0) w.write(LEVEL_0, `LoadBalancer Ingress:\t${buildIngressString(lb)}\n`);
    for (const p of spec.ports ?? []) {
      const name = p.name ? p.name : '<unset>';
      const proto = p.protocol ?? '';
      w.write(LEVEL_0, `Port:\t${name}\t${p.port}/${proto}\n`);
      w.write(LEVEL_0, `TargetPort:\t${p.targetPort ?? 0}/${proto}\n`);
      if ((p.nodePort ?? 0) !== 0) w.write(LEVEL_0, `NodePort:\t${name}\t${p.nodePort}/${proto}\n`);
      w.write(LEVEL_0, `Endpoints:\t${formatEndpointSlices(endpointSlices, new Set([p.name ?? '']))}\n`);
    }
    w.write(LEVEL_0, `Session Affinity:\t${spec.sessionAffinity ?? ''}\n`);
    if (spec.externalTrafficPolicy)
      w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
    if (spec.internalTrafficPolicy != null) {
      w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
    }
    if ((spec.healthCheckNodePort ?? 0) !== 0)
      w.write(LEVEL_0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
    const ranges = spec.loadBalancerSourceRanges ?? [];
    if (ranges.length > 0) w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${ranges.join(',')}\n`);
    const td = (spec as { trafficDistribution?: string }).trafficDistribution;
    if (td != null) w.write(LEVEL_0, `Traffic Distribution:\t${td}\n`);
    describeEvents(events, w, now);
  });
}
