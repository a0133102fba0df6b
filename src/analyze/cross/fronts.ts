// Where the ALB meets Istio: each Ingress backend whose Service fronts Istio gateway pods, with
// the Service port the ALB sends to, the gateway workloads behind it and the Gateways that
// select them. The GW2xxx analyzers all start from these.
import type { AlbBackend } from '../alb/backends.ts';
import { albBackends } from '../alb/backends.ts';
import { gatewaysSelecting, isGatewayService, workloadsBehind } from '../alb/gateway-workloads.ts';
import type { ServicePort } from '../alb/translation.ts';
import { servicePorts } from '../alb/translation.ts';
import type { FieldPath, KubeObject } from '../../resources/types.ts';
import type { AnalyzeContext, Workload } from '../types.ts';
import { externalDnsHostnames, EXTERNAL_DNS_HOSTNAME } from './host-match.ts';

export interface GatewayFront {
  backend: AlbBackend;
  service: Readonly<KubeObject>;
  /** The Service port the target group resolves (undefined if the Service lacks it). */
  port: ServicePort | undefined;
  workloads: Workload[];
  gateways: Readonly<KubeObject>[];
  /** The listener protocols ('HTTP', 'HTTPS') that forward through this backend. */
  protocols: Set<string>;
}

const cache = new WeakMap<AnalyzeContext, GatewayFront[]>();

/** The ALB backends that forward to Istio gateway pods, one per (Ingress field, target group). */
export function gatewayFronts(ctx: AnalyzeContext): GatewayFront[] {
  const hit = cache.get(ctx);
  if (hit) return hit;
  const byKey = new Map<string, GatewayFront>();
  for (const b of albBackends(ctx)) {
    const svc = b.service;
    if (!svc || !isGatewayService(ctx, svc)) continue;
    const key = `${b.ingress.metadata.namespace ?? ''}/${b.ingress.metadata.name ?? ''}/${b.path.join('.')}/${b.tg.arn}`;
    const seen = byKey.get(key);
    if (seen) {
      seen.protocols.add(b.listener.protocol);
      continue;
    }
    const want = b.tg.service.port;
    const workloads = workloadsBehind(ctx, svc);
    byKey.set(key, {
      backend: b,
      service: svc,
      port: servicePorts(svc).find((p) => (typeof want === 'number' ? p.port === want : p.name === want)),
      workloads,
      gateways: gatewaysSelecting(ctx, workloads),
      protocols: new Set([b.listener.protocol]),
    });
  }
  const out = [...byKey.values()];
  cache.set(ctx, out);
  return out;
}

export interface IngressHost {
  host: string;
  path: FieldPath;
  /** 'rule host' or 'external-dns hostname'. */
  what: string;
}

/** The hosts that reach the gateway through `f`: the rule's host, else the external-dns hostnames. */
export function frontHosts(f: GatewayFront): IngressHost[] {
  const ing = f.backend.ingress;
  const r = f.backend.rule;
  const rules = (ing['spec'] as { rules?: { host?: string }[] } | undefined)?.rules ?? [];
  const host = r === undefined ? undefined : rules[r]?.host;
  if (host !== undefined && host !== '')
    return [{ host, path: ['spec', 'rules', r!, 'host'], what: 'rule host' }];
  return externalDnsHostnames(ing.metadata.annotations).map((h) => ({
    host: h,
    path: ['metadata', 'annotations', EXTERNAL_DNS_HOSTNAME],
    what: 'external-dns hostname',
  }));
}

/** Server port numbers that serve the Service port the ALB sends to (port or targetPort). */
export function portNumbers(p: ServicePort | undefined): number[] {
  if (!p) return [];
  return typeof p.targetPort === 'number' ? [p.port, p.targetPort] : [p.port];
}
