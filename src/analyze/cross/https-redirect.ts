// GW2004: `tls.httpsRedirect: true` on a Gateway server behind an ALB that terminates TLS and
// forwards plain HTTP. The gateway sees an HTTP connection and, not trusting the ALB's
// X-Forwarded-Proto: https without gatewayTopology.numTrustedProxies, redirects to https://
// forever (the browser follows it back to the ALB, which forwards HTTP again).
import type { KubeObject } from '../../resources/types.ts';
import { gatewayServers, nsName } from '../alb/gateway-workloads.ts';
import { finding } from '../finding.ts';
import type { AnalyzeContext, Finding, Workload } from '../types.ts';
import { GW2004 } from './codes.ts';
import { gatewayFronts } from './fronts.ts';

const TRUSTED = /numTrustedProxies"?\s*:\s*(\d+)/;

function trusted(text: unknown): boolean {
  return typeof text === 'string' && Number(TRUSTED.exec(text)?.[1] ?? 0) > 0;
}

function meshTrustsProxies(ctx: AnalyzeContext): boolean {
  for (const op of ctx.ofKind('IstioOperator')) {
    const spec = op['spec'] as
      { meshConfig?: { defaultConfig?: { gatewayTopology?: { numTrustedProxies?: unknown } } } } | undefined;
    const n = spec?.meshConfig?.defaultConfig?.gatewayTopology?.numTrustedProxies;
    if (typeof n === 'number' && n > 0) return true;
  }
  const cm = ctx.get('ConfigMap', 'istio-system', 'istio');
  return trusted((cm?.['data'] as Record<string, unknown> | undefined)?.['mesh']);
}

function podTrustsProxies(w: Workload): boolean {
  const o: Readonly<KubeObject> = w.object;
  const anns =
    o.kind === 'Pod'
      ? o.metadata.annotations
      : (o['spec'] as { template?: { metadata?: { annotations?: Record<string, string> } } } | undefined)
          ?.template?.metadata?.annotations;
  return trusted(anns?.['proxy.istio.io/config']);
}

/** GW2004 for httpsRedirect servers of Gateways reached through an HTTPS listener over HTTP. */
export function httpsRedirect(ctx: AnalyzeContext): Finding[] {
  if (meshTrustsProxies(ctx)) return [];
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const f of gatewayFronts(ctx)) {
    if (!f.protocols.has('HTTPS') || f.backend.tg.protocol !== 'HTTP') continue;
    if (f.workloads.length > 0 && f.workloads.every(podTrustsProxies)) continue;
    for (const gw of f.gateways)
      for (const s of gatewayServers(gw)) {
        const key = `${nsName(gw)}/${String(s.index)}`;
        if (s.tls?.httpsRedirect !== true || seen.has(key)) continue;
        seen.add(key);
        out.push(
          finding(
            GW2004,
            gw,
            ['spec', 'servers', s.index, 'tls', 'httpsRedirect'],
            `httpsRedirect behind the ALB of Ingress ${nsName(f.backend.ingress)}, which terminates TLS and forwards plain HTTP to Service ${nsName(f.service)}: ` +
              `the gateway does not trust the ALB's X-Forwarded-Proto: https without numTrustedProxies, so it answers every request with 301 to https:// ` +
              `and the client loops; drop httpsRedirect and use the ALB's ssl-redirect annotation, or set meshConfig.defaultConfig.gatewayTopology.numTrustedProxies: 1`,
          ),
        );
      }
  }
  return out;
}
