// istiod's EDS: the endpoints of one cluster (Service, port number, subset labels), read from
// the Service's EndpointSlices as istiod does: the Service port is found by number, its NAME
// picks the slice port (the targetPort on the pods), and subset labels keep only endpoints
// whose Pod carries them. Each endpoint names its pod (workload labels for metrics).
import { ENDPOINTSLICES, PODS, SERVICES } from '../kube/keys.ts';
import type { EndpointSlice, Pod, Service } from '../kube/objects.ts';
import type { Store } from '../store/types.ts';

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export interface EndpointPod {
  namespace: string;
  name: string;
  labels: Readonly<Record<string, string>>;
  /** The workload as Istio names it: the Deployment for a ReplicaSet's pod, else the owner or the pod. */
  workload: string;
}

export interface ClusterEndpoint {
  address: string;
  port: number;
  ready: boolean;
  pod?: EndpointPod;
}

/** The cache key of one cluster's endpoints (Service, port number, subset labels). */
export function edsKey(
  namespace: string,
  name: string,
  port: number,
  subsetLabels?: Readonly<Record<string, string>>,
): string {
  return subsetLabels
    ? `${namespace}/${name}/${port}/${JSON.stringify(Object.entries(subsetLabels).sort())}`
    : `${namespace}/${name}/${port}`;
}

/** Istio's workload name of a pod (pkg/kube: GetDeployMetaFromPod, without API lookups). */
export function workloadName(pod: Readonly<Pod>): string {
  const name = pod.metadata.name ?? '';
  const owner = pod.metadata.ownerReferences?.find((r) => r.controller) ?? pod.metadata.ownerReferences?.[0];
  if (!owner) return name;
  if (owner.kind === 'ReplicaSet') {
    const hash = pod.metadata.labels?.['pod-template-hash'];
    if (hash && owner.name.endsWith(`-${hash}`)) return owner.name.slice(0, -hash.length - 1);
  }
  return owner.name;
}

function labelsMatch(
  labels: Readonly<Record<string, string>>,
  want: Readonly<Record<string, string>>,
): boolean {
  for (const k in want) if (labels[k] !== want[k]) return false;
  return true;
}

/**
 * Endpoints of Service namespace/name at `port` (the Service port number), filtered by
 * `subsetLabels` when given. Sorted by address then port. Unknown Service or port: [].
 */
export function endpointsFor(
  store: Store,
  namespace: string,
  name: string,
  port: number,
  subsetLabels?: Readonly<Record<string, string>>,
): ClusterEndpoint[] {
  const svc = store.get(SERVICES, namespace, name) as Readonly<Service> | undefined;
  const sp = svc?.spec?.ports?.find((p) => p.port === port);
  if (!sp) return [];
  const portName = sp.name ?? '';
  const hasSubset = subsetLabels !== undefined && Object.keys(subsetLabels).length > 0;
  const out: ClusterEndpoint[] = [];
  const seen = new Set<string>();
  for (const o of store.list(ENDPOINTSLICES, namespace)) {
    const slice = o as Readonly<EndpointSlice>;
    if (slice.metadata.labels?.[SERVICE_NAME_LABEL] !== name) continue;
    if (slice.addressType !== undefined && slice.addressType !== 'IPv4') continue;
    const sliceport = slice.ports?.find((p) => (p.name ?? '') === portName);
    if (sliceport?.port === undefined) continue;
    for (const ep of slice.endpoints ?? []) {
      const address = ep.addresses[0];
      if (address === undefined) continue;
      const key = `${address}:${sliceport.port}`;
      if (seen.has(key)) continue;
      let pod: EndpointPod | undefined;
      const ref = ep.targetRef;
      if (ref?.kind === 'Pod' && ref.name) {
        const p = store.get(PODS, ref.namespace ?? namespace, ref.name) as Readonly<Pod> | undefined;
        if (p) {
          pod = {
            namespace: p.metadata.namespace ?? namespace,
            name: p.metadata.name ?? ref.name,
            labels: p.metadata.labels ?? {},
            workload: workloadName(p),
          };
        }
      }
      if (hasSubset && !(pod && labelsMatch(pod.labels, subsetLabels))) continue;
      seen.add(key);
      const e: ClusterEndpoint = { address, port: sliceport.port, ready: ep.conditions?.ready !== false };
      if (pod) e.pod = pod;
      out.push(e);
    }
  }
  out.sort((a, b) => (a.address === b.address ? a.port - b.port : a.address < b.address ? -1 : 1));
  return out;
}
