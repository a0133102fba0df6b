// One ALB per Ingress group (model_build_load_balancer.go, model_build_listener.go): scheme,
// name, attributes and tags agreed across the members, one listener per listen-port with its
// default action (fixed 404 text/plain, the one spec.defaultBackend, or the ssl-redirect 301),
// the rules, and the target groups the actions forward to. Errors are the controller's text.
import { isIPv4, isIPv6 } from 'node:net';
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import {
  AnnotationError,
  parseInt64,
  parseString,
  parseStringList,
  parseStringMap,
  splitCommaSeparated,
} from '../annotations.ts';
import type { AlbAction, AlbListener, LoadBalancer, TargetGroup } from '../model.ts';
import type { IngressGroup } from './groups.ts';
import { ingressListenPortConfigs, mergeListenPortConfigs, type ListenPortConfig } from './listen-ports.ts';
import {
  listenerArn,
  loadBalancerArn,
  loadBalancerDnsName,
  loadBalancerName,
  type ArnContext,
} from './names.ts';
import { intAttribute, validateListener } from './aws-validation.ts';
import { backendActions, draftRules, numberRules, optimizeRules, type RuleContext } from './rules.ts';
import { tlsPolicyFor } from './ssl-policies.ts';
import { BuildError, type AlbTranslateOptions, type Ingress, type ServiceObj } from './types.ts';

export const EXTERNAL_DNS_HOSTNAME = 'external-dns.alpha.kubernetes.io/hostname';

export interface BuiltLoadBalancer {
  lb: LoadBalancer;
  /** `ns/name` of each member -> its listen ports (for status.loadBalancer.ingress[].ports). */
  ports: Map<string, number[]>;
}

function ingKey(ing: Readonly<Ingress>): string {
  return `${ing.metadata.namespace ?? ''}/${ing.metadata.name ?? ''}`;
}

/** Runs `f` for one member, prefixing its errors with `ingress: ns/name: `. */
function forMember<T>(ing: Readonly<Ingress>, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof BuildError) throw new BuildError(`ingress: ${ingKey(ing)}: ${err.message}`, err.phase);
    if (err instanceof AnnotationError) throw new BuildError(`ingress: ${ingKey(ing)}: ${err.message}`);
    throw err;
  }
}

/** The one value the members set for an exclusive annotation (or undefined); two differing fail. */
function exclusive(members: readonly Readonly<Ingress>[], suffix: string, what: string): string | undefined {
  const values = new Set<string>();
  for (const m of members) {
    const v = parseString(suffix, [m.metadata.annotations]);
    if (v !== undefined) values.add(v);
  }
  if (values.size > 1) throw new BuildError(`conflicting ${what}: [${[...values].sort().join(' ')}]`);
  return values.values().next().value;
}

function mergedMap(
  members: readonly Readonly<Ingress>[],
  suffix: string,
  what: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of members) {
    const kv = forMember(m, () => parseStringMap(suffix, [m.metadata.annotations])) ?? {};
    for (const [k, v] of Object.entries(kv)) {
      if (out[k] !== undefined && out[k] !== v)
        throw new BuildError(`conflicting ${what} ${k}: ${out[k]} | ${v}`);
      out[k] = v;
    }
  }
  return out;
}

function sslRedirectPort(
  members: readonly Readonly<Ingress>[],
  ports: ReadonlyMap<number, ListenPortConfig>,
): number | undefined {
  const set = new Set<number>();
  for (const m of members) {
    const p = forMember(m, () => parseInt64('ssl-redirect', [m.metadata.annotations]));
    if (p !== undefined) set.add(p);
  }
  if (set.size === 0) return undefined;
  if (set.size > 1)
    throw new BuildError(`conflicting sslRedirect port: [${[...set].sort((a, b) => a - b).join(' ')}]`);
  const port = [...set][0]!;
  const cfg = ports.get(port);
  if (!cfg) throw new BuildError(`listener does not exist for SSLRedirect port: ${port}`);
  if (cfg.protocol !== 'HTTPS')
    throw new BuildError(`listener protocol non-SSL for SSLRedirect port: ${port}`);
  return port;
}

function validCidr(c: string): boolean {
  const slash = c.indexOf('/');
  if (slash < 0) return false;
  const addr = c.slice(0, slash);
  const bits = c.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return false;
  if (isIPv4(addr)) return Number(bits) <= 32;
  return isIPv6(addr) && Number(bits) <= 128;
}

/** buildCIDRsFromSourceRanges: the members' inbound-cidrs, merged and sorted; default all. */
function inboundCidrs(members: readonly Readonly<Ingress>[], ipType: string): string[] {
  const cidrs = new Set<string>();
  for (const m of members)
    for (const c of forMember(m, () => parseStringList('inbound-cidrs', [m.metadata.annotations])) ?? [])
      cidrs.add(c);
  for (const c of [...cidrs].sort()) {
    if (c.includes(':') && ipType === 'ipv4')
      throw new BuildError(`unsupported v6 cidr ${c} when lb is not dualstack`);
    if (!validCidr(c)) throw new BuildError(`InvalidParameterValue: CIDR block ${c} is malformed`, 'deploy');
  }
  if (cidrs.size === 0) {
    cidrs.add('0.0.0.0/0');
    if (ipType !== 'ipv4') cidrs.add('::/0');
  }
  return [...cidrs].sort();
}

function sortedUnique(xs: Iterable<string>): string[] {
  return [...new Set(xs)].sort();
}

function hostsOf(members: readonly Readonly<Ingress>[]): { rule: string[]; dns: string[] } {
  const rule: string[] = [];
  const dns: string[] = [];
  for (const m of members) {
    for (const r of m.spec?.rules ?? []) if (r.host) rule.push(r.host.toLowerCase());
    for (const t of m.spec?.tls ?? []) for (const h of t.hosts ?? []) rule.push(h.toLowerCase());
    const ext = m.metadata.annotations?.[EXTERNAL_DNS_HOSTNAME];
    if (ext) for (const h of splitCommaSeparated(ext)) dns.push(h.toLowerCase().replace(/\.$/, ''));
  }
  return { rule, dns };
}

/** Builds the ALB of `group`; throws BuildError (the controller's message) when it does not build. */
export function buildLoadBalancer(
  group: IngressGroup,
  services: ReadonlyMap<string, Readonly<ServiceObj>>,
  opts: AlbTranslateOptions,
  diagnostics: Diagnostic[],
): BuiltLoadBalancer {
  const members = group.members;
  const clusterName = opts.clusterName ?? 'gangway';
  const arnCtx: ArnContext = { region: opts.region, accountId: opts.accountId };

  const perMember = members.map((ing) => ({
    ing,
    configs: forMember(ing, () => ingressListenPortConfigs(ing)),
  }));
  const portConfigs = mergeListenPortConfigs(perMember);

  const rawScheme = exclusive(members, 'scheme', 'scheme') ?? opts.defaultScheme ?? 'internal';
  if (rawScheme !== 'internal' && rawScheme !== 'internet-facing')
    throw new BuildError(`unknown scheme: ${rawScheme}`);
  const rawIpType = exclusive(members, 'ip-address-type', 'IPAddressType') ?? 'ipv4';
  if (!['ipv4', 'dualstack', 'dualstack-without-public-ipv4'].includes(rawIpType)) {
    throw new BuildError(`unknown IPAddressType: ${rawIpType}`);
  }
  const explicitName = exclusive(members, 'load-balancer-name', 'load balancer name');
  if (explicitName !== undefined && explicitName.length > 32) {
    throw new BuildError('load balancer name cannot be longer than 32 characters');
  }
  const name = explicitName ?? loadBalancerName(clusterName, group, rawScheme);
  const attributes = mergedMap(members, 'load-balancer-attributes', 'loadBalancerAttribute');
  const userTags = mergedMap(members, 'tags', 'tag');
  const redirectPort = sslRedirectPort(members, portConfigs);
  const cidrs = inboundCidrs(members, rawIpType);

  const lbArn = loadBalancerArn(arnCtx, name);
  const ctx: RuleContext = {
    tg: { clusterName, groupId: group.id, arn: arnCtx, byName: new Map() },
    services,
    diagnostics,
  };
  const listeners: AlbListener[] = [];
  const hosts = hostsOf(members);
  for (const port of [...portConfigs.keys()].sort((a, b) => a - b)) {
    const cfg = portConfigs.get(port)!;
    const onPort = perMember.filter((m) => m.configs.has(port)).map((m) => m.ing);
    const arn = listenerArn(lbArn, port);
    const listener: AlbListener = {
      port,
      protocol: cfg.protocol,
      arn,
      certificateArns: cfg.certificateArns,
      defaultActions: [],
      rules: [],
    };
    if (cfg.sslPolicy !== undefined) {
      listener.sslPolicy = cfg.sslPolicy;
      listener.tlsPolicy = tlsPolicyFor(cfg.sslPolicy);
    }
    if (redirectPort !== undefined && cfg.protocol === 'HTTP') {
      listener.defaultActions = [sslRedirectAction(redirectPort)];
    } else {
      listener.defaultActions = defaultActions(ctx, onPort);
      const drafts = onPort.flatMap((ing) => forMember(ing, () => draftRules(ctx, [ing])));
      listener.rules = numberRules(arn, optimizeRules(port, cfg.protocol, drafts));
    }
    if (
      cfg.protocol === 'HTTPS' &&
      cfg.certificateArns.length === 0 &&
      hosts.rule.length + hosts.dns.length === 0
    ) {
      throw new BuildError('ValidationError: A certificate must be specified for HTTPS listeners', 'deploy');
    }
    validateListener(listener);
    listeners.push(listener);
  }
  const idleTimeoutSeconds = intAttribute(
    attributes,
    'idle_timeout.timeout_seconds',
    1,
    4000,
    60,
    'Load balancer',
  );

  const hasHttps = listeners.some((l) => l.protocol === 'HTTPS');
  const ports = new Map<string, number[]>();
  for (const m of perMember)
    ports.set(
      ingKey(m.ing),
      [...m.configs.keys()].sort((a, b) => a - b),
    );
  const targetGroups: TargetGroup[] = [...ctx.tg.byName.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const tg of targetGroups) {
    tg.deregistrationDelaySeconds = intAttribute(
      tg.attributes,
      'deregistration_delay.timeout_seconds',
      0,
      3600,
      300,
      'Target group',
    );
  }
  const lb: LoadBalancer = {
    name,
    arn: lbArn,
    dnsName: loadBalancerDnsName(arnCtx, name, rawScheme),
    scheme: rawScheme,
    ipAddressType: rawIpType === 'ipv4' ? 'ipv4' : 'dualstack',
    group: group.id,
    ingresses: members.map((m) => ({ namespace: m.metadata.namespace ?? '', name: m.metadata.name ?? '' })),
    listeners,
    targetGroups,
    attributes,
    certificateHosts: hasHttps ? sortedUnique([...hosts.rule, ...hosts.dns]) : [],
    externalDnsHostnames: sortedUnique(hosts.dns),
    tags: {
      ...userTags,
      'elbv2.k8s.aws/cluster': clusterName,
      'ingress.k8s.aws/resource': 'LoadBalancer',
      'ingress.k8s.aws/stack': group.id,
    },
    inboundCidrs: cidrs,
    idleTimeoutSeconds,
  };
  return { lb, ports };
}

function sslRedirectAction(port: number): AlbAction {
  return {
    type: 'redirect',
    protocol: 'HTTPS',
    port: String(port),
    host: '#{host}',
    path: '/#{path}',
    query: '#{query}',
    statusCode: 'HTTP_301',
  };
}

function defaultActions(ctx: RuleContext, onPort: readonly Readonly<Ingress>[]): AlbAction[] {
  const withDefault = onPort.filter((m) => m.spec?.defaultBackend !== undefined);
  if (withDefault.length === 0)
    return [{ type: 'fixed-response', statusCode: '404', contentType: 'text/plain' }];
  if (withDefault.length > 1) {
    throw new BuildError(`multiple ingress defined default backend: [${withDefault.map(ingKey).join(' ')}]`);
  }
  const ing = withDefault[0]!;
  return forMember(
    ing,
    () => backendActions(ctx, ing, ing.spec?.defaultBackend, 'spec.defaultBackend').actions,
  );
}
