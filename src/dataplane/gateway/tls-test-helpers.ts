// Test support for the gateway's TLS and TCP listeners (loopback block 251): a fake istiod
// that also serves credentials, a proxy started on its own pod address, certificates from the
// local PKI written where curl can read them, and curl run asynchronously.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { TlsCredential } from '../../istio/istiod-secrets.ts';
import { addressPlan } from '../../net/addresses.ts';
import { DialTable } from '../../net/dial-table.ts';
import { createCA, issueCertificate, type CertificateAuthority } from '../../pki/index.ts';
import { GatewayProxyServer } from './server.ts';
import { FakeIstiod, PROXY } from './test-helpers.ts';

export const TLS_BLOCK = 251;

export class FakeSdsIstiod extends FakeIstiod {
  secrets = new Map<string, TlsCredential>();
  #watchers = new Set<() => void>();

  secretFor(namespace: string, name: string): TlsCredential | undefined {
    return this.secrets.get(`${namespace}/${name}`);
  }

  setSecret(name: string, cred: TlsCredential | undefined): void {
    if (cred) this.secrets.set(`${PROXY.namespace}/${name}`, cred);
    else this.secrets.delete(`${PROXY.namespace}/${name}`);
    for (const w of this.#watchers) w();
  }

  watchSecrets(onChange: () => void): () => void {
    this.#watchers.add(onChange);
    return () => this.#watchers.delete(onChange);
  }
}

let nextPod = 2;

export async function startTlsProxy(
  t: TestContext,
  opts: { istiod?: FakeSdsIstiod; random?: () => number; podSubnet?: number } = {},
) {
  const istiod = opts.istiod ?? new FakeSdsIstiod();
  // Test files run in parallel processes: each passes its own podSubnet so pod addresses differ.
  const podIP = `127.${TLS_BLOCK}.${opts.podSubnet ?? 128}.${nextPod++}`;
  const lines: string[] = [];
  const dial = new DialTable();
  const proxy = new GatewayProxyServer({
    podIP,
    plan: addressPlan(TLS_BLOCK, true),
    dial,
    istiod,
    proxy: PROXY,
    log: (l) => lines.push(l),
    ...(opts.random ? { random: opts.random } : {}),
  });
  await proxy.start();
  t.after(() => proxy.stop());
  const at = (port: number) => dial.resolve(podIP, port);
  return { podIP, istiod, proxy, lines, at, dial };
}

/** A CA and files for curl: ca.pem, and per issued name <name>.pem / <name>.key. */
export class TestPki {
  readonly dir: string;
  ca!: CertificateAuthority;

  private constructor(dir: string) {
    this.dir = dir;
  }

  static async create(t: TestContext): Promise<TestPki> {
    const p = new TestPki(mkdtempSync(join(tmpdir(), 'gangway-tls-')));
    t.after(() => rmSync(p.dir, { recursive: true, force: true }));
    p.ca = await createCA();
    writeFileSync(join(p.dir, 'ca.pem'), p.ca.certPem);
    return p;
  }

  get caFile(): string {
    return join(this.dir, 'ca.pem');
  }

  /** Issues a certificate for `name` (also written as files). */
  async issue(name: string): Promise<TlsCredential & { certFile: string; keyFile: string }> {
    const c = await issueCertificate(this.ca, { commonName: name, dnsNames: [name], days: 1 });
    const certFile = join(this.dir, `${name}.pem`);
    const keyFile = join(this.dir, `${name}.key`);
    writeFileSync(certFile, c.certPem);
    writeFileSync(keyFile, c.keyPem);
    return { cert: c.certPem, key: c.keyPem, certFile, keyFile };
  }
}

export interface CurlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function curl(args: string[]): Promise<CurlResult> {
  return new Promise((resolve) => {
    execFile('curl', ['-sS', '--max-time', '30', ...args], (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
