// Istio gateway workloads as the analyzers see them: the workloads a Service selects, whether
// they are gateway pods, and the Gateways whose selector picks them.
import type { KubeObject } from '../../resources/types.ts';
import type { AnalyzeContext, Workload } from '../types.ts';
import { servicePorts } from './translation.ts';

export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (typeof x === 'string') out[k] = x;
  return out;
}

export function matchesLabels(
  selector: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>>,
): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

export function formatLabels(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** The workloads a Service's selector picks (none for a selector-less Service). */
export function workloadsBehind(ctx: AnalyzeContext, svc: Readonly<KubeObject>): Workload[] {
  const selector = stringMap((svc['spec'] as { selector?: unknown } | undefined)?.selector);
  if (Object.keys(selector).length === 0) return [];
  const ns = svc.metadata.namespace ?? 'default';
  return ctx.workloads.filter((w) => w.namespace === ns && matchesLabels(selector, w.labels));
}

function isGatewayWorkload(w: Workload): boolean {
  const istio = w.labels['istio'];
  return (
    (istio !== undefined && istio.endsWith('gateway')) ||
    w.labels['gateway.istio.io/managed'] !== undefined ||
    w.labels['app'] === 'istio-ingressgateway'
  );
}

/** The Service fronts Istio gateway pods (by their labels, or a status-port 15021). */
export function isGatewayService(ctx: AnalyzeContext, svc: Readonly<KubeObject>): boolean {
  if (workloadsBehind(ctx, svc).some(isGatewayWorkload)) return true;
  return servicePorts(svc).some((p) => p.name === 'status-port' || p.port === 15021);
}

export interface GatewayServer {
  index: number;
  port?: { number?: number; name?: string; protocol?: string };
  hosts?: string[];
  tls?: { httpsRedirect?: boolean; mode?: string };
}

export function gatewayServers(gw: Readonly<KubeObject>): GatewayServer[] {
  const servers = (gw['spec'] as { servers?: unknown } | undefined)?.servers;
  if (!Array.isArray(servers)) return [];
  return (servers as Omit<GatewayServer, 'index'>[]).map((s, index) => ({ ...s, index }));
}

export function gatewaySelector(gw: Readonly<KubeObject>): Record<string, string> {
  return stringMap((gw['spec'] as { selector?: unknown } | undefined)?.selector);
}

/** Gateways (any namespace, as istiod scopes them by default) that select one of `workloads`. */
export function gatewaysSelecting(
  ctx: AnalyzeContext,
  workloads: readonly Workload[],
): Readonly<KubeObject>[] {
  return ctx.ofKind('Gateway').filter((gw) => {
    const sel = gatewaySelector(gw);
    return workloads.some((w) => matchesLabels(sel, w.labels));
  });
}

/** `namespace/name` of an object. */
export function nsName(o: Readonly<KubeObject>): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}
