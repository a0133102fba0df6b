// VirtualService -> Gateway references: IST0101 (gateway not found) and IST0132 (no VS host is
// served by the Gateway), as Istio's virtualservice gateway analyzer reports them.
import type { KubeObject } from '../../resources/types.ts';
import { hostNotInGateway, referencedNotFound } from '../../istio/translate/diagnostics.ts';
import {
  intersectHosts,
  namesForNamespace,
  resolveGatewayName,
  sanitizeServerHost,
} from '../../istio/translate/hosts.ts';
import type { GatewaySpec, VirtualServiceSpec } from '../../istio/translate/specs.ts';
import { nameOf, namespaceOf, specOf } from '../../istio/translate/specs.ts';
import { finding } from '../finding.ts';
import type { AnalyzeContext, Finding } from '../types.ts';
import { IST0101, IST0132 } from './codes.ts';

function gatewayHosts(gw: Readonly<KubeObject>, vsNamespace: string): string[] {
  const hosts: string[] = [];
  for (const s of specOf<GatewaySpec>(gw).servers ?? [])
    for (const h of s.hosts ?? []) hosts.push(sanitizeServerHost(h, namespaceOf(gw)));
  return namesForNamespace(hosts, vsNamespace);
}

export function analyzeVirtualServiceGateways(ctx: AnalyzeContext): Finding[] {
  const out: Finding[] = [];
  for (const vs of ctx.ofKind('VirtualService')) {
    const ns = namespaceOf(vs);
    const spec = specOf<VirtualServiceSpec>(vs);
    const vsHosts = spec.hosts ?? [];
    const check = (ref: string, path: (string | number)[], hostCheck: boolean): void => {
      if (ref === 'mesh') return;
      const full = resolveGatewayName(ref, ns);
      const slash = full.indexOf('/');
      const gw = ctx.get('Gateway', full.slice(0, slash), full.slice(slash + 1));
      if (!gw) {
        const d = referencedNotFound(vs, 'gateway', ref, '');
        out.push(finding(IST0101, vs, path, d.message));
        return;
      }
      if (!hostCheck || vsHosts.length === 0) return;
      if (intersectHosts(gatewayHosts(gw, ns), vsHosts).length > 0) return;
      const d = hostNotInGateway(vs, vsHosts.join(' '), `${ns}/${nameOf(vs)}`, full, '');
      out.push(finding(IST0132, vs, ['spec', 'hosts'], d.message));
    };
    (spec.gateways ?? []).forEach((g, i) => {
      check(g, ['spec', 'gateways', i], true);
    });
    (spec.http ?? []).forEach((r, i) => {
      (r.match ?? []).forEach((m, j) => {
        (m.gateways ?? []).forEach((g, k) => {
          check(g, ['spec', 'http', i, 'match', j, 'gateways', k], false);
        });
      });
    });
  }
  return out;
}
