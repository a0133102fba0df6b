// The ALB health-check pitfalls in front of an Istio gateway: checking the traffic port (the
// gateway's router answers 404), a literal healthcheck-port that is no nodePort of the Service
// (the article's "30218"), and target-group annotations on the Ingress that the Service overrides.
import { annotationScope } from '../../alb/annotations.ts';
import type { FieldPath, KubeObject } from '../../resources/types.ts';

import { finding } from '../finding.ts';
import type { AnalyzeContext, Finding } from '../types.ts';
import { albBackends, firstPerTargetGroup } from './backends.ts';
import type { AlbBackend } from './backends.ts';
import { GW1101, GW1102, GW1103 } from './codes.ts';
import { isGatewayService, nsName } from './gateway-workloads.ts';
import { declaredNodePorts, servicePorts } from './translation.ts';

const PREFIX = 'alb.ingress.kubernetes.io/';
const HC_PORT = `${PREFIX}healthcheck-port`;
const FIX = `set ${HC_PORT}: status-port and ${PREFIX}healthcheck-path: /healthz/ready`;

function annotation(o: Readonly<KubeObject> | undefined, key: string): string | undefined {
  return o?.metadata.annotations?.[key];
}

/** Where the effective value of `key` comes from: the Service wins over the Ingress. */
function effective(
  b: AlbBackend,
  key: string,
): { subject: Readonly<KubeObject>; path: FieldPath; value: string } | undefined {
  for (const o of [b.service, b.ingress]) {
    const value = annotation(o, key);
    if (o && value !== undefined) return { subject: o, path: ['metadata', 'annotations', key], value };
  }
  return undefined;
}

function trafficPort(ctx: AnalyzeContext, b: AlbBackend): Finding | undefined {
  const svc = b.service;
  if (!svc || !isGatewayService(ctx, svc)) return undefined;
  const hc = b.tg.healthCheck;
  if (hc.port !== 'traffic-port' && hc.port !== b.tg.port) return undefined;
  const at = effective(b, HC_PORT);
  const status = servicePorts(svc).some((p) => p.name === 'status-port');
  const msg =
    `target group ${b.tg.name} health-checks the traffic port of Istio gateway Service ${nsName(svc)}: ` +
    `the gateway answers 404 to "${hc.protocol} GET ${hc.path}" (no Gateway host matches the target's IP), every target turns unhealthy ` +
    `and fail-open hides it; ${FIX} on the Service${status ? '' : ' (after adding its status-port 15021)'}`;
  return at ? finding(GW1101, at.subject, at.path, msg) : finding(GW1101, b.ingress, b.path, msg);
}

function literalPort(b: AlbBackend): Finding | undefined {
  const at = effective(b, HC_PORT);
  if (!at || !/^\d+$/.test(at.value) || b.tg.targetType !== 'instance' || !b.service) return undefined;
  const nodePorts = declaredNodePorts(b.service);
  if (nodePorts.includes(Number(at.value))) return undefined;
  const svc = nsName(b.service);
  const have =
    nodePorts.length > 0
      ? `its nodePorts are ${servicePorts(b.service)
          .filter((p) => p.nodePort !== undefined)
          .map((p) => `${p.name ?? p.port}:${String(p.nodePort)}`)
          .join(', ')}`
      : 'its nodePorts are allocated when it is created and change when it is re-created';
  return finding(
    GW1102,
    at.subject,
    at.path,
    `healthcheck-port "${at.value}" is no nodePort of Service ${svc} (${have}): every health check of target group ${b.tg.name} fails; ` +
      `use the named port instead (${HC_PORT}: status-port resolves to its current nodePort)`,
  );
}

function overridden(b: AlbBackend): Finding[] {
  if (!b.service) return [];
  const out: Finding[] = [];
  const anns = b.ingress.metadata.annotations ?? {};
  for (const key of Object.keys(anns).sort()) {
    if (!key.startsWith(PREFIX) || annotationScope(key.slice(PREFIX.length)) !== 'ingress+service') continue;
    const theirs = annotation(b.service, key);
    if (theirs === undefined || theirs === anns[key]) continue;
    out.push(
      finding(
        GW1103,
        b.ingress,
        ['metadata', 'annotations', key],
        `${key} "${anns[key] ?? ''}" is overridden by Service ${nsName(b.service)}, which sets "${theirs}": ` +
          `the Service's annotation wins for its target group ${b.tg.name}; change it on the Service, or remove one of them`,
      ),
    );
  }
  return out;
}

/** GW1101, GW1102, GW1103 over every target group the ALBs forward to. */
export function healthChecks(ctx: AnalyzeContext): Finding[] {
  const out: Finding[] = [];
  for (const b of firstPerTargetGroup(albBackends(ctx))) {
    const t = trafficPort(ctx, b);
    if (t) out.push(t);
    const l = literalPort(b);
    if (l) out.push(l);
    out.push(...overridden(b));
  }
  return out;
}
