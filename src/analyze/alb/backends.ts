// Which Ingress field sends traffic to which target group, read back from the ALB model: each
// rule's source (Ingress, rule, path) and forward actions, plus the listeners' default actions
// (spec.defaultBackend). The pitfall and cross-hop analyzers start from these.
import type { AlbListener, LoadBalancer, TargetGroup } from '../../alb/model.ts';
import type { FieldPath, KubeObject } from '../../resources/types.ts';
import type { AnalyzeContext } from '../types.ts';
import { albTranslation } from './translation.ts';

export interface AlbBackend {
  lb: LoadBalancer;
  listener: AlbListener;
  ingress: Readonly<KubeObject>;
  /** The backend field in the Ingress (`spec.rules[0].http.paths[1].backend` or `spec.defaultBackend`). */
  path: FieldPath;
  /** The IngressRule index, when the backend is a rule's path. */
  rule?: number;
  tg: TargetGroup;
  service: Readonly<KubeObject> | undefined;
}

function forwardTargets(lb: LoadBalancer, actions: AlbListener['defaultActions']): TargetGroup[] {
  const out: TargetGroup[] = [];
  for (const a of actions) {
    if (a.type !== 'forward') continue;
    for (const t of a.targetGroups) {
      const tg = lb.targetGroups.find((g) => g.arn === t.targetGroupArn);
      if (tg) out.push(tg);
    }
  }
  return out;
}

const cache = new WeakMap<AnalyzeContext, AlbBackend[]>();

/** Every (listener, Ingress backend, target group) of every ALB the context builds (memoized). */
export function albBackends(ctx: AnalyzeContext): AlbBackend[] {
  const hit = cache.get(ctx);
  if (hit) return hit;
  const out: AlbBackend[] = [];
  for (const lb of albTranslation(ctx).model.loadBalancers) {
    const withDefault = lb.ingresses
      .map((r) => ctx.get('Ingress', r.namespace, r.name))
      .find((i) => (i?.['spec'] as { defaultBackend?: unknown } | undefined)?.defaultBackend !== undefined);
    for (const listener of lb.listeners) {
      for (const rule of listener.rules) {
        const ingress = ctx.get('Ingress', rule.source.namespace, rule.source.name);
        if (!ingress) continue;
        for (const tg of forwardTargets(lb, rule.actions))
          out.push({
            lb,
            listener,
            ingress,
            path: ['spec', 'rules', rule.source.rule, 'http', 'paths', rule.source.path, 'backend'],
            rule: rule.source.rule,
            tg,
            service: ctx.get('Service', tg.service.namespace, tg.service.name),
          });
      }
      if (withDefault)
        for (const tg of forwardTargets(lb, listener.defaultActions))
          out.push({
            lb,
            listener,
            ingress: withDefault,
            path: ['spec', 'defaultBackend'],
            tg,
            service: ctx.get('Service', tg.service.namespace, tg.service.name),
          });
    }
  }
  cache.set(ctx, out);
  return out;
}

/** One backend per target group (the first that uses it). */
export function firstPerTargetGroup(backends: readonly AlbBackend[]): AlbBackend[] {
  const seen = new Set<string>();
  return backends.filter((b) => !seen.has(b.tg.arn) && seen.add(b.tg.arn));
}
