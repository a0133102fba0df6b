// Listeners for the merged server ports (`<bind>_<port>`, bind 0.0.0.0 by default) and the
// route configurations they name, plus Envoy's bootstrap listeners 15021 and 15090.
import type { DownstreamTls, FilterChain, GatewayListener, RouteConfig } from '../model.ts';
import type { TranslateContext } from './context.ts';
import { invalidCredential, referencedNotFound, unsupported } from './diagnostics.ts';
import { stripNamespace } from './hosts.ts';
import { passthroughFilterChains, tcpFilterChain } from './l4-routes.ts';
import { buildRouteConfig, httpRouteName, httpsRouteName } from './route-configs.ts';
import type { BoundServer, MergedPort } from './servers.ts';
import { isPassthrough } from './servers.ts';

export function bootstrapListeners(): GatewayListener[] {
  return [
    {
      name: '0.0.0.0_15021',
      address: '0.0.0.0',
      port: 15021,
      protocol: 'BOOTSTRAP',
      filterChains: [{ serverNames: [], inlineRoutes: [{ prefix: '/healthz/ready', target: 'readiness' }] }],
    },
    {
      name: '0.0.0.0_15090',
      address: '0.0.0.0',
      port: 15090,
      protocol: 'BOOTSTRAP',
      filterChains: [
        { serverNames: [], inlineRoutes: [{ prefix: '/stats/prometheus', target: 'prometheus' }] },
      ],
    },
  ];
}

/** getSNIHostsForServer: the server hosts without namespaces, sorted; `*` matches any SNI. */
function sniHosts(s: BoundServer): string[] {
  const hosts = [...new Set(s.hosts.map((h) => stripNamespace(h).toLowerCase()))].sort();
  return hosts.includes('*') ? [] : hosts;
}

function downstreamTls(ctx: TranslateContext, s: BoundServer): DownstreamTls | undefined {
  const tls = s.server.tls ?? {};
  const mode = tls.mode ?? 'SIMPLE';
  if (mode !== 'SIMPLE' && mode !== 'MUTUAL' && mode !== 'OPTIONAL_MUTUAL') {
    ctx.sink.add(unsupported(s.gateway, `tls mode ${mode}`, `${s.field}.tls.mode`));
    return undefined;
  }
  const credentialName = tls.credentialName ?? '';
  if (credentialName === '') {
    ctx.sink.add(unsupported(s.gateway, 'a TLS server without credentialName', `${s.field}.tls`));
    return undefined;
  }
  if (ctx.secrets) checkCredential(ctx, s, mode, credentialName);
  const out: DownstreamTls = { mode, credentialName };
  if (tls.minProtocolVersion) out.minProtocolVersion = tls.minProtocolVersion;
  return out;
}

function secretKeys(ctx: TranslateContext, name: string): Set<string> | undefined {
  const sec = ctx.secrets?.find(
    (x) => x.metadata.name === name && x.metadata.namespace === ctx.proxy.namespace,
  );
  if (!sec) return undefined;
  const keys = new Set<string>();
  for (const field of ['data', 'stringData']) {
    const d = sec[field];
    if (d !== null && typeof d === 'object') for (const k of Object.keys(d)) keys.add(k);
  }
  return keys;
}

/** The credential Secret exists (IST0101) and holds a certificate, key and, for MUTUAL, a CA (IST0161). */
function checkCredential(ctx: TranslateContext, s: BoundServer, mode: string, name: string): void {
  const field = `${s.field}.tls.credentialName`;
  const keys = secretKeys(ctx, name);
  if (!keys) {
    ctx.sink.add(referencedNotFound(s.gateway, 'credentialName', name, field));
    return;
  }
  const hasCert = (keys.has('tls.crt') && keys.has('tls.key')) || (keys.has('cert') && keys.has('key'));
  let problem: string | undefined;
  if (!hasCert) problem = `secret ${ctx.proxy.namespace}/${name} has neither tls.crt/tls.key nor cert/key`;
  else if (
    mode !== 'SIMPLE' &&
    !keys.has('ca.crt') &&
    !keys.has('cacert') &&
    secretKeys(ctx, `${name}-cacert`) === undefined
  )
    problem = `${mode} needs a CA certificate: ca.crt in secret ${ctx.proxy.namespace}/${name} or a secret ${name}-cacert`;
  if (problem) ctx.sink.add(invalidCredential(s.gateway, problem, field));
}

interface Built {
  listener?: GatewayListener;
  routeConfigs: RouteConfig[];
}

function tlsPort(ctx: TranslateContext, mp: MergedPort): Built {
  const chains: FilterChain[] = [];
  const routeConfigs: RouteConfig[] = [];
  const usedSni = new Set<string>();
  let protocol: GatewayListener['protocol'] = 'TLS';
  for (const s of mp.servers) {
    if (isPassthrough(s)) {
      chains.push(...passthroughFilterChains(ctx, s, usedSni));
      continue;
    }
    const tls = downstreamTls(ctx, s);
    if (!tls) continue;
    const serverNames = sniHosts(s);
    if (s.protocol === 'HTTPS') {
      const name = httpsRouteName(s);
      routeConfigs.push(buildRouteConfig(ctx, name, [s]));
      chains.push({ serverNames, tls, routeConfigName: name });
      protocol = 'HTTPS';
    } else {
      const tcp = tcpFilterChain(ctx, s);
      if (tcp) chains.push({ ...tcp, serverNames, tls });
    }
  }
  if (chains.length === 0) return { routeConfigs };
  return { listener: listener(mp, protocol, chains), routeConfigs };
}

function listener(
  mp: MergedPort,
  protocol: GatewayListener['protocol'],
  filterChains: FilterChain[],
): GatewayListener {
  const address = mp.bind || '0.0.0.0';
  return { name: `${address}_${mp.port}`, address, port: mp.port, protocol, filterChains };
}

export function buildPort(ctx: TranslateContext, mp: MergedPort): Built {
  if (mp.kind === 'HTTP') {
    const name = httpRouteName(mp.port, mp.bind);
    return {
      listener: listener(mp, 'HTTP', [{ serverNames: [], routeConfigName: name }]),
      routeConfigs: [buildRouteConfig(ctx, name, mp.servers)],
    };
  }
  if (mp.kind === 'TLS') return tlsPort(ctx, mp);
  const chain = tcpFilterChain(ctx, mp.servers[0]!);
  return chain ? { listener: listener(mp, 'TCP', [chain]), routeConfigs: [] } : { routeConfigs: [] };
}
