// The targets a target group registers (pkg/backend/endpoint_resolver.go, endpoint_utils.go):
// instance mode, every Ready node fit to carry traffic on the NodePort (kube-proxy makes the
// last hop); ip mode, the ready endpoints of the Service's EndpointSlices on the targetPort.
import type { KubeObject } from '../resources/types.ts';
import type { Target, TargetGroup } from './model.ts';

const EXCLUDE_LABEL = 'node.kubernetes.io/exclude-from-external-load-balancers';
const MASTER_LABELS = ['node-role.kubernetes.io/master', 'node-role.kubernetes.io/control-plane'];
const TO_BE_DELETED_TAINT = 'ToBeDeletedByClusterAutoscaler';
const COMPUTE_TYPE_LABEL = 'eks.amazonaws.com/compute-type';
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

interface NodeView extends KubeObject {
  spec?: { taints?: { key?: string }[]; unschedulable?: boolean };
  status?: {
    conditions?: { type?: string; status?: string }[];
    addresses?: { type?: string; address?: string }[];
  };
}

interface SliceView extends KubeObject {
  addressType?: string;
  endpoints?:
    | {
        addresses?: string[];
        conditions?: { ready?: boolean | null; serving?: boolean | null; terminating?: boolean | null };
        nodeName?: string;
        targetRef?: { kind?: string; namespace?: string; name?: string };
      }[]
    | null;
  ports?: { name?: string | null; port?: number | null }[] | null;
}

export interface TargetSnapshot {
  nodes: readonly Readonly<KubeObject>[];
  endpointSlices: readonly Readonly<KubeObject>[];
  pods?: readonly Readonly<KubeObject>[];
}

/** Whether the controller registers `node` as an instance target. */
export function isNodeSuitable(
  node: Readonly<KubeObject>,
  selector?: Readonly<Record<string, string>>,
): boolean {
  const n = node as Readonly<NodeView>;
  const labels = n.metadata.labels ?? {};
  if (labels[EXCLUDE_LABEL] !== undefined) return false;
  if (MASTER_LABELS.some((l) => labels[l] !== undefined)) return false;
  if (labels[COMPUTE_TYPE_LABEL] === 'fargate') return false;
  if ((n.spec?.taints ?? []).some((t) => t.key === TO_BE_DELETED_TAINT)) return false;
  if (selector && Object.entries(selector).some(([k, v]) => labels[k] !== v)) return false;
  return (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function internalIP(node: Readonly<NodeView>): string | undefined {
  return node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
}

function byId(a: Target, b: Target): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : a.port - b.port;
}

/** The targets of `tg`, sorted by id. */
export function resolveTargets(tg: TargetGroup, snapshot: TargetSnapshot): Target[] {
  const hc = tg.healthCheck.port;
  const out: Target[] = [];
  if (tg.targetType === 'instance') {
    for (const node of snapshot.nodes as readonly Readonly<NodeView>[]) {
      if (!isNodeSuitable(node, tg.nodeSelector)) continue;
      const address = internalIP(node);
      const name = node.metadata.name ?? '';
      if (!address) continue;
      out.push({
        id: name,
        address,
        port: tg.port,
        healthCheckPort: hc === 'traffic-port' ? tg.port : hc,
        node: name,
      });
    }
    return out.sort(byId);
  }
  const seen = new Set<string>();
  const portName = tg.service.portName ?? (typeof tg.service.port === 'string' ? tg.service.port : undefined);
  for (const s of snapshot.endpointSlices as readonly Readonly<SliceView>[]) {
    if (s.metadata.namespace !== tg.service.namespace) continue;
    if (s.metadata.labels?.[SERVICE_NAME_LABEL] !== tg.service.name) continue;
    if (s.addressType !== undefined && s.addressType !== 'IPv4') continue;
    const ports = s.ports ?? [];
    const sp =
      portName !== undefined
        ? ports.find((p) => (p.name ?? '') === portName)
        : ports.length === 1
          ? ports[0]
          : undefined;
    const port = sp?.port;
    if (typeof port !== 'number') continue;
    for (const ep of s.endpoints ?? []) {
      const c = ep.conditions ?? {};
      if (c.ready === false || c.terminating === true) continue;
      for (const ip of ep.addresses ?? []) {
        const k = `${ip}:${port}`;
        if (seen.has(k)) continue;
        seen.add(k);
        const t: Target = { id: ip, address: ip, port, healthCheckPort: hc === 'traffic-port' ? port : hc };
        if (ep.nodeName) t.node = ep.nodeName;
        if (ep.targetRef?.kind === 'Pod' && ep.targetRef.name) {
          t.pod = {
            namespace: ep.targetRef.namespace ?? s.metadata.namespace ?? '',
            name: ep.targetRef.name,
          };
        }
        out.push(t);
      }
    }
  }
  return out.sort(byId);
}
