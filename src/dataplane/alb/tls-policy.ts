// An HTTPS listener's ssl-policy as Node's TLS options: the ELBSecurityPolicy's protocol range
// and ciphers. Policies that allow TLS 1.0/1.1 need OpenSSL's security level 0 (SHA-1 signatures).
import type { TlsPolicy } from '../../alb/model.ts';
import type { KeyPair } from './certificates.ts';

export interface SecureOptions {
  key: string;
  cert: string;
  minVersion?: TlsPolicy['minVersion'];
  maxVersion?: TlsPolicy['maxVersion'];
  ciphers?: string;
}

export function secureOptions(tls: KeyPair, policy: TlsPolicy | undefined): SecureOptions {
  if (policy === undefined) return { key: tls.key, cert: tls.cert };
  const legacy = policy.minVersion === 'TLSv1' || policy.minVersion === 'TLSv1.1';
  return {
    key: tls.key,
    cert: tls.cert,
    minVersion: policy.minVersion,
    maxVersion: policy.maxVersion,
    ciphers: policy.ciphers.join(':') + (legacy ? ':@SECLEVEL=0' : ''),
  };
}

/** A key that changes when the served certificate or policy must change. */
export function policyKey(policy: TlsPolicy | undefined): string {
  return policy === undefined ? '' : `${policy.minVersion}-${policy.maxVersion}-${policy.ciphers.join(':')}`;
}
