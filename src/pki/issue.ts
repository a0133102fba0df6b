// Leaf certificates signed by the local CA: the API server's now, the ALB's HTTPS listeners
// later. Names go into subjectAltName (Go ignores the CN), with serverAuth and clientAuth.
import { isIP } from 'node:net';
import * as x509 from './x509.ts';
import type { CertificateAuthority } from './ca.ts';
import { generateKeyPair, pkiCrypto, privateKeyToPem, randomSerial, SIGNING_ALGORITHM } from './crypto.ts';

export interface CertificateRequest {
  commonName: string;
  dnsNames?: readonly string[];
  ipAddresses?: readonly string[];
  days: number;
  now?: Date;
}

export interface IssuedCertificate {
  certPem: string; // the leaf only
  keyPem: string; // PKCS#8
}

export async function issueCertificate(
  ca: CertificateAuthority,
  req: CertificateRequest,
): Promise<IssuedCertificate> {
  const dnsNames = req.dnsNames ?? [];
  const ipAddresses = req.ipAddresses ?? [];
  for (const ip of ipAddresses) if (isIP(ip) === 0) throw new Error(`not an IP address: ${ip}`);
  if (dnsNames.length + ipAddresses.length === 0)
    throw new Error('a certificate needs at least one DNS name or IP address (Go ignores the CN)');
  if (!(req.days > 0)) throw new Error(`certificate validity must be positive, got ${req.days} days`);

  const crypto = pkiCrypto();
  const keys = await generateKeyPair();
  const now = req.now ?? new Date();
  const notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  let notAfter = new Date(now.getTime() + req.days * 24 * 60 * 60 * 1000);
  if (notAfter > ca.cert.notAfter) notAfter = ca.cert.notAfter;

  const san = [
    ...dnsNames.map((value) => ({ type: 'dns' as const, value })),
    ...ipAddresses.map((value) => ({ type: 'ip' as const, value })),
  ];
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerial(),
      subject: [{ CN: [req.commonName] }],
      issuer: ca.cert.subjectName,
      notBefore,
      notAfter,
      publicKey: keys.publicKey,
      signingKey: ca.privateKey,
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension(
          [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth],
          false,
        ),
        new x509.SubjectAlternativeNameExtension(san, false),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
        await x509.AuthorityKeyIdentifierExtension.create(ca.cert, false, crypto),
      ],
    },
    crypto,
  );
  return { certPem: cert.toString('pem') + '\n', keyPem: await privateKeyToPem(keys.privateKey) };
}
