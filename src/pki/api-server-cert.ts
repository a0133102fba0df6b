// The API server's serving certificate: IP SAN 127.0.0.1 and DNS localhost (kubectl is a Go
// client and rejects CN-only certificates), plus the in-cluster names of the kubernetes
// Service. Kept in $GANGWAY_HOME/apiserver.{crt,key} and reissued when its names change or
// it is within 30 days of expiry.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as x509 from './x509.ts';
import type { CertificateAuthority } from './ca.ts';
import { pkiCrypto } from './crypto.ts';
import { writeFileAtomic } from './files.ts';
import { issueCertificate, type IssuedCertificate } from './issue.ts';

export const API_SERVER_CERT_FILE = 'apiserver.crt';
export const API_SERVER_KEY_FILE = 'apiserver.key';
const DAYS = 365;
const RENEW_BEFORE_MS = 30 * 24 * 60 * 60 * 1000;

export const API_SERVER_DNS_NAMES = [
  'localhost',
  'kubernetes',
  'kubernetes.default',
  'kubernetes.default.svc',
  'kubernetes.default.svc.cluster.local',
] as const;

/** `extraIPs`: e.g. the kubernetes Service's ClusterIP; 127.0.0.1 is always included. */
export function apiServerNames(extraIPs: readonly string[] = []): { dns: string[]; ips: string[] } {
  return { dns: [...API_SERVER_DNS_NAMES], ips: [...new Set(['127.0.0.1', ...extraIPs])] };
}

export async function issueApiServerCertificate(
  ca: CertificateAuthority,
  extraIPs: readonly string[] = [],
  now: Date = new Date(),
): Promise<IssuedCertificate> {
  const { dns, ips } = apiServerNames(extraIPs);
  return issueCertificate(ca, {
    commonName: 'gangway-apiserver',
    dnsNames: dns,
    ipAddresses: ips,
    days: DAYS,
    now,
  });
}

async function isReusable(
  ca: CertificateAuthority,
  certPem: string,
  names: { dns: string[]; ips: string[] },
  now: Date,
): Promise<boolean> {
  const cert = new x509.X509Certificate(certPem);
  if (cert.notAfter.getTime() - now.getTime() < RENEW_BEFORE_MS) return false;
  if (!(await cert.verify({ publicKey: ca.cert, date: now }, pkiCrypto()))) return false;
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const have = new Set((san?.names.items ?? []).map((n) => `${n.type}:${n.value}`));
  const want = [...names.dns.map((d) => `dns:${d}`), ...names.ips.map((i) => `ip:${i}`)];
  return want.every((w) => have.has(w));
}

/** The certificate in `<home>/apiserver.{crt,key}`, issued or reissued as needed. */
export async function loadOrIssueApiServerCertificate(
  home: string,
  ca: CertificateAuthority,
  extraIPs: readonly string[] = [],
  now: Date = new Date(),
): Promise<IssuedCertificate> {
  const certPath = join(home, API_SERVER_CERT_FILE);
  const keyPath = join(home, API_SERVER_KEY_FILE);
  try {
    const [certPem, keyPem] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
    if (await isReusable(ca, certPem, apiServerNames(extraIPs), now)) return { certPem, keyPem };
  } catch {
    // missing or unreadable: issue a new one below
  }
  const issued = await issueApiServerCertificate(ca, extraIPs, now);
  await writeFileAtomic(keyPath, issued.keyPem, 0o600);
  await writeFileAtomic(certPath, issued.certPem, 0o644);
  return issued;
}
