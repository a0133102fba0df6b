// Listeners from `listen-ports` (model_build_listener.go): each member names its ports
// (default [{"HTTP":80}], or [{"HTTPS":443}] when it has a certificate-arn or spec.tls);
// members listening on the same port must agree on its protocol; certificates merge in order.
import { goJsonSyntaxError, parseString, parseStringList } from '../annotations.ts';
import { BuildError, type Ingress } from './types.ts';

export const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-2016-08';

export interface ListenPortConfig {
  protocol: 'HTTP' | 'HTTPS';
  certificateArns: string[];
  sslPolicy?: string;
}

function ingKey(ing: Readonly<Ingress>): string {
  return `${ing.metadata.namespace ?? ''}/${ing.metadata.name ?? ''}`;
}

/** The listen ports of one Ingress, port -> protocol, in annotation order. */
export function ingressListenPorts(ing: Readonly<Ingress>): Map<number, 'HTTP' | 'HTTPS'> {
  const maps = [ing.metadata.annotations];
  const certs = parseStringList('certificate-arn', maps) ?? [];
  const preferTLS = certs.length > 0 || (ing.spec?.tls?.length ?? 0) > 0;
  const raw = parseString('listen-ports', maps);
  if (raw === undefined) return new Map([preferTLS ? [443, 'HTTPS'] : [80, 'HTTP']]);
  let entries: unknown;
  try {
    entries = JSON.parse(raw);
  } catch {
    throw new BuildError(`failed to parse listen-ports configuration: \`${raw}\`: ${goJsonSyntaxError(raw)}`);
  }
  if (!Array.isArray(entries)) {
    throw new BuildError(
      `failed to parse listen-ports configuration: \`${raw}\`: json: cannot unmarshal ${typeof entries === 'object' && entries !== null ? 'object' : typeof entries} into Go value of type []map[string]int64`,
    );
  }
  if (entries.length === 0) throw new BuildError(`empty listen-ports configuration: \`${raw}\``);
  const out = new Map<number, 'HTTP' | 'HTTPS'>();
  for (const e of entries) {
    if (typeof e !== 'object' || e === null || Array.isArray(e)) {
      throw new BuildError(
        `failed to parse listen-ports configuration: \`${raw}\`: json: cannot unmarshal ${Array.isArray(e) ? 'array' : typeof e} into Go value of type map[string]int64`,
      );
    }
    for (const [protocol, port] of Object.entries(e as Record<string, unknown>)) {
      if (typeof port !== 'number' || !Number.isInteger(port)) {
        throw new BuildError(
          `failed to parse listen-ports configuration: \`${raw}\`: json: cannot unmarshal ${typeof port} into Go value of type int64`,
        );
      }
      if (port < 1 || port > 65535) throw new BuildError(`listen port must be within [1, 65535]: ${port}`);
      if (protocol !== 'HTTP' && protocol !== 'HTTPS') {
        throw new BuildError(`listen protocol must be within [HTTP, HTTPS]: ${protocol}`);
      }
      out.set(port, protocol);
    }
  }
  return out;
}

/** One member's per-port config. */
export function ingressListenPortConfigs(ing: Readonly<Ingress>): Map<number, ListenPortConfig> {
  const maps = [ing.metadata.annotations];
  const certs = parseStringList('certificate-arn', maps) ?? [];
  const sslPolicy = parseString('ssl-policy', maps);
  const out = new Map<number, ListenPortConfig>();
  for (const [port, protocol] of ingressListenPorts(ing)) {
    const cfg: ListenPortConfig = { protocol, certificateArns: protocol === 'HTTPS' ? certs : [] };
    if (protocol === 'HTTPS' && sslPolicy !== undefined) cfg.sslPolicy = sslPolicy;
    out.set(port, cfg);
  }
  return out;
}

/** Merges the members' configs of each port; conflicting protocols or policies fail. */
export function mergeListenPortConfigs(
  perMember: readonly { ing: Readonly<Ingress>; configs: Map<number, ListenPortConfig> }[],
): Map<number, ListenPortConfig> {
  const merged = new Map<number, ListenPortConfig & { protocolFrom: string; policyFrom?: string }>();
  for (const { ing, configs } of perMember) {
    for (const [port, cfg] of configs) {
      const m = merged.get(port);
      if (!m) {
        const first: ListenPortConfig & { protocolFrom: string; policyFrom?: string } = {
          protocol: cfg.protocol,
          certificateArns: [...cfg.certificateArns],
          protocolFrom: ingKey(ing),
        };
        if (cfg.sslPolicy !== undefined) {
          first.sslPolicy = cfg.sslPolicy;
          first.policyFrom = ingKey(ing);
        }
        merged.set(port, first);
        continue;
      }
      if (m.protocol !== cfg.protocol) {
        throw new BuildError(
          `failed to merge listenPort config for port: ${port}: conflicting protocol, ${m.protocolFrom}: ${m.protocol} | ${ingKey(ing)}: ${cfg.protocol}`,
        );
      }
      if (cfg.sslPolicy !== undefined) {
        if (m.sslPolicy !== undefined && m.sslPolicy !== cfg.sslPolicy) {
          throw new BuildError(
            `failed to merge listenPort config for port: ${port}: conflicting sslPolicy, ${m.policyFrom ?? ''}: ${m.sslPolicy} | ${ingKey(ing)}: ${cfg.sslPolicy}`,
          );
        }
        m.sslPolicy = cfg.sslPolicy;
        m.policyFrom = ingKey(ing);
      }
      for (const c of cfg.certificateArns) if (!m.certificateArns.includes(c)) m.certificateArns.push(c);
    }
  }
  const out = new Map<number, ListenPortConfig>();
  for (const [port, m] of merged) {
    const cfg: ListenPortConfig = { protocol: m.protocol, certificateArns: m.certificateArns };
    if (m.protocol === 'HTTPS') cfg.sslPolicy = m.sslPolicy ?? DEFAULT_SSL_POLICY;
    out.set(port, cfg);
  }
  return out;
}
