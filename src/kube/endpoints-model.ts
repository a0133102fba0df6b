// What a Service's endpoints are, computed from its pods as the endpoints and endpointslice
// controllers do: which pods count (selector, has an IP, not finished), ready vs not
// ready, each Service port resolved on each pod (targetPort number or container port NAME),
// Endpoints subsets repacked by port set, EndpointSlice endpoints grouped by port mapping.
import type { IEndpoint } from 'kubernetes-models/discovery.k8s.io/v1/Endpoint';
import type { IEndpointPort } from 'kubernetes-models/discovery.k8s.io/v1/EndpointPort';
import type { Store } from '../store/types.ts';
import { PODS } from './keys.ts';
import { mapSelectorMatches } from '../resources/label-selector.ts';
import { canonicalJson } from './names.ts';
import type { EndpointAddress, EndpointPort, EndpointSubset, Pod, Service } from './objects.ts';
import { findPort, isPodReady, isTerminating, podIP } from './pod-util.ts';

type Address = EndpointAddress;
type Port = EndpointPort;

/** Services the endpoint controllers manage: a non-empty selector and not ExternalName. */
export function hasSelector(svc: Readonly<Service>): boolean {
  return Object.keys(svc.spec?.selector ?? {}).length > 0 && svc.spec?.type !== 'ExternalName';
}

export function selectedPods(store: Store, svc: Readonly<Service>): Readonly<Pod>[] {
  return (store.list(PODS, svc.metadata.namespace ?? '') as Readonly<Pod>[]).filter((p) =>
    mapSelectorMatches(svc.spec?.selector, p.metadata.labels),
  );
}

/** ShouldPodBeInEndpoints. */
export function podCounts(pod: Readonly<Pod>, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if (!podIP(pod)) return false;
  return includeTerminating || !isTerminating(pod);
}

function hostname(pod: Readonly<Pod>, svc: Readonly<Service>): string | undefined {
  const h = pod.spec?.hostname;
  return h && pod.spec?.subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace
    ? h
    : undefined;
}

const targetRef = (pod: Readonly<Pod>): { kind: string; namespace: string; name: string; uid: string } => ({
  kind: 'Pod',
  namespace: pod.metadata.namespace ?? '',
  name: pod.metadata.name ?? '',
  uid: pod.metadata.uid ?? '',
});

function ipCompare(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** The Endpoints subsets of a Service (syncService + RepackSubsets). */
export function computeSubsets(svc: Readonly<Service>, pods: readonly Readonly<Pod>[]): EndpointSubset[] {
  const publish = svc.spec?.publishNotReadyAddresses === true;
  const headless = svc.spec?.clusterIP === 'None';
  const byAddress = new Map<string, { address: Address; ready: boolean; ports: Map<string, Port> }>();
  for (const pod of pods) {
    if (!podCounts(pod, publish)) continue;
    const address: Address = { ip: podIP(pod)! };
    const host = hostname(pod, svc);
    if (host) address.hostname = host;
    if (pod.spec?.nodeName) address.nodeName = pod.spec.nodeName;
    address.targetRef = targetRef(pod);
    const ready = publish || isPodReady(pod);
    const ports = new Map<string, Port>();
    const svcPorts = svc.spec?.ports ?? [];
    if (svcPorts.length === 0 && !headless) continue;
    let matched = svcPorts.length === 0;
    for (const sp of svcPorts) {
      const num = findPort(pod, sp);
      if (num === undefined) continue;
      matched = true;
      const p: Port = { port: num, protocol: sp.protocol ?? 'TCP' };
      if (sp.name) p.name = sp.name;
      if (sp.appProtocol) p.appProtocol = sp.appProtocol;
      ports.set(canonicalJson(p), p);
    }
    if (!matched) continue;
    byAddress.set(`${address.ip}/${address.targetRef.uid ?? ''}/${ready}`, { address, ready, ports });
  }
  const groups = new Map<string, { ports: Port[]; ready: Address[]; notReady: Address[] }>();
  for (const a of byAddress.values()) {
    const ports = [...a.ports.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([, p]) => p);
    const key = canonicalJson(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, ready: [], notReady: [] }));
    (a.ready ? g.ready : g.notReady).push(a.address);
  }
  const byIP = (x: Address, y: Address): number =>
    ipCompare(x.ip, y.ip) || ((x.targetRef?.uid ?? '') < (y.targetRef?.uid ?? '') ? -1 : 1);
  const subsets = [...groups.values()].map((g) => {
    const s: EndpointSubset = {};
    if (g.ready.length) s.addresses = g.ready.sort(byIP);
    if (g.notReady.length) s.notReadyAddresses = g.notReady.sort(byIP);
    if (g.ports.length) s.ports = g.ports;
    return s;
  });
  const first = (s: EndpointSubset): string => (s.addresses ?? s.notReadyAddresses ?? [])[0]?.ip ?? '';
  return subsets.sort(
    (a, b) => ipCompare(first(a), first(b)) || (canonicalJson(a.ports) < canonicalJson(b.ports) ? -1 : 1),
  );
}

export interface SliceGroup {
  ports: IEndpointPort[];
  endpoints: IEndpoint[];
}

/** Endpoints for EndpointSlices, grouped by their port mapping (the reconciler's endpointMeta). */
export function computeSliceGroups(svc: Readonly<Service>, pods: readonly Readonly<Pod>[]): SliceGroup[] {
  const publish = svc.spec?.publishNotReadyAddresses === true;
  const groups = new Map<string, SliceGroup>();
  for (const pod of pods) {
    if (!podCounts(pod, true)) continue;
    const ports: IEndpointPort[] = [];
    for (const sp of svc.spec?.ports ?? []) {
      const num = findPort(pod, sp);
      if (num === undefined) continue;
      const p: IEndpointPort = { name: sp.name ?? '', port: num, protocol: sp.protocol ?? 'TCP' };
      if (sp.appProtocol) p.appProtocol = sp.appProtocol;
      ports.push(p);
    }
    if (ports.length === 0 && (svc.spec?.ports ?? []).length > 0) continue;
    const serving = isPodReady(pod);
    const terminating = isTerminating(pod);
    const ep: IEndpoint = {
      addresses: [podIP(pod)!],
      conditions: { ready: publish || (serving && !terminating), serving, terminating },
    };
    const host = hostname(pod, svc);
    if (host) ep.hostname = host;
    if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
    ep.targetRef = targetRef(pod);
    const key = canonicalJson(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, endpoints: [] }));
    g.endpoints.push(ep);
  }
  for (const g of groups.values())
    g.endpoints.sort(
      (a, b) =>
        ipCompare(a.addresses[0] ?? '', b.addresses[0] ?? '') ||
        ((a.targetRef?.name ?? '') < (b.targetRef?.name ?? '') ? -1 : 1),
    );
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
}
