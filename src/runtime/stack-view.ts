// CONTRACT (owned by the integrator): what the running stack exposes to the tools that look at
// it as a whole (trace, dashboard). Read-only by convention: they observe, never drive.
import type { Registry } from '../registry/types.ts';
import type { Store } from '../store/types.ts';
import type { AddressPlan } from '../net/addresses.ts';
import type { DialTable } from '../net/dial-table.ts';
import type { Kubelet } from '../workloads/kubelet.ts';
import type { AlbComponents } from './alb-components.ts';
import type { DnsComponents } from './edge-components.ts';
import type { IstioComponents } from './istio-components.ts';

export interface StackView {
  home: string;
  store: Store;
  registry: Registry;
  plan: AddressPlan;
  dial: DialTable;
  /** controller.model (AlbModel), dataPlane.health(arn), dataPlane.listenersOf(lb), addresses.of(lb). */
  alb: AlbComponents;
  /** istiod.proxies(), istiod.modelFor(ns, pod), istiod.endpointsFor(...). */
  istio: IstioComponents;
  kubelet: Kubelet;
  /** dns.dns (server, port), dns.externalDns. */
  dns: DnsComponents;
  /** The API server's bearer token (the dashboard is protected by it). */
  token: string;
  /** The API server's URL once it listens (https://127.0.0.1:PORT). */
  apiURL(): string;
}
