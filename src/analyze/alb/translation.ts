// The ALB translator run over an analyzer context, once per context: the Ingresses,
// IngressClasses, Services and Nodes it holds. Offline, Services have no nodePorts yet (the API
// server allocates them), so NodePort/LoadBalancer ports get stand-in nodePorts for the build;
// `declaredNodePorts` keeps what the objects really say.
import { translateAlb } from '../../alb/translate/index.ts';
import type { AlbTranslation } from '../../alb/translate/index.ts';
import type { KubeObject } from '../../resources/types.ts';
import { withStandInNodePorts } from '../offline.ts';
import type { AnalyzeContext } from '../types.ts';

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  nodePort?: number;
}

const cache = new WeakMap<AnalyzeContext, AlbTranslation>();

/** The Service's spec.ports as written. */
export function servicePorts(svc: Readonly<KubeObject> | undefined): ServicePort[] {
  const spec = svc?.['spec'] as { ports?: unknown } | undefined;
  return Array.isArray(spec?.ports) ? (spec.ports as ServicePort[]) : [];
}

export function serviceType(svc: Readonly<KubeObject>): string {
  const spec = svc['spec'] as { type?: unknown } | undefined;
  return typeof spec?.type === 'string' ? spec.type : 'ClusterIP';
}

/** The nodePorts the Service object really carries. */
export function declaredNodePorts(svc: Readonly<KubeObject> | undefined): number[] {
  return servicePorts(svc).flatMap((p) => (typeof p.nodePort === 'number' ? [p.nodePort] : []));
}

/** translateAlb over the context (memoized). */
export function albTranslation(ctx: AnalyzeContext): AlbTranslation {
  const hit = cache.get(ctx);
  if (hit) return hit;
  const services = ctx.ofKind('Service');
  const t = translateAlb(
    {
      ingresses: ctx.ofKind('Ingress'),
      ingressClasses: ctx.ofKind('IngressClass'),
      services: ctx.live ? services : withStandInNodePorts(services),
      nodes: ctx.ofKind('Node'),
    },
    { region: ctx.region, accountId: ctx.accountId },
  );
  cache.set(ctx, t);
  return t;
}
