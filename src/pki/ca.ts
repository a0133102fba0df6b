// The local certificate authority: created once in $GANGWAY_HOME (ca.crt, ca.key), EC P-256,
// valid 10 years, CN "gangway local CA". Everything gangway serves over TLS chains to it, and
// the kubeconfig trusts it through certificate-authority-data.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { webcrypto } from 'node:crypto';
import * as x509 from './x509.ts';
import {
  generateKeyPair,
  pkiCrypto,
  privateKeyFromPem,
  privateKeyToPem,
  randomSerial,
  SIGNING_ALGORITHM,
} from './crypto.ts';
import { writeFileAtomic } from './files.ts';

export const CA_COMMON_NAME = 'gangway local CA';
export const CA_CERT_FILE = 'ca.crt';
export const CA_KEY_FILE = 'ca.key';
const CA_YEARS = 10;

export interface CertificateAuthority {
  certPem: string;
  keyPem: string;
  cert: x509.X509Certificate;
  privateKey: webcrypto.CryptoKey;
}

/** Creates a new CA in memory (nothing written). */
export async function createCA(now: Date = new Date()): Promise<CertificateAuthority> {
  const crypto = pkiCrypto();
  const keys = await generateKeyPair();
  const notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + CA_YEARS);
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerial(),
      name: [{ CN: [CA_COMMON_NAME] }],
      notBefore,
      notAfter,
      keys: keys,
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
          true,
        ),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return {
    certPem: cert.toString('pem') + '\n',
    keyPem: await privateKeyToPem(keys.privateKey),
    cert,
    privateKey: keys.privateKey,
  };
}

/** Reads a CA from its PEM files' contents. */
export async function parseCA(certPem: string, keyPem: string): Promise<CertificateAuthority> {
  return {
    certPem,
    keyPem,
    cert: new x509.X509Certificate(certPem),
    privateKey: await privateKeyFromPem(keyPem),
  };
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * The CA of this home: loaded when ca.crt and ca.key exist, created (and written, the key
 * with mode 0600) when neither does. One without the other is an error: replacing it would
 * silently invalidate every kubeconfig that trusts the old one.
 */
export async function loadOrCreateCA(home: string, now: Date = new Date()): Promise<CertificateAuthority> {
  const certPath = join(home, CA_CERT_FILE);
  const keyPath = join(home, CA_KEY_FILE);
  const [certPem, keyPem] = await Promise.all([readIfExists(certPath), readIfExists(keyPath)]);
  if (certPem !== undefined && keyPem !== undefined) return parseCA(certPem, keyPem);
  if (certPem !== undefined || keyPem !== undefined) {
    const missing = certPem === undefined ? certPath : keyPath;
    throw new Error(`${missing} is missing; remove ${certPath} and ${keyPath} to create a new CA`);
  }
  const ca = await createCA(now);
  await writeFileAtomic(keyPath, ca.keyPem, 0o600);
  await writeFileAtomic(certPath, ca.certPem, 0o644);
  return ca;
}
