// The Istio install and external-dns: istioctl's install (and the IstioOperator controller
// that re-renders it), the DNS server on loopback and external-dns feeding it from the ALBs.
import { DnsServer } from '../dns/server.ts';
import { ExternalDns } from '../dns/external-dns.ts';
import { dnsApiExtension } from '../dns/api.ts';
import {
  installIstio,
  istioOperatorController,
  parseSetFlags,
  type IstioValues,
} from '../istio/install/index.ts';
import type { ApiExtension } from '../api/server.ts';
import type { Registry } from '../registry/types.ts';
import type { Store } from '../store/types.ts';
import type { AlbComponents } from './alb-components.ts';
import type { Component } from './component.ts';

/** istioctl's --set values, or the reasons they are wrong. */
export function istioValues(sets: readonly string[]): IstioValues {
  const { values, errors } = parseSetFlags([...sets]);
  if (errors.length > 0) throw new Error(errors.join('; '));
  return values;
}

export function istioInstaller(opts: {
  store: Store;
  registry: Registry;
  values: IstioValues;
  install: boolean;
  log: (line: string) => void;
}): Component {
  const operator = istioOperatorController({
    store: opts.store,
    registry: opts.registry,
    base: opts.values,
    onlyWithOperators: !opts.install,
    log: opts.log,
  });
  return {
    name: 'istio-operator',
    async start() {
      if (opts.install) installIstio(opts.registry, opts.values);
      await operator.start();
    },
    stop: () => operator.stop(),
    status: () => operator.status(),
  };
}

export interface DnsComponents {
  dns: DnsServer;
  externalDns: ExternalDns;
  api: ApiExtension;
}

export function dnsComponents(opts: {
  store: Store;
  port: number;
  alb: AlbComponents;
  log: (line: string) => void;
}): DnsComponents {
  const dns = new DnsServer({ port: opts.port });
  const { controller, addresses } = opts.alb;
  const externalDns = new ExternalDns({
    store: opts.store,
    dns,
    albs: () =>
      controller.model.loadBalancers.map((lb) => ({
        dnsName: lb.dnsName,
        address: addresses.of(lb.name),
        hostnames: lb.externalDnsHostnames,
        owner: lb.ingresses[0] ? `ingress/${lb.ingresses[0].namespace}/${lb.ingresses[0].name}` : lb.group,
      })),
    onAlbChange: (cb) => controller.onModel(() => cb()),
    log: opts.log,
  });
  return { dns, externalDns, api: dnsApiExtension(dns) };
}
