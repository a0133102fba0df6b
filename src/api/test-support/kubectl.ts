// The real kubectl against a test ApiServer over TLS: a temporary kubeconfig (renderKubeconfig,
// as `gangway up` writes it), a fresh --cache-dir, and a runner. Tests stop it with t.after.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { createCA, issueApiServerCertificate, renderKubeconfig } from '../../pki/index.ts';
import { startHarness, TOKEN } from './harness.ts';

export const KUBECTL = '/usr/bin/kubectl';

export interface KubectlRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function startKubectlHarness(t: TestContext, prefix: string) {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const ca = await createCA();
  const cert = await issueApiServerCertificate(ca);
  const h = await startHarness({ tls: { cert: cert.certPem, key: cert.keyPem } });
  t.after(() => h.close());
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(kubeconfig, renderKubeconfig({ server: h.url, token: TOKEN, caPem: ca.certPem }));
  const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir };
  const base = ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache')];
  const kubectl = (...args: string[]): Promise<KubectlRun> =>
    new Promise((resolve) => {
      execFile(KUBECTL, [...base, ...args], { env, timeout: 60_000 }, (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  return { dir, h, kubectl, base, env };
}
