// Host names as Istio handles them for gateways: short names resolved to FQDNs in a
// namespace, wildcard subset tests, the server-host x VirtualService-host intersection, and
// the `ns/name` forms of gateway references.

export const DOMAIN_SUFFIX = 'svc.cluster.local';

/** pilot ResolveShortnameToFQDN: `reviews` -> `reviews.<ns>.svc.cluster.local`; dotted or `*` names as is. */
export function resolveShortName(host: string, namespace: string): string {
  if (host === '' || host.startsWith('*') || host.includes('.')) return host;
  return `${host}.${namespace}.${DOMAIN_SUFFIX}`;
}

export function serviceFqdn(name: string, namespace: string): string {
  return `${name}.${namespace}.${DOMAIN_SUFFIX}`;
}

function isWildcard(h: string): boolean {
  return h.startsWith('*');
}

/** host.Name.SubsetOf: `a.example.com` is a subset of `*.example.com` and of `*`. */
export function subsetOf(n: string, o: string): boolean {
  if (isWildcard(n)) {
    if (!isWildcard(o)) return false;
    if (n.length < o.length) return false;
    return n.slice(1).endsWith(o.slice(1));
  }
  if (isWildcard(o)) {
    if (n.length < o.length) return false;
    return n.endsWith(o.slice(1));
  }
  return n === o;
}

/** host.NamesForNamespace: server hosts visible to objects of `namespace`, `ns/` stripped. */
export function namesForNamespace(hosts: readonly string[], namespace: string): string[] {
  const out: string[] = [];
  for (const h of hosts) {
    const slash = h.indexOf('/');
    if (slash < 0) {
      out.push(h);
      continue;
    }
    const ns = h.slice(0, slash);
    if (ns !== namespace && ns !== '*') continue;
    out.push(h.slice(slash + 1));
  }
  return out;
}

/** host.Names.Intersection: the more specific of each overlapping pair, deduplicated. */
export function intersectHosts(server: readonly string[], vs: readonly string[]): string[] {
  const out: string[] = [];
  for (const s of server) {
    for (const v of vs) {
      const pick = subsetOf(s, v) ? s : subsetOf(v, s) ? v : undefined;
      if (pick !== undefined && !out.includes(pick)) out.push(pick);
    }
  }
  return out;
}

/** MergeGateways host sanitising: `./h` -> `<gwNs>/h`, `*\/h` -> `h`. */
export function sanitizeServerHost(h: string, gatewayNamespace: string): string {
  const slash = h.indexOf('/');
  if (slash < 0) return h;
  const ns = h.slice(0, slash);
  const name = h.slice(slash + 1);
  if (ns === '.') return `${gatewayNamespace}/${name}`;
  if (ns === '*') return name;
  return h;
}

/** The host part of a server host, whatever its namespace. */
export function stripNamespace(h: string): string {
  const slash = h.indexOf('/');
  return slash < 0 ? h : h.slice(slash + 1);
}

/** pilot resolveGatewayName: `gw` -> `<vsNs>/gw`, `./gw` -> `<vsNs>/gw`, `gw.ns.svc...` -> `ns/gw`. */
export function resolveGatewayName(ref: string, vsNamespace: string): string {
  if (ref === 'mesh') return ref;
  const slash = ref.indexOf('/');
  if (slash >= 0) return ref.slice(0, slash) === '.' ? `${vsNamespace}/${ref.slice(slash + 1)}` : ref;
  const dot = ref.indexOf('.');
  if (dot < 0) return `${vsNamespace}/${ref}`;
  const rest = ref.slice(dot + 1);
  const next = rest.indexOf('.');
  return `${next < 0 ? rest : rest.slice(0, next)}/${ref.slice(0, dot)}`;
}

/** exportTo visibility of an object of `objNs` from `fromNs` (default: exported everywhere). */
export function visibleFrom(exportTo: readonly string[] | undefined, objNs: string, fromNs: string): boolean {
  if (!exportTo || exportTo.length === 0) return true;
  return exportTo.some((e) => e === '*' || e === fromNs || (e === '.' && objNs === fromNs));
}
