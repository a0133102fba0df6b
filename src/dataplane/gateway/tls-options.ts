// The downstream TLS context of one terminating filter chain, as Istio configures Envoy's
// DownstreamTlsContext for a Gateway server: the credentialName certificate, TLS 1.2 minimum
// unless minProtocolVersion says otherwise, TLS 1.3 maximum, ALPN h2 and http/1.1; MUTUAL
// requires a client certificate signed by the credential's CA, OPTIONAL_MUTUAL asks for one.
import type { SecureServerOptions } from 'node:http2';
import type { SecureVersion } from 'node:tls';
import type { TlsCredential } from '../../istio/istiod-secrets.ts';
import type { DownstreamTls } from '../../istio/model.ts';

const VERSIONS: Readonly<Record<string, SecureVersion>> = {
  TLS_AUTO: 'TLSv1.2',
  TLSV1_0: 'TLSv1',
  TLSV1_1: 'TLSv1.1',
  TLSV1_2: 'TLSv1.2',
  TLSV1_3: 'TLSv1.3',
};

/** Node's name of an Istio TLS protocol version (TLSV1_2 for unknown or absent). */
export function minTlsVersion(v: string | undefined): SecureVersion {
  return (v === undefined ? undefined : VERSIONS[v]) ?? 'TLSv1.2';
}

/** Why a chain cannot terminate TLS (its connections are reset), or undefined when it can. */
export function credentialProblem(tls: DownstreamTls, cred: TlsCredential | undefined): string | undefined {
  if (!cred) return `credential ${tls.credentialName} is not available`;
  if (tls.mode !== 'SIMPLE' && cred.ca === undefined)
    return `credential ${tls.credentialName} has no CA certificate for ${tls.mode} (ca.crt, cacert or ${tls.credentialName}-cacert)`;
  return undefined;
}

/** Options of the chain's secure server; undefined when its credential is unusable. */
export function secureServerOptions(
  tls: DownstreamTls,
  cred: TlsCredential | undefined,
): SecureServerOptions | undefined {
  if (!cred || credentialProblem(tls, cred) !== undefined) return undefined;
  const opts: SecureServerOptions = {
    allowHTTP1: true,
    cert: cred.cert,
    key: cred.key,
    minVersion: minTlsVersion(tls.minProtocolVersion),
    maxVersion: 'TLSv1.3',
  };
  if (tls.mode !== 'SIMPLE' && cred.ca !== undefined) {
    opts.ca = cred.ca;
    opts.requestCert = true;
    opts.rejectUnauthorized = tls.mode === 'MUTUAL';
  }
  return opts;
}
