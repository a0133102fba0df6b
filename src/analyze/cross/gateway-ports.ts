// GW2003: a server port of a Gateway behind the ALB that is no port (nor targetPort) of the
// gateway Service: istiod opens that port in the pod, but nothing routes there from the ALB.
import { gatewayServers, nsName } from '../alb/gateway-workloads.ts';
import { servicePorts } from '../alb/translation.ts';
import { finding } from '../finding.ts';
import type { AnalyzeContext, Finding } from '../types.ts';
import { GW2003 } from './codes.ts';
import { gatewayFronts } from './fronts.ts';

/** GW2003 for each Gateway server port outside the gateway Service the ALB sends to. */
export function gatewayPorts(ctx: AnalyzeContext): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const f of gatewayFronts(ctx)) {
    const ports = servicePorts(f.service);
    const numbers = new Set(
      ports.flatMap((p) => (typeof p.targetPort === 'number' ? [p.port, p.targetPort] : [p.port])),
    );
    const list = ports.map((p) => `${String(p.port)}->${String(p.targetPort ?? p.port)}`).join(', ');
    const alb = f.port ? ` (the ALB uses ${String(f.port.port)})` : '';
    for (const gw of f.gateways)
      for (const s of gatewayServers(gw)) {
        const n = s.port?.number;
        const key = `${nsName(gw)}/${String(s.index)}/${nsName(f.service)}`;
        if (n === undefined || numbers.has(n) || seen.has(key)) continue;
        seen.add(key);
        out.push(
          finding(
            GW2003,
            gw,
            ['spec', 'servers', s.index, 'port', 'number'],
            `server port ${String(n)} is no port nor targetPort of Service ${nsName(f.service)} that the ALB of Ingress ${nsName(f.backend.ingress)} ` +
              `sends to (ports ${list}): the gateway listens on ${String(n)} in the pod but no traffic from the ALB reaches it; ` +
              `use a port of the Service${alb}`,
          ),
        );
      }
  }
  return out;
}
