// Test helper: runs the real kubectl against a test server with a fresh cache dir and an
// empty kubeconfig, and returns what it printed.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const KUBECTL = '/usr/bin/kubectl';

export interface KubectlResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface KubectlRunner {
  run(args: string[]): Promise<KubectlResult>;
  cleanup(): void;
}

export function kubectlRunner(server: string): KubectlRunner {
  const dir = mkdtempSync(join(tmpdir(), 'gangway-kubectl-'));
  const kubeconfig = join(dir, 'config');
  writeFileSync(kubeconfig, '');
  return {
    run(args) {
      const full = ['--server', server, '--token', 'x', '--cache-dir', join(dir, 'cache'), ...args];
      return new Promise((resolve) => {
        execFile(
          KUBECTL,
          full,
          { env: { ...process.env, KUBECONFIG: kubeconfig, HOME: dir }, timeout: 60_000 },
          (err, stdout, stderr) => {
            const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
            resolve({ stdout, stderr, code });
          },
        );
      });
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
