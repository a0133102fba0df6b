// The local PKI of one gangway home: CA, API server certificate, bearer token, kubeconfig.
// runtime/ calls preparePki() at start; cli/ reads the token, CA and kubeconfig back.
import { loadOrIssueApiServerCertificate } from './api-server-cert.ts';
import { loadOrCreateCA, type CertificateAuthority } from './ca.ts';
import type { IssuedCertificate } from './issue.ts';
import { loadOrCreateToken } from './token.ts';

export { CA_CERT_FILE, CA_KEY_FILE, CA_COMMON_NAME, createCA, loadOrCreateCA, parseCA } from './ca.ts';
export type { CertificateAuthority } from './ca.ts';
export { issueCertificate } from './issue.ts';
export type { CertificateRequest, IssuedCertificate } from './issue.ts';
export {
  API_SERVER_CERT_FILE,
  API_SERVER_KEY_FILE,
  apiServerNames,
  issueApiServerCertificate,
  loadOrIssueApiServerCertificate,
} from './api-server-cert.ts';
export { TOKEN_FILE, loadOrCreateToken, newToken, readToken } from './token.ts';
export {
  CONTEXT_NAME,
  KUBECONFIG_FILE,
  parseKubeconfig,
  readKubeconfig,
  renderKubeconfig,
  writeKubeconfig,
} from './kubeconfig.ts';
export type { KubeconfigCluster, KubeconfigInput } from './kubeconfig.ts';

export interface LocalPki {
  ca: CertificateAuthority;
  token: string;
  apiServer: IssuedCertificate; // serve with { cert: apiServer.certPem, key: apiServer.keyPem }
}

/** CA, token and API server certificate of `home`, created on first use, reused afterwards. */
export async function preparePki(
  home: string,
  opts: { extraIPs?: readonly string[] } = {},
): Promise<LocalPki> {
  const ca = await loadOrCreateCA(home);
  const [token, apiServer] = await Promise.all([
    loadOrCreateToken(home),
    loadOrIssueApiServerCertificate(home, ca, opts.extraIPs ?? []),
  ]);
  return { ca, token, apiServer };
}
