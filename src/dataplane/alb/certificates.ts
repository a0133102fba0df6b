// The HTTPS listeners' certificates, standing for the ACM certificates of `certificate-arn`:
// issued by gangway's CA for the load balancer's hosts (rule and TLS hosts, external-dns
// names) and its DNS name, cached per set of names so a model change that keeps the names
// keeps the certificate.
import type { CertificateAuthority } from '../../pki/ca.ts';
import { issueCertificate } from '../../pki/issue.ts';
import type { LoadBalancer } from '../../alb/model.ts';

export interface KeyPair {
  key: string;
  cert: string;
}

const DNS_NAME = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
const VALIDITY_DAYS = 395; // ACM's public certificates last 13 months

/** The SANs of a load balancer's certificate: sorted, lower-cased, unique, DNS name included. */
export function certificateNames(lb: LoadBalancer): string[] {
  const names = new Set<string>();
  for (const h of [...lb.certificateHosts, ...lb.externalDnsHostnames, lb.dnsName]) {
    const n = h.trim().toLowerCase();
    if (DNS_NAME.test(n)) names.add(n);
  }
  return [...names].sort();
}

export class CertificateCache {
  #ca: CertificateAuthority;
  #now: () => Date;
  #cache = new Map<string, Promise<KeyPair>>();

  constructor(ca: CertificateAuthority, now: () => Date = () => new Date()) {
    this.#ca = ca;
    this.#now = now;
  }

  get(names: readonly string[]): Promise<KeyPair> {
    const key = names.join(',');
    let p = this.#cache.get(key);
    if (p === undefined) {
      p = issueCertificate(this.#ca, {
        commonName: names[0] ?? 'alb',
        dnsNames: names,
        days: VALIDITY_DAYS,
        now: this.#now(),
      }).then((c) => ({ key: c.keyPem, cert: c.certPem }));
      p.catch(() => this.#cache.delete(key));
      this.#cache.set(key, p);
    }
    return p;
  }

  /** Forgets certificates whose name sets are no longer used. */
  retain(keys: ReadonlySet<string>): void {
    for (const k of this.#cache.keys()) if (!keys.has(k)) this.#cache.delete(k);
  }
}
