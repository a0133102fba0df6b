// Gateway servers for one proxy (istiod's MergeGateways): Gateways whose selector matches the
// pod, server ports resolved through the pod's Services (port -> targetPort, else literal), and
// servers merged per resolved port: plain HTTP servers share `http.<port>`, TLS servers get a
// filter chain each, anything else on a taken port is dropped.
import type { KubeObject } from '../../resources/types.ts';
import type { TranslateContext } from './context.ts';
import { portNotOnService, serverConflict } from './diagnostics.ts';
import { sanitizeServerHost, stripNamespace } from './hosts.ts';
import type { GatewaySpec, ServerSpec, ServiceSpec } from './specs.ts';
import { byCreation, labelsMatch, nameOf, namespaceOf, specOf } from './specs.ts';

export interface BoundServer {
  gateway: Readonly<KubeObject>;
  gatewayName: string;
  gatewayNamespace: string;
  /** `ns/name`, as VirtualServices name it. */
  gatewayKey: string;
  server: ServerSpec;
  /** Server hosts after MergeGateways sanitising (`./h` -> `<gwNs>/h`, `*\/h` -> `h`). */
  hosts: string[];
  portNumber: number;
  portName: string;
  protocol: string;
  field: string;
}

export type PortKind = 'HTTP' | 'TLS' | 'TCP';

export interface MergedPort {
  port: number; // resolved (target) port
  bind: string; // '' = 0.0.0.0
  kind: PortKind;
  servers: BoundServer[];
}

const HTTP_PROTOCOLS = new Set(['HTTP', 'HTTP2', 'GRPC', 'GRPC-WEB']);
/** Ports Envoy's bootstrap already listens on. */
const RESERVED_PORTS = new Set([15000, 15021, 15090]);

export function isHttpProtocol(p: string): boolean {
  return HTTP_PROTOCOLS.has(p);
}

/** gateway.IsTLSServer: TLS settings on a non-HTTP server (httpsRedirect servers are HTTP). */
export function isTlsServer(s: BoundServer): boolean {
  return s.server.tls !== undefined && s.server.tls !== null && !isHttpProtocol(s.protocol);
}

export function isPassthrough(s: BoundServer): boolean {
  const mode = s.server.tls?.mode ?? 'SIMPLE';
  return mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH';
}

function selectorString(sel: Record<string, string> | undefined): string {
  return Object.keys(sel ?? {})
    .sort()
    .map((k) => `${k}=${sel?.[k] ?? ''}`)
    .join(',');
}

/** Services of the proxy's namespace whose selector matches its labels (its Kubernetes Services). */
function proxyServices(ctx: TranslateContext): ServiceSpec[] {
  const out: ServiceSpec[] = [];
  for (const svc of ctx.services.values()) {
    if (svc.namespace !== ctx.proxy.namespace) continue;
    const sel = svc.spec.selector;
    if (!sel || Object.keys(sel).length === 0 || svc.spec.type === 'ExternalName') continue;
    if (labelsMatch(sel, ctx.proxy.labels)) out.push(svc.spec);
  }
  return out;
}

/** resolvePorts: the targetPorts of Service ports numbered `number`, sorted; else the literal number. */
export function resolvePorts(
  number: number,
  services: readonly ServiceSpec[],
): { ports: number[]; onService: boolean } {
  const ports = new Set<number>();
  let onService = false;
  for (const svc of services) {
    for (const p of svc.ports ?? []) {
      if (p.targetPort === number) onService = true;
      if (p.port !== number) continue;
      onService = true;
      const target = p.targetPort === undefined ? p.port : p.targetPort;
      if (typeof target === 'number' && target !== 0) ports.add(target);
    }
  }
  if (ports.size === 0) return { ports: [number], onService };
  return { ports: [...ports].sort((a, b) => a - b), onService };
}

/** The Gateways selecting the proxy, oldest first. */
export function selectGateways(
  ctx: TranslateContext,
  gateways: readonly Readonly<KubeObject>[],
): Readonly<KubeObject>[] {
  return byCreation(gateways).filter((gw) => labelsMatch(specOf<GatewaySpec>(gw).selector, ctx.proxy.labels));
}

function boundServer(gw: Readonly<KubeObject>, server: ServerSpec, index: number): BoundServer {
  const gatewayName = nameOf(gw);
  const gatewayNamespace = namespaceOf(gw);
  return {
    gateway: gw,
    gatewayName,
    gatewayNamespace,
    gatewayKey: `${gatewayNamespace}/${gatewayName}`,
    server,
    hosts: (server.hosts ?? []).map((h) => sanitizeServerHost(h, gatewayNamespace)),
    portNumber: server.port?.number ?? 0,
    portName: server.port?.name ?? '',
    protocol: (server.port?.protocol ?? '').toUpperCase(),
    field: `spec.servers[${index}]`,
  };
}

function kindOf(s: BoundServer): PortKind {
  if (isTlsServer(s)) return 'TLS';
  return isHttpProtocol(s.protocol) ? 'HTTP' : 'TCP';
}

/** MergeGateways: the selected Gateways' servers grouped per (bind, resolved port), sorted by port. */
export function mergeServers(ctx: TranslateContext, gateways: readonly Readonly<KubeObject>[]): MergedPort[] {
  const services = proxyServices(ctx);
  const merged = new Map<string, MergedPort>();
  const tlsHosts = new Map<string, Set<string>>();
  for (const gw of gateways) {
    const spec = specOf<GatewaySpec>(gw);
    (spec.servers ?? []).forEach((server, index) => {
      const s = boundServer(gw, server, index);
      if (s.portNumber <= 0) return;
      const { ports, onService } = resolvePorts(s.portNumber, services);
      if (!onService && services.length > 0)
        ctx.sink.add(
          portNotOnService(gw, s.portNumber, selectorString(spec.selector), `${s.field}.port.number`),
        );
      for (const port of ports) addServer(ctx, merged, tlsHosts, s, port);
    });
  }
  return [...merged.values()].sort(
    (a, b) => a.port - b.port || (a.bind < b.bind ? -1 : a.bind > b.bind ? 1 : 0),
  );
}

function addServer(
  ctx: TranslateContext,
  merged: Map<string, MergedPort>,
  tlsHosts: Map<string, Set<string>>,
  s: BoundServer,
  port: number,
): void {
  const bind = s.server.bind ?? '';
  const key = `${bind}:${port}`;
  const kind = kindOf(s);
  if (RESERVED_PORTS.has(port)) {
    ctx.sink.add(
      serverConflict(s.gateway, `port ${port} is taken by the proxy's own listener; server ignored`, s.field),
    );
    return;
  }
  const current = merged.get(key);
  if (!current) {
    merged.set(key, { port, bind, kind, servers: [s] });
    if (kind === 'TLS') tlsHosts.set(key, new Set(s.hosts.map(stripNamespace)));
    return;
  }
  if (kind === 'HTTP' && current.kind === 'HTTP') {
    current.servers.push(s);
    return;
  }
  if (kind === 'TLS' && current.kind === 'TLS') {
    const seen = tlsHosts.get(key) ?? new Set<string>();
    const dup = s.hosts.map(stripNamespace).find((h) => seen.has(h));
    if (dup !== undefined) {
      ctx.sink.add(
        serverConflict(
          s.gateway,
          `TLS host ${JSON.stringify(dup)} is already served on port ${port}; server ignored`,
          s.field,
        ),
      );
      return;
    }
    for (const h of s.hosts) seen.add(stripNamespace(h));
    current.servers.push(s);
    return;
  }
  ctx.sink.add(
    serverConflict(
      s.gateway,
      `port ${port} already serves ${current.kind} (${current.servers[0]!.gatewayKey}); ${s.protocol} server ignored`,
      s.field,
    ),
  );
}
