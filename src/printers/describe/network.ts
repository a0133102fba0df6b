// `kubectl describe` for Ingress, IngressClass, Endpoints and EndpointSlice (describe.go
// describeIngressV1, describeIngressClassV1, describeEndpoints, describeEndpointSliceV1).
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { IIngressBackend } from 'kubernetes-models/networking.k8s.io/v1/IngressBackend';
import type { IIngressClass } from 'kubernetes-models/networking.k8s.io/v1/IngressClass';
import type { IEndpointSlice } from 'kubernetes-models/discovery.k8s.io/v1/EndpointSlice';
import type { IService } from 'kubernetes-models/v1/Service';
import type { KubeObject } from '../../resources/types.ts';
import { loadBalancerString, type EndpointsLike } from '../services.ts';
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline } from './format.ts';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, tabbed } from './prefix-writer.ts';
import { formatEndpointSlices } from './service.ts';

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** What the Ingress describer looks up for its backends, in the Ingress's namespace. */
export interface IngressLookups {
  services: readonly unknown[];
  endpointSlices: readonly unknown[];
}

function describeBackend(backend: IIngressBackend | undefined, ns: string, lookups: IngressLookups): string {
  const svcRef = backend?.service;
  if (svcRef) {
    const port = svcRef.port?.number ? String(svcRef.port.number) : (svcRef.port?.name ?? '');
    const sb = `${svcRef.name}:${port}`;
    const slices = (lookups.endpointSlices as IEndpointSlice[]).filter(
      (s) => s.metadata?.labels?.[SERVICE_NAME_LABEL] === svcRef.name && (s.metadata?.namespace ?? ns) === ns,
    );
    const service = (lookups.services as IService[]).find(
      (s) => s.metadata?.name === svcRef.name && (s.metadata?.namespace ?? ns) === ns,
    );
    if (!service) return `${sb} (<error: services "${svcRef.name}" not found>)`;
    let spName = '';
    for (const sp of service.spec?.ports ?? []) {
      const num = svcRef.port?.number ?? 0;
      if (num !== 0 && num === sp.port) spName = sp.name ?? '';
      else if ((svcRef.port?.name ?? '') !== '' && svcRef.port?.name === sp.name) spName = sp.name ?? '';
    }
    return `${sb} (${formatEndpointSlices(slices, new Set([spName]))})`;
  }
  const res = backend?.resource;
  if (res) return `APIGroup: ${res.apiGroup ?? '<none>'}, Kind: ${res.kind}, Name: ${res.name}`;
  return '';
}

interface V1beta1Backend {
  serviceName?: string;
  servicePort?: number | string;
  resource?: IIngressBackend['resource'];
}

function backendV1(b: unknown): IIngressBackend | undefined {
  if (b === null || typeof b !== 'object') return undefined;
  const old = b as V1beta1Backend & IIngressBackend;
  if (old.service || old.serviceName === undefined) return old;
  const port =
    typeof old.servicePort === 'number' ? { number: old.servicePort } : { name: old.servicePort ?? '' };
  return { service: { name: old.serviceName, port } };
}

/** An extensions/networking v1beta1 Ingress in v1 shape (the describer reads it through v1). */
export function ingressV1(obj: Readonly<KubeObject>): IIngress {
  const ing = obj as unknown as IIngress & { spec?: { backend?: unknown } };
  const spec = ing.spec;
  if (!spec) return ing;
  const { backend, ...rest } = spec;
  const defaultBackend = backendV1(spec.defaultBackend ?? backend);
  return {
    ...ing,
    spec: {
      ...rest,
      ...(defaultBackend ? { defaultBackend } : {}),
      rules: (spec.rules ?? []).map((r) =>
        r.http
          ? {
              ...r,
              http: { paths: r.http.paths.map((p) => ({ ...p, backend: backendV1(p.backend) ?? {} })) },
            }
          : r,
      ),
    },
  };
}

export function describeIngress(
  obj: Readonly<KubeObject>,
  lookups: IngressLookups,
  events: readonly unknown[],
  now: Date,
): string {
  const ing = ingressV1(obj);
  const spec = ing.spec ?? {};
  const ns = obj.metadata.namespace ?? '';
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', obj.metadata.labels);
    w.write(LEVEL_0, `Namespace:\t${ns}\n`);
    w.write(LEVEL_0, `Address:\t${loadBalancerString(ing.status?.loadBalancer?.ingress)}\n`);
    w.write(LEVEL_0, `Ingress Class:\t${spec.ingressClassName ?? '<none>'}\n`);
    const def = spec.defaultBackend;
    if (!def) w.write(LEVEL_0, 'Default backend:\t<default>\n');
    else w.write(LEVEL_0, `Default backend:\t${describeBackend(def, ns, lookups)}\n`);
    const tls = spec.tls ?? [];
    if (tls.length > 0) {
      w.write(LEVEL_0, 'TLS:\n');
      for (const t of tls) {
        const hosts = (t.hosts ?? []).join(',');
        if (!t.secretName) w.write(LEVEL_1, `SNI routes ${hosts}\n`);
        else w.write(LEVEL_1, `${t.secretName} terminates ${hosts}\n`);
      }
    }
    w.write(LEVEL_0, 'Rules:\n  Host\tPath\tBackends\n');
    w.write(LEVEL_1, '----\t----\t--------\n');
    let count = 0;
    for (const rule of spec.rules ?? []) {
      if (!rule.http) continue;
      count++;
      w.write(LEVEL_1, `${rule.host ? rule.host : '*'}\t\n`);
      for (const p of rule.http.paths) {
        w.write(LEVEL_2, `\t${p.path ?? ''} \t${describeBackend(p.backend, ns, lookups)}\n`);
      }
    }
    if (count === 0) w.write(LEVEL_1, `*\t*\t${describeBackend(def, ns, lookups)}\n`);
    printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
    describeEvents(events, w, now);
  });
}

export function describeIngressClass(
  obj: Readonly<KubeObject>,
  events: readonly unknown[],
  now: Date,
): string {
  const ic = obj as unknown as IIngressClass;
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', obj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
    w.write(LEVEL_0, `Controller:\t${ic.spec?.controller ?? ''}\n`);
    const p = ic.spec?.parameters;
    if (p) {
      w.write(LEVEL_0, 'Parameters:\n');
      if (p.apiGroup != null) w.write(LEVEL_1, `APIGroup:\t${p.apiGroup}\n`);
      w.write(LEVEL_1, `Kind:\t${p.kind}\n`);
      w.write(LEVEL_1, `Name:\t${p.name}\n`);
      if (p.namespace != null) w.write(LEVEL_1, `Namespace:\t${p.namespace}\n`);
      if (p.scope != null) w.write(LEVEL_1, `Scope:\t${p.scope}\n`);
    }
    describeEvents(events, w, now);
  });
}

export function describeEndpoints(obj: Readonly<KubeObject>, events: readonly unknown[], now: Date): string {
  const ep = obj as EndpointsLike;
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', obj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
    w.write(LEVEL_0, 'Subsets:\n');
    for (const ss of ep.subsets ?? []) {
      const ready = (ss.addresses ?? []).map((a) => a.ip).join(',');
      w.write(LEVEL_1, `Addresses:\t${ready === '' ? '<none>' : ready}\n`);
      const notReady = (ss.notReadyAddresses ?? []).map((a) => a.ip).join(',');
      w.write(LEVEL_1, `NotReadyAddresses:\t${notReady === '' ? '<none>' : notReady}\n`);
      if ((ss.ports ?? []).length > 0) {
        w.write(LEVEL_1, 'Ports:\n');
        w.write(LEVEL_2, 'Name\tPort\tProtocol\n');
        w.write(LEVEL_2, '----\t----\t--------\n');
        for (const p of ss.ports ?? []) {
          w.write(LEVEL_2, `${p.name ? p.name : '<unset>'}\t${p.port}\t${p.protocol ?? ''}\n`);
        }
      }
      w.write(LEVEL_0, '\n');
    }
    describeEvents(events, w, now);
  });
}

export function describeEndpointSlice(
  obj: Readonly<KubeObject>,
  events: readonly unknown[],
  now: Date,
): string {
  const eps = obj as unknown as IEndpointSlice;
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', obj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
    w.write(LEVEL_0, `AddressType:\t${eps.addressType}\n`);
    const ports = eps.ports ?? [];
    if (ports.length === 0) w.write(LEVEL_0, 'Ports: <unset>\n');
    else {
      w.write(LEVEL_0, 'Ports:\n');
      w.write(LEVEL_1, 'Name\tPort\tProtocol\n');
      w.write(LEVEL_1, '----\t----\t--------\n');
      for (const p of ports) {
        w.write(
          LEVEL_1,
          `${p.name ? p.name : '<unset>'}\t${p.port != null ? p.port : '<unset>'}\t${p.protocol ?? ''}\n`,
        );
      }
    }
    const endpoints = eps.endpoints ?? [];
    if (endpoints.length === 0) w.write(LEVEL_0, 'Endpoints: <none>\n');
    else {
      w.write(LEVEL_0, 'Endpoints:\n');
      for (const e of endpoints) {
        const addresses = e.addresses.join(',');
        w.write(LEVEL_1, `- Addresses:\t${addresses === '' ? '<none>' : addresses}\n`);
        w.write(LEVEL_2, 'Conditions:\n');
        const ready = e.conditions?.ready;
        w.write(LEVEL_3, `Ready:\t${ready == null ? '<unset>' : String(ready)}\n`);
        w.write(LEVEL_2, `Hostname:\t${e.hostname ?? '<unset>'}\n`);
        if (e.targetRef)
          w.write(LEVEL_2, `TargetRef:\t${e.targetRef.kind ?? ''}/${e.targetRef.name ?? ''}\n`);
        w.write(LEVEL_2, `NodeName:\t${e.nodeName ?? '<unset>'}\n`);
        w.write(LEVEL_2, `Zone:\t${e.zone ?? '<unset>'}\n`);
      }
    }
    describeEvents(events, w, now);
  });
}
