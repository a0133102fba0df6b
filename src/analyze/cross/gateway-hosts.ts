// GW2001 and GW2002: does a Gateway take the traffic the ALB hands to the gateway pods? No
// Gateway selecting the pods (no listener: connection refused, ALB 502), or no server on the
// port the ALB reaches accepting the Ingress's host (every request 404s at the gateway).
import { formatLabels, gatewaySelector, gatewayServers, nsName } from '../alb/gateway-workloads.ts';
import { finding } from '../finding.ts';
import type { AnalyzeContext, Finding } from '../types.ts';
import { GW2001, GW2002 } from './codes.ts';
import { frontHosts, gatewayFronts, portNumbers } from './fronts.ts';
import type { GatewayFront } from './fronts.ts';
import { hostsIntersect, serverHost } from './host-match.ts';

function podLabels(f: GatewayFront): string {
  const w = f.workloads[0];
  if (!w) return 'none: the Service selects no workload';
  const l = w.labels;
  const keys = ['istio', 'app'].filter((k) => l[k] !== undefined);
  return formatLabels(Object.fromEntries(keys.map((k) => [k, l[k]!])));
}

function noGateway(ctx: AnalyzeContext, f: GatewayFront): Finding[] {
  const svc = nsName(f.service);
  const target =
    f.port && typeof f.port.targetPort === 'number' ? ` on targetPort ${String(f.port.targetPort)}` : '';
  const out = [
    finding(
      GW2002,
      f.backend.ingress,
      f.backend.path,
      `no Gateway selects the gateway pods behind Service ${svc} (labels ${podLabels(f)}): they open no listener${target}, ` +
        `so the ALB's connections are refused and it answers 502; add a Gateway whose spec.selector matches those labels`,
    ),
  ];
  // Gateways that accept the Ingress's hosts but select other pods: their selector is the mistake.
  const hosts = frontHosts(f);
  for (const gw of ctx.ofKind('Gateway')) {
    const accepts = gatewayServers(gw).some((s) =>
      (s.hosts ?? []).some((h) => hosts.some((x) => hostsIntersect(serverHost(h), x.host))),
    );
    if (!accepts) continue;
    out.push(
      finding(
        GW2002,
        gw,
        ['spec', 'selector'],
        `selector ${formatLabels(gatewaySelector(gw))} matches no gateway pod behind Service ${svc}, where the ALB of Ingress ${nsName(f.backend.ingress)} ` +
          `sends its hosts (pod labels ${podLabels(f)}): the Gateway never applies to that traffic; select those pods (e.g. istio: ingressgateway)`,
      ),
    );
  }
  return out;
}

function unacceptedHosts(f: GatewayFront): Finding[] {
  const ports = portNumbers(f.port);
  const servers = f.gateways.flatMap((gw) =>
    gatewayServers(gw)
      .filter((s) => s.port?.number !== undefined && ports.includes(s.port.number))
      .map((s) => ({ gw, s })),
  );
  const out: Finding[] = [];
  for (const h of frontHosts(f)) {
    if (servers.some(({ s }) => (s.hosts ?? []).some((x) => hostsIntersect(serverHost(x), h.host)))) continue;
    const listed = servers.map(({ gw, s }) => `${nsName(gw)} [${(s.hosts ?? []).join(' ')}]`).join(', ');
    const port = f.port ? `port ${String(f.port.port)}` : 'the port';
    out.push(
      finding(
        GW2001,
        f.backend.ingress,
        h.path,
        `${h.what} "${h.host}" is accepted by no Gateway server on ${port} of the gateway pods behind Service ${nsName(f.service)} ` +
          `(${listed === '' ? 'no server on that port' : `servers: ${listed}`}): every request for it gets 404 from the gateway; ` +
          `add "${h.host}" to a Gateway server's hosts (and the VirtualService's), or fix the hostname`,
      ),
    );
  }
  return out;
}

/** GW2001 and GW2002 over every ALB backend that reaches Istio gateway pods. */
export function gatewayHosts(ctx: AnalyzeContext): Finding[] {
  const out: Finding[] = [];
  for (const f of gatewayFronts(ctx))
    out.push(...(f.gateways.length === 0 ? noGateway(ctx, f) : unacceptedHosts(f)));
  return out;
}
