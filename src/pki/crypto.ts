// Binds @peculiar/x509 to Node's WebCrypto once, and the EC P-256 / PEM helpers the PKI shares.
// @peculiar/x509 looks for a global `crypto` when it loads; setting the provider explicitly
// keeps it working wherever Node runs us (Node 20 has `globalThis.crypto`, but say so anyway).
import { webcrypto } from 'node:crypto';
import * as x509 from './x509.ts';

export const EC_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
export const SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;

let bound = false;

/** The WebCrypto instance every PKI call uses, registered with @peculiar/x509. */
export function pkiCrypto(): webcrypto.Crypto {
  if (!bound) {
    x509.cryptoProvider.set(webcrypto);
    bound = true;
  }
  return webcrypto;
}

export async function generateKeyPair(): Promise<webcrypto.CryptoKeyPair> {
  return pkiCrypto().subtle.generateKey(EC_ALGORITHM, true, ['sign', 'verify']);
}

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** PKCS#8 `PRIVATE KEY` PEM, which node:tls, openssl and Go all read. */
export async function privateKeyToPem(key: webcrypto.CryptoKey): Promise<string> {
  return pem('PRIVATE KEY', await pkiCrypto().subtle.exportKey('pkcs8', key));
}

export async function privateKeyFromPem(text: string): Promise<webcrypto.CryptoKey> {
  const match = /-----BEGIN PRIVATE KEY-----([\s\S]+?)-----END PRIVATE KEY-----/.exec(text);
  if (!match?.[1]) throw new Error('not a PKCS#8 PEM private key');
  const der = Buffer.from(match[1].replace(/\s+/g, ''), 'base64');
  return pkiCrypto().subtle.importKey('pkcs8', der, EC_ALGORITHM, true, ['sign']);
}

/** A positive 128-bit serial number in hex (RFC 5280 wants positive, at most 20 octets). */
export function randomSerial(): string {
  const bytes = pkiCrypto().getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return Buffer.from(bytes).toString('hex');
}
