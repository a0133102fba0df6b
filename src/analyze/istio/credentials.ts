// Gateway TLS credentials: IST0101 (credentialName Secret missing in the gateway workload's
// namespace), IST0161 (Secret without a usable certificate and key) and IST0138 (the same
// certificate on Gateways of one selector: HTTP/2 connection reuse then misroutes, 404).
import { X509Certificate, createPrivateKey } from 'node:crypto';
import type { KubeObject } from '../../resources/types.ts';
import { referencedNotFound } from '../../istio/translate/diagnostics.ts';
import type { GatewaySpec } from '../../istio/translate/specs.ts';
import { nameOf, namespaceOf, specOf } from '../../istio/translate/specs.ts';
import { finding } from '../finding.ts';
import type { AnalyzeContext, Finding } from '../types.ts';
import { IST0101, IST0138, IST0161 } from './codes.ts';
import { selectedWorkloads, selectorString } from './lookup.ts';

const NO_CERT_MODES = new Set(['PASSTHROUGH', 'AUTO_PASSTHROUGH', 'ISTIO_MUTUAL']);

/** The Secret's entries as text (`data` base64-decoded, `stringData` as is). */
function secretEntries(secret: Readonly<KubeObject>): Map<string, string> {
  const out = new Map<string, string>();
  const data = secret['data'];
  if (data && typeof data === 'object')
    for (const [k, v] of Object.entries(data))
      if (typeof v === 'string') out.set(k, Buffer.from(v, 'base64').toString('utf8'));
  const sd = secret['stringData'];
  if (sd && typeof sd === 'object')
    for (const [k, v] of Object.entries(sd)) if (typeof v === 'string') out.set(k, v);
  return out;
}

/** Why the Secret cannot serve as a gateway certificate, or undefined when it can. */
export function credentialProblem(secret: Readonly<KubeObject>): string | undefined {
  const e = secretEntries(secret);
  const [certKey, keyKey] = e.has('tls.crt') || e.has('tls.key') ? ['tls.crt', 'tls.key'] : ['cert', 'key'];
  const cert = e.get(certKey);
  const key = e.get(keyKey);
  const ref = `secret ${namespaceOf(secret)}/${nameOf(secret)}`;
  if (cert === undefined || key === undefined)
    return `${ref} needs both tls.crt and tls.key (or cert and key): ${cert === undefined ? certKey : keyKey} is missing`;
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    return `${certKey} of ${ref} is no PEM certificate`;
  }
  try {
    const pk = createPrivateKey(key);
    if (!x509.checkPrivateKey(pk)) return `${keyKey} of ${ref} is not the key of its certificate`;
  } catch {
    return `${keyKey} of ${ref} is no PEM private key`;
  }
  return undefined;
}

/** getGatewayNamespace: the namespace of the first workload the selector picks, else the Gateway's. */
function workloadNamespace(ctx: AnalyzeContext, gw: Readonly<KubeObject>): string {
  const sel = specOf<GatewaySpec>(gw).selector;
  if (sel && Object.keys(sel).length > 0) {
    const w = selectedWorkloads(ctx, sel)[0];
    if (w) return w.namespace;
  }
  return namespaceOf(gw);
}

function analyzeSecrets(ctx: AnalyzeContext, gw: Readonly<KubeObject>, out: Finding[]): void {
  const ns = workloadNamespace(ctx, gw);
  (specOf<GatewaySpec>(gw).servers ?? []).forEach((s, i) => {
    const cn = s.tls?.credentialName;
    if (!cn) return;
    const path = ['spec', 'servers', i, 'tls', 'credentialName'];
    const secret = ctx.get('Secret', ns, cn);
    if (!secret) {
      out.push(finding(IST0101, gw, path, referencedNotFound(gw, 'credentialName', cn, '').message));
      return;
    }
    const why = credentialProblem(secret);
    if (why === undefined) return;
    const msg = `The credential referenced by the Gateway ${nameOf(gw)} in namespace ${ns} is invalid, which can cause the traffic not to work as expected. The ${why}.`;
    out.push(finding(IST0161, gw, path, msg));
  });
}

/** The credentialName of each certificate-serving server, with its index. */
function certificates(gw: Readonly<KubeObject>): { name: string; index: number }[] {
  const out: { name: string; index: number }[] = [];
  (specOf<GatewaySpec>(gw).servers ?? []).forEach((s, index) => {
    const cn = s.tls?.credentialName;
    if (cn && !NO_CERT_MODES.has(s.tls?.mode ?? 'SIMPLE')) out.push({ name: cn, index });
  });
  return out;
}

function analyzeDuplicates(gateways: readonly Readonly<KubeObject>[], out: Finding[]): void {
  for (const gw of gateways) {
    const sel = selectorString(specOf<GatewaySpec>(gw).selector);
    const mine = certificates(gw);
    const me = `${namespaceOf(gw)}/${nameOf(gw)}`;
    for (const other of gateways) {
      if (other === gw || selectorString(specOf<GatewaySpec>(other).selector) !== sel) continue;
      const theirs = new Set(certificates(other).map((c) => c.name));
      const dup = mine.find((c) => theirs.has(c.name));
      if (!dup) continue;
      const msg = `Duplicate certificate in multiple gateways [${me} ${namespaceOf(other)}/${nameOf(other)}] may cause 404s if clients re-use HTTP2 connections.`;
      out.push(finding(IST0138, gw, ['spec', 'servers', dup.index, 'tls', 'credentialName'], msg));
    }
  }
}

export function analyzeGatewayCredentials(ctx: AnalyzeContext): Finding[] {
  const out: Finding[] = [];
  const gateways = ctx.ofKind('Gateway');
  for (const gw of gateways) analyzeSecrets(ctx, gw, out);
  analyzeDuplicates(gateways, out);
  return out;
}
