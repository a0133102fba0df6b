// The snapshot prepared once per translation: VirtualServices with hosts and gateway names
// resolved (as istiod does on ingestion), Services by FQDN, DestinationRules by host.
import type { KubeObject } from '../../resources/types.ts';
import type { GatewayProxy } from '../model.ts';
import type { DiagnosticSink } from './diagnostics.ts';
import { resolveGatewayName, resolveShortName, serviceFqdn, visibleFrom } from './hosts.ts';
import type { DestinationRuleSpec, ServiceSpec, VirtualServiceSpec } from './specs.ts';
import { byCreation, nameOf, namespaceOf, specOf } from './specs.ts';

export interface IstioSnapshot {
  gateways: readonly Readonly<KubeObject>[];
  virtualServices: readonly Readonly<KubeObject>[];
  destinationRules: readonly Readonly<KubeObject>[];
  services: readonly Readonly<KubeObject>[];
  secrets?: readonly Readonly<KubeObject>[];
}

export interface PreparedVs {
  obj: Readonly<KubeObject>;
  name: string;
  namespace: string;
  spec: VirtualServiceSpec;
  /** spec.hosts with short names made FQDNs in the VS's namespace, lowercased. */
  hosts: string[];
  /** spec.gateways as `ns/name` (or `mesh`); [] means mesh only. */
  gateways: string[];
}

export interface PreparedService {
  obj: Readonly<KubeObject>;
  name: string;
  namespace: string;
  fqdn: string;
  spec: ServiceSpec;
  ports: number[];
}

export interface PreparedDr {
  obj: Readonly<KubeObject>;
  name: string;
  namespace: string;
  host: string;
  spec: DestinationRuleSpec;
}

export interface TranslateContext {
  proxy: GatewayProxy;
  sink: DiagnosticSink;
  /** VirtualServices in creation order. */
  virtualServices: PreparedVs[];
  services: Map<string, PreparedService>;
  /** DestinationRules in creation order. */
  destinationRules: PreparedDr[];
  /** `ns/name` of every Gateway in the snapshot. */
  gatewayKeys: Set<string>;
  secrets: readonly Readonly<KubeObject>[] | undefined;
}

export function prepare(
  snapshot: IstioSnapshot,
  proxy: GatewayProxy,
  sink: DiagnosticSink,
): TranslateContext {
  const virtualServices = byCreation(snapshot.virtualServices).map((obj): PreparedVs => {
    const spec = specOf<VirtualServiceSpec>(obj);
    const namespace = namespaceOf(obj);
    return {
      obj,
      name: nameOf(obj),
      namespace,
      spec,
      hosts: (spec.hosts ?? []).map((h) => resolveShortName(h, namespace).toLowerCase()),
      gateways: (spec.gateways ?? []).map((g) => resolveGatewayName(g, namespace)),
    };
  });
  const services = new Map<string, PreparedService>();
  for (const obj of snapshot.services) {
    const spec = specOf<ServiceSpec>(obj);
    const name = nameOf(obj);
    const namespace = namespaceOf(obj);
    const fqdn = serviceFqdn(name, namespace);
    const ports = (spec.ports ?? []).map((p) => p.port).filter((p): p is number => typeof p === 'number');
    services.set(fqdn, { obj, name, namespace, fqdn, spec, ports });
  }
  const destinationRules = byCreation(snapshot.destinationRules).map((obj): PreparedDr => {
    const spec = specOf<DestinationRuleSpec>(obj);
    const namespace = namespaceOf(obj);
    return { obj, name: nameOf(obj), namespace, host: resolveShortName(spec.host ?? '', namespace), spec };
  });
  return {
    proxy,
    sink,
    virtualServices,
    services,
    destinationRules,
    gatewayKeys: new Set(snapshot.gateways.map((g) => `${namespaceOf(g)}/${nameOf(g)}`)),
    secrets: snapshot.secrets,
  };
}

/** push.VirtualServicesForGateway: VSs exported to the proxy's namespace that name the gateway. */
export function virtualServicesForGateway(ctx: TranslateContext, gatewayKey: string): PreparedVs[] {
  return ctx.virtualServices.filter(
    (vs) =>
      vs.gateways.includes(gatewayKey) && visibleFrom(vs.spec.exportTo, vs.namespace, ctx.proxy.namespace),
  );
}
