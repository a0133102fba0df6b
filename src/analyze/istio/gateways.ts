// Gateway checks against workloads and Services: IST0101 (selector matches no workload),
// IST0162 (server port neither port nor targetPort of the workload's Services) and IST0145
// (another Gateway with the same selector serves the same port and an overlapping host).
import type { KubeObject } from '../../resources/types.ts';
import { portNotOnService, referencedNotFound } from '../../istio/translate/diagnostics.ts';
import { intersectHosts, stripNamespace } from '../../istio/translate/hosts.ts';
import type { GatewaySpec, ServiceSpec } from '../../istio/translate/specs.ts';
import { nameOf, namespaceOf, specOf } from '../../istio/translate/specs.ts';
import { finding } from '../finding.ts';
import type { AnalyzeContext, Finding } from '../types.ts';
import { IST0101, IST0145, IST0162 } from './codes.ts';
import { selectedWorkloads, selectorString, servicesSelecting } from './lookup.ts';

function analyzeWorkloadPorts(ctx: AnalyzeContext, gw: Readonly<KubeObject>, out: Finding[]): void {
  const spec = specOf<GatewaySpec>(gw);
  const sel = selectorString(spec.selector);
  const workloads = selectedWorkloads(ctx, spec.selector);
  if (workloads.length === 0) {
    out.push(finding(IST0101, gw, ['spec', 'selector'], referencedNotFound(gw, 'selector', sel, '').message));
    return;
  }
  const ports = new Set<number>();
  for (const w of workloads)
    for (const svc of servicesSelecting(ctx, w))
      for (const p of specOf<ServiceSpec>(svc).ports ?? []) {
        if (typeof p.port === 'number') ports.add(p.port);
        if (typeof p.targetPort === 'number') ports.add(p.targetPort);
      }
  (spec.servers ?? []).forEach((s, i) => {
    const n = s.port?.number;
    if (typeof n !== 'number' || ports.has(n)) return;
    const msg = portNotOnService(gw, n, sel, '').message;
    out.push(finding(IST0162, gw, ['spec', 'servers', i, 'port', 'number'], msg));
  });
}

function analyzeConflicts(gateways: readonly Readonly<KubeObject>[], out: Finding[]): void {
  for (const gw of gateways) {
    const spec = specOf<GatewaySpec>(gw);
    const sel = selectorString(spec.selector);
    (spec.servers ?? []).forEach((s, i) => {
      const port = s.port?.number;
      if (typeof port !== 'number') return;
      const mine = (s.hosts ?? []).map(stripNamespace);
      const others: string[] = [];
      const shared: string[] = [];
      for (const other of gateways) {
        if (other === gw) continue;
        const os = specOf<GatewaySpec>(other);
        if (selectorString(os.selector) !== sel) continue;
        let hit = false;
        for (const s2 of os.servers ?? []) {
          if (s2.port?.number !== port) continue;
          const common = intersectHosts(mine, (s2.hosts ?? []).map(stripNamespace));
          if (common.length === 0) continue;
          hit = true;
          for (const h of common) if (!shared.includes(h)) shared.push(h);
        }
        if (hit) others.push(`${namespaceOf(other)}/${nameOf(other)}`);
      }
      if (others.length === 0) return;
      const msg = `Conflict with gateways ${others.sort().join(',')} (workload selector ${sel}, port ${String(port)}, hosts ${shared.join(',')}).`;
      out.push(finding(IST0145, gw, ['spec', 'servers', i], msg));
    });
  }
}

export function analyzeGateways(ctx: AnalyzeContext): Finding[] {
  const out: Finding[] = [];
  const gateways = ctx.ofKind('Gateway');
  for (const gw of gateways) analyzeWorkloadPorts(ctx, gw, out);
  analyzeConflicts(gateways, out);
  return out;
}
