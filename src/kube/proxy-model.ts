// What kube-proxy serves, computed from Services and Endpoints (pure): one listener per
// ClusterIP:port, per node IP (and 127.0.0.1) :nodePort, per LoadBalancer ingress IP:port
// and per loopback externalIP:port, each naming its Service port; and per Service port
// the ready endpoints, matched by port name as kube-proxy matches them.
import type { AddressPlan } from '../net/addresses.ts';
import { nodeName } from './nodes.ts';
import type { Endpoints, Service } from './objects.ts';

export type ListenerKind = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalIP';

export interface ProxyListener {
  host: string;
  port: number;
  /** `namespace/name:portName`: which backends it uses. */
  servicePort: string;
  kind: ListenerKind;
  /** externalTrafficPolicy Local on a node's NodePort: only that node's endpoints. */
  node?: string;
  /** sessionAffinity ClientIP timeout, seconds. */
  affinitySeconds?: number;
}

export interface ProxyBackend {
  ip: string;
  port: number;
  nodeName?: string;
}

export interface ProxyModel {
  listeners: ProxyListener[];
  /** Listeners that wanted an address:port another Service already holds. */
  conflicts: { listener: ProxyListener; holder: string }[];
  backends: Map<string, ProxyBackend[]>;
}

export interface ProxyModelOptions {
  plan: AddressPlan;
  nodes: number;
  /** Also serve NodePorts on 127.0.0.1, like kube-proxy's --iptables-localhost-nodeports. */
  localhostNodePorts: boolean;
}

export const servicePortKey = (namespace: string, name: string, portName: string): string =>
  `${namespace}/${name}:${portName}`;

export const listenerKey = (l: { host: string; port: number }): string => `${l.host}:${l.port}`;

export function proxyModel(
  services: readonly Readonly<Service>[],
  endpoints: readonly Readonly<Endpoints>[],
  opts: ProxyModelOptions,
): ProxyModel {
  const listeners: ProxyListener[] = [];
  const conflicts: ProxyModel['conflicts'] = [];
  const seen = new Map<string, ProxyListener>();
  const add = (l: ProxyListener): void => {
    const k = listenerKey(l);
    const holder = seen.get(k);
    if (holder) {
      if (holder.servicePort !== l.servicePort) conflicts.push({ listener: l, holder: holder.servicePort });
      return;
    }
    seen.set(k, l);
    listeners.push(l);
  };
  const sorted = [...services].sort((a, b) => {
    const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name ?? ''}`;
    const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name ?? ''}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  const perKind: Record<ListenerKind, ProxyListener[]> = {
    ClusterIP: [],
    NodePort: [],
    LoadBalancer: [],
    ExternalIP: [],
  };
  for (const svc of sorted) {
    const spec = svc.spec ?? {};
    const type = spec.type ?? 'ClusterIP';
    if (type === 'ExternalName') continue;
    const ns = svc.metadata.namespace ?? '';
    const name = svc.metadata.name ?? '';
    const local = spec.externalTrafficPolicy === 'Local';
    const affinity =
      spec.sessionAffinity === 'ClientIP'
        ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800)
        : undefined;
    for (const p of spec.ports ?? []) {
      if ((p.protocol ?? 'TCP') !== 'TCP') continue;
      const base = {
        servicePort: servicePortKey(ns, name, p.name ?? ''),
        ...(affinity ? { affinitySeconds: affinity } : {}),
      };
      const clusterIP = spec.clusterIPs?.[0] ?? spec.clusterIP;
      if (clusterIP && clusterIP !== 'None')
        perKind.ClusterIP.push({ ...base, host: clusterIP, port: p.port, kind: 'ClusterIP' });
      if ((type === 'NodePort' || type === 'LoadBalancer') && p.nodePort) {
        for (let i = 0; i < opts.nodes; i++) {
          perKind.NodePort.push({
            ...base,
            host: opts.plan.nodeIP(i),
            port: p.nodePort,
            kind: 'NodePort',
            ...(local ? { node: nodeName(i) } : {}),
          });
        }
        if (opts.localhostNodePorts)
          perKind.NodePort.push({
            ...base,
            host: '127.0.0.1',
            port: p.nodePort,
            kind: 'NodePort',
            ...(local ? { node: nodeName(0) } : {}),
          });
      }
      if (type === 'LoadBalancer') {
        for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
          if (ing.ip)
            perKind.LoadBalancer.push({ ...base, host: ing.ip, port: p.port, kind: 'LoadBalancer' });
        }
      }
      for (const ip of spec.externalIPs ?? []) {
        if (ip.startsWith('127.'))
          perKind.ExternalIP.push({ ...base, host: ip, port: p.port, kind: 'ExternalIP' });
      }
    }
  }
  // NodePorts first: on a collapsed single-address plan they are what the ALB targets.
  for (const kind of ['NodePort', 'ClusterIP', 'LoadBalancer', 'ExternalIP'] as const)
    perKind[kind].forEach(add);

  const backends = new Map<string, ProxyBackend[]>();
  for (const ep of endpoints) {
    const ns = ep.metadata.namespace ?? '';
    const name = ep.metadata.name ?? '';
    for (const subset of ep.subsets ?? []) {
      for (const port of subset.ports ?? []) {
        if ((port.protocol ?? 'TCP') !== 'TCP') continue;
        const key = servicePortKey(ns, name, port.name ?? '');
        const list = backends.get(key) ?? [];
        for (const a of subset.addresses ?? []) {
          list.push({ ip: a.ip, port: port.port, ...(a.nodeName ? { nodeName: a.nodeName } : {}) });
        }
        backends.set(key, list);
      }
    }
  }
  for (const list of backends.values())
    list.sort((a, b) => (`${a.ip}:${a.port}` < `${b.ip}:${b.port}` ? -1 : 1));
  return { listeners, conflicts, backends };
}
