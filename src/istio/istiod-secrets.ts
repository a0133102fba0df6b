// istiod's credential lookup for gateway TLS (SDS from Kubernetes Secrets, as Istio's
// pilot/pkg/credentials/kube does it): the Secret `credentialName` in the gateway's namespace
// holds the server certificate and key as cert/key (generic, tried first) or tls.crt/tls.key;
// the client CA for MUTUAL comes from the Secret `<name>-cacert` when it exists, else from the
// same Secret's cacert or ca.crt. Values are base64-decoded from the stored Secret's `data`.
import type { KubeObject } from '../resources/types.ts';

/** What a terminating filter chain serves: PEM text. */
export interface TlsCredential {
  cert: string;
  key: string;
  /** The CA that client certificates must chain to (MUTUAL / OPTIONAL_MUTUAL). */
  ca?: string;
}

/** The result of a lookup: the credential, or why there is none (istiod's log text). */
export type CredentialLookup = { credential: TlsCredential } | { error: string };

export const CA_SECRET_SUFFIX = '-cacert';

type SecretGetter = (namespace: string, name: string) => Readonly<KubeObject> | undefined;

function dataOf(secret: Readonly<KubeObject>): Readonly<Record<string, string>> {
  const data = (secret as { data?: unknown }).data;
  return typeof data === 'object' && data !== null ? (data as Record<string, string>) : {};
}

function value(data: Readonly<Record<string, string>>, key: string): string | undefined {
  const v = data[key];
  if (typeof v !== 'string' || v === '') return undefined;
  const text = Buffer.from(v, 'base64').toString('utf8');
  return text === '' ? undefined : text;
}

function keysOf(data: Readonly<Record<string, string>>): string {
  return Object.keys(data).sort().join(', ');
}

/** The CA bundle of a Secret's data: cacert, else ca.crt (Istio's extractRoot). */
function rootOf(data: Readonly<Record<string, string>>): string | undefined {
  return value(data, 'cacert') ?? value(data, 'ca.crt');
}

/**
 * The credential `name` in `namespace`: server certificate and key, and the client CA when
 * one is found (the `-cacert` Secret wins over the CA keys of the Secret itself).
 */
export function lookupCredential(get: SecretGetter, namespace: string, name: string): CredentialLookup {
  const secret = get(namespace, name);
  if (!secret) return { error: `secret ${namespace}/${name} not found` };
  const data = dataOf(secret);
  let cert = value(data, 'cert');
  let key = value(data, 'key');
  let ca: string | undefined;
  if (cert !== undefined && key !== undefined) ca = value(data, 'cacert');
  else {
    cert = value(data, 'tls.crt');
    key = value(data, 'tls.key');
    ca = value(data, 'ca.crt');
  }
  if (cert === undefined || key === undefined) {
    return {
      error:
        `found secret ${namespace}/${name}, but didn't have expected keys (cert and key) or ` +
        `(tls.crt and tls.key); found: ${keysOf(data)}`,
    };
  }
  const caSecret = get(namespace, `${name}${CA_SECRET_SUFFIX}`);
  if (caSecret) ca = rootOf(dataOf(caSecret)) ?? ca;
  return ca === undefined ? { credential: { cert, key } } : { credential: { cert, key, ca } };
}
