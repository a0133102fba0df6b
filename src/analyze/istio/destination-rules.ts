// DestinationRule checks: IST0174 (the host is no known Service) and IST0173 (a subset selects
// no pod of the Service, so routes to it answer 503 UH).
import type { DestinationRuleSpec, ServiceSpec } from '../../istio/translate/specs.ts';
import { labelsMatch, namespaceOf, specOf } from '../../istio/translate/specs.ts';
import { finding } from '../finding.ts';
import type { AnalyzeContext, Finding } from '../types.ts';
import { IST0173, IST0174 } from './codes.ts';
import { serviceForHost } from './lookup.ts';

export function analyzeDestinationRules(ctx: AnalyzeContext): Finding[] {
  const out: Finding[] = [];
  for (const dr of ctx.ofKind('DestinationRule')) {
    const spec = specOf<DestinationRuleSpec>(dr);
    const host = spec.host ?? '';
    if (host === '' || host.startsWith('*')) continue;
    const svc = serviceForHost(ctx, host, namespaceOf(dr));
    if (!svc) {
      const msg = `The host ${host} defined in the DestinationRule does not match any services in the mesh.`;
      out.push(finding(IST0174, dr, ['spec', 'host'], msg));
      continue;
    }
    const svcNs = namespaceOf(svc);
    const selector = specOf<ServiceSpec>(svc).selector;
    if (!selector || Object.keys(selector).length === 0) continue;
    (spec.subsets ?? []).forEach((s, i) => {
      const labels = s.labels ?? {};
      const any = ctx.workloads.some(
        (w) => w.namespace === svcNs && labelsMatch(selector, w.labels) && labelsMatch(labels, w.labels),
      );
      if (any) return;
      const msg = `The Subset ${s.name ?? ''} defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).`;
      out.push(finding(IST0173, dr, ['spec', 'subsets', i], msg));
    });
  }
  return out;
}
