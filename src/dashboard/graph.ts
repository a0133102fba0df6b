// The dashboard's graph, built purely from what the stack knows: the ALB model and target
// health, the gateway pods' models (istiod), Services and Pods from the store, and a minute
// of the gateway's counters. client -> ALB -> listeners -> target groups -> targets ->
// NodePorts -> gateway pods -> VirtualService routes -> Services -> pods.
import type { AlbModel, TargetHealth } from '../alb/model.ts';
import type { GatewayModel } from '../istio/model.ts';
import type { KubeObject } from '../resources/types.ts';
import {
  add,
  emptyCounters,
  toEdgeMetrics,
  type EdgeMetrics,
  type ServiceCounters,
  type Window,
} from './metrics.ts';

export type Health =
  'healthy' | 'unhealthy' | 'initial' | 'draining' | 'unused' | 'unavailable' | 'degraded' | 'unknown';

export interface GraphNode {
  id: string;
  kind: string; // Client, LoadBalancer, Listener, TargetGroup, Target, NodePort, GatewayPod, VirtualServiceRoute, Service, Pod
  name: string;
  namespace: string; // '' when not namespaced
  health: Health;
  reason: string; // '' when healthy; the target's reason and description, a pod's condition
  /** One line of detail (listener rules, a gateway pod's listeners and route configs). */
  detail?: string;
  /** The Kubernetes object behind the node (its YAML, Events and findings). */
  object?: { kind: string; namespace: string; name: string };
}

export interface GraphEdge {
  source: string;
  target: string;
  /** null: the data plane does not count requests at this hop. */
  rps: number | null;
  error_rate: number | null;
  p99_ms: number | null;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Seconds of counters behind the rates (0 until two samples are taken). */
  window_seconds: number;
}

export interface GatewayPodInput {
  namespace: string;
  name: string;
  model: GatewayModel | undefined;
}

export interface GraphInput {
  alb: AlbModel;
  health: (targetGroupArn: string) => TargetHealth[];
  pods: readonly Readonly<KubeObject>[];
  services: readonly Readonly<KubeObject>[];
  gateways: readonly GatewayPodInput[];
  window: Window;
}

interface PodStatus {
  podIP?: string;
  phase?: string;
  conditions?: { type?: string; status?: string; reason?: string; message?: string }[];
}

/** A pod's health: Ready -> healthy, else unhealthy with the Ready condition's reason. */
export function podHealth(pod: Readonly<KubeObject>): { health: Health; reason: string } {
  if (pod.metadata.deletionTimestamp) return { health: 'draining', reason: 'Terminating' };
  const st = (pod['status'] ?? {}) as PodStatus;
  const ready = st.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status === 'True') return { health: 'healthy', reason: '' };
  const why = ready?.reason ?? st.phase ?? 'Pending';
  return {
    health: st.phase === 'Pending' ? 'initial' : 'unhealthy',
    reason: ready?.message ? `${why}: ${ready.message}` : why,
  };
}

function selects(svc: Readonly<KubeObject>, pod: Readonly<KubeObject>): boolean {
  const sel = (svc['spec'] as { selector?: Record<string, string> } | undefined)?.selector;
  if (!sel || Object.keys(sel).length === 0) return false;
  if ((svc.metadata.namespace ?? '') !== (pod.metadata.namespace ?? '')) return false;
  const labels = pod.metadata.labels ?? {};
  return Object.entries(sel).every(([k, v]) => labels[k] === v);
}

const key = (ns: string, name: string): string => `${ns}/${name}`;

function metricsOf(
  c: ServiceCounters | undefined,
  w: Window,
): Pick<GraphEdge, 'rps' | 'error_rate' | 'p99_ms'> {
  const m: EdgeMetrics = toEdgeMetrics(c ?? emptyCounters(), w.seconds);
  return m;
}

const NONE = { rps: null, error_rate: null, p99_ms: null } as const;

/** Every request a gateway pod counted (all destinations) over the window. */
function podTotal(w: Window, pod: string): ServiceCounters {
  const sum = emptyCounters();
  for (const c of w.byPod.get(pod)?.values() ?? []) add(sum, c);
  return sum;
}

function worst(states: readonly Health[]): { health: Health; reason: string } {
  if (states.length === 0) return { health: 'unknown', reason: 'no targets' };
  const healthy = states.filter((s) => s === 'healthy').length;
  if (healthy === states.length) return { health: 'healthy', reason: '' };
  if (healthy > 0) return { health: 'degraded', reason: `${healthy}/${states.length} healthy` };
  return { health: states[0] ?? 'unknown', reason: `0/${states.length} healthy` };
}

/** The hops in path order: the nodes list is sorted by it (then in discovery order). */
export const KIND_ORDER = [
  'Client',
  'LoadBalancer',
  'Listener',
  'TargetGroup',
  'Target',
  'NodePort',
  'GatewayPod',
  'VirtualServiceRoute',
  'Service',
  'Pod',
] as const;

const rank = (kind: string): number => KIND_ORDER.indexOf(kind as (typeof KIND_ORDER)[number]);

export function buildGraph(input: GraphInput): Graph {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const w = input.window;
  const node = (n: GraphNode): void => {
    if (!nodes.has(n.id)) nodes.set(n.id, n);
  };
  const edge = (
    source: string,
    target: string,
    m: Pick<GraphEdge, 'rps' | 'error_rate' | 'p99_ms'>,
  ): void => {
    const id = `${source}\0${target}`;
    if (!edges.has(id)) edges.set(id, { source, target, ...m });
  };
  const podByKey = new Map(
    input.pods.map((p) => [key(p.metadata.namespace ?? '', p.metadata.name ?? ''), p]),
  );
  const svcByKey = new Map(
    input.services.map((s) => [key(s.metadata.namespace ?? '', s.metadata.name ?? ''), s]),
  );

  // The gateway pods' half: pods -> VirtualService routes -> Services -> pods.
  const gatewayIds = new Map<string, string>();
  for (const gw of input.gateways) {
    const pk = key(gw.namespace, gw.name);
    const pod = podByKey.get(pk);
    const ph = pod ? podHealth(pod) : { health: 'unknown' as Health, reason: 'no such pod' };
    const id = `gateway:${pk}`;
    gatewayIds.set(pk, id);
    const listeners = gw.model?.listeners.map((l) => `${l.port}/${l.protocol}`).join(', ') ?? '';
    const routes = gw.model?.routeConfigs.map((r) => r.name).join(', ') ?? '';
    node({
      id,
      kind: 'GatewayPod',
      name: gw.name,
      namespace: gw.namespace,
      ...ph,
      detail: `listeners ${listeners || 'none'}; route configs ${routes || 'none'}`,
      object: { kind: 'Pod', namespace: gw.namespace, name: gw.name },
    });
    const scrape = w.byPod.get(pk);
    const clusters = new Map(gw.model?.clusters.map((c) => [c.name, c]) ?? []);
    for (const rc of gw.model?.routeConfigs ?? []) {
      for (const vh of rc.virtualHosts) {
        const seen = new Map<string, number>();
        for (const route of vh.routes) {
          const vs = route.virtualService;
          if (!vs) continue;
          const vsKey = key(vs.namespace, vs.name);
          const index = seen.get(vsKey) ?? 0;
          seen.set(vsKey, index + 1);
          const routeId = `vsroute:${vsKey}#${index}`;
          const services: string[] = [];
          if (route.action.type === 'route')
            for (const wc of route.action.clusters) {
              const s = clusters.get(wc.cluster)?.service;
              if (s && !services.includes(key(s.namespace, s.name))) services.push(key(s.namespace, s.name));
            }
          const missing = services.filter((s) => !svcByKey.has(s));
          const target =
            route.action.type === 'route'
              ? services.join(', ')
              : `${route.action.type} ${route.action.type === 'direct' ? route.action.status : route.action.code}`;
          node({
            id: routeId,
            kind: 'VirtualServiceRoute',
            name: `${vs.name} http[${index}]`,
            namespace: vs.namespace,
            health: missing.length ? 'unhealthy' : 'healthy',
            reason: missing.length ? `no Service ${missing.join(', ')}` : '',
            detail: `${vh.domains.join(',')} -> ${target}`,
            object: { kind: 'VirtualService', namespace: vs.namespace, name: vs.name },
          });
          const toRoute = emptyCounters();
          for (const s of services) {
            const c = scrape?.get(s);
            if (c) add(toRoute, c);
          }
          edge(id, routeId, metricsOf(toRoute, w));
          for (const s of services) {
            const all = emptyCounters();
            for (const sc of w.byPod.values()) {
              const c = sc.get(s);
              if (c) add(all, c);
            }
            edge(routeId, `service:${s}`, metricsOf(all, w));
          }
        }
      }
    }
  }

  // Services the routes reach, and their pods.
  const routed = new Set([...edges.values()].map((e) => e.target).filter((t) => t.startsWith('service:')));
  for (const sid of routed) {
    const sk = sid.slice('service:'.length);
    const svc = svcByKey.get(sk);
    const [ns = '', name = ''] = sk.split('/');
    const pods = svc ? input.pods.filter((p) => selects(svc, p)) : [];
    const ready = pods.filter((p) => podHealth(p).health === 'healthy').length;
    node({
      id: sid,
      kind: 'Service',
      name,
      namespace: ns,
      health: !svc ? 'unhealthy' : ready > 0 ? 'healthy' : 'unhealthy',
      reason: !svc ? 'not found' : ready > 0 ? '' : 'no ready endpoints',
      detail: `${ready}/${pods.length} pods ready`,
      ...(svc ? { object: { kind: 'Service', namespace: ns, name } } : {}),
    });
    for (const p of pods) {
      const pk = key(p.metadata.namespace ?? '', p.metadata.name ?? '');
      node({
        id: `pod:${pk}`,
        kind: 'Pod',
        name: p.metadata.name ?? '',
        namespace: p.metadata.namespace ?? '',
        ...podHealth(p),
        detail: `IP ${((p['status'] ?? {}) as PodStatus).podIP ?? 'none'}`,
        object: { kind: 'Pod', namespace: p.metadata.namespace ?? '', name: p.metadata.name ?? '' },
      });
      edge(sid, `pod:${pk}`, NONE);
    }
  }

  // The ALB half: client -> ALB -> listeners -> target groups -> targets -> NodePorts -> gateway pods.
  if (input.alb.loadBalancers.length > 0)
    node({ id: 'client', kind: 'Client', name: 'client', namespace: '', health: 'healthy', reason: '' });
  for (const lb of input.alb.loadBalancers) {
    const lbId = `alb:${lb.name}`;
    const ing = lb.ingresses[0];
    node({
      id: lbId,
      kind: 'LoadBalancer',
      name: lb.name,
      namespace: '',
      health: 'healthy',
      reason: '',
      detail: `${lb.dnsName} (${lb.scheme})`,
      ...(ing ? { object: { kind: 'Ingress', namespace: ing.namespace, name: ing.name } } : {}),
    });
    const lbTotal = emptyCounters();
    for (const tg of lb.targetGroups) {
      const tgId = `tg:${tg.name}`;
      const hs = input.health(tg.arn);
      const agg = worst(hs.map((h) => h.state as Health));
      node({
        id: tgId,
        kind: 'TargetGroup',
        name: tg.name,
        namespace: tg.service.namespace,
        ...agg,
        detail: `${tg.protocol}:${tg.port} -> ${tg.service.name}:${tg.service.port}; health check ${tg.healthCheck.protocol} ${tg.healthCheck.port}${tg.healthCheck.path}`,
        object: { kind: 'Service', namespace: tg.service.namespace, name: tg.service.name },
      });
      const svc = svcByKey.get(key(tg.service.namespace, tg.service.name));
      const gwPods = svc
        ? [...gatewayIds.keys()].filter((pk) => {
            const p = podByKey.get(pk);
            return p !== undefined && selects(svc, p);
          })
        : [];
      const tgTotal = emptyCounters();
      for (const pk of gwPods) add(tgTotal, podTotal(w, pk));
      add(lbTotal, tgTotal);
      for (const l of lb.listeners) {
        const forwards = [...l.defaultActions, ...l.rules.flatMap((r) => r.actions)].some(
          (a) => a.type === 'forward' && a.targetGroups.some((t) => t.targetGroupArn === tg.arn),
        );
        if (forwards) edge(`listener:${l.arn}`, tgId, metricsOf(tgTotal, w));
      }
      const npId = `nodeport:${key(tg.service.namespace, tg.service.name)}:${tg.port}`;
      node({
        id: npId,
        kind: 'NodePort',
        name: `${tg.service.name}:${tg.port}`,
        namespace: tg.service.namespace,
        health: gwPods.length ? 'healthy' : 'unhealthy',
        reason: gwPods.length ? '' : 'no gateway pods behind it',
        object: { kind: 'Service', namespace: tg.service.namespace, name: tg.service.name },
      });
      for (const h of hs) {
        const t = h.target;
        const tId = `target:${tg.name}:${t.id}:${t.port}`;
        const reason = [h.reason, h.description].filter(Boolean).join(': ');
        node({
          id: tId,
          kind: 'Target',
          name: `${t.id}:${t.port}`,
          namespace: '',
          health: h.state,
          reason,
          detail: `health check port ${t.healthCheckPort}`,
          ...(t.node ? { object: { kind: 'Node', namespace: '', name: t.node } } : {}),
        });
        edge(tgId, tId, NONE);
        edge(tId, npId, NONE);
      }
      for (const pk of gwPods) edge(npId, gatewayIds.get(pk)!, metricsOf(podTotal(w, pk), w));
    }
    edge('client', lbId, metricsOf(lbTotal, w));
    for (const l of lb.listeners) {
      const lId = `listener:${l.arn}`;
      const rules = l.rules.map((r) => `${r.priority}: ${r.actions.map((a) => a.type).join('+')}`).join('; ');
      node({
        id: lId,
        kind: 'Listener',
        name: `${lb.name} ${l.protocol}:${l.port}`,
        namespace: '',
        health: 'healthy',
        reason: '',
        detail: `rules ${rules || 'none'}; default ${l.defaultActions.map((a) => a.type).join('+')}`,
        ...(ing ? { object: { kind: 'Ingress', namespace: ing.namespace, name: ing.name } } : {}),
      });
      edge(lbId, lId, NONE);
    }
  }
  return {
    nodes: [...nodes.values()].sort((a, b) => rank(a.kind) - rank(b.kind)),
    edges: [...edges.values()],
    window_seconds: Math.round(w.seconds),
  };
}
