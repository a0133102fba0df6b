// Host names across the hops: Ingress rule hosts and external-dns hostnames against Istio
// Gateway server hosts (`ns/host`, `*`, `*.suffix`) and VirtualService hosts.

/** A Gateway server host without its `namespace/` part. */
export function serverHost(h: string): string {
  const i = h.indexOf('/');
  return (i >= 0 ? h.slice(i + 1) : h).toLowerCase();
}

function wildcardMatches(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*')) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
  return pattern === host;
}

/** Some request host is matched by both (Istio's host intersection, one level of wildcards). */
export function hostsIntersect(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return true;
  if (x.startsWith('*') && y.startsWith('*')) return x.endsWith(y.slice(1)) || y.endsWith(x.slice(1));
  return wildcardMatches(x, y) || wildcardMatches(y, x);
}

/** external-dns hostnames (comma-separated) of an object's annotation. */
export const EXTERNAL_DNS_HOSTNAME = 'external-dns.alpha.kubernetes.io/hostname';

export function externalDnsHostnames(annotations: Readonly<Record<string, string>> | undefined): string[] {
  const raw = annotations?.[EXTERNAL_DNS_HOSTNAME];
  if (raw === undefined) return [];
  return raw
    .split(',')
    .map((s) => s.trim().replace(/\.$/, ''))
    .filter((s) => s !== '');
}
