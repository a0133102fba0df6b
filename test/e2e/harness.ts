// End-to-end harness: a gangway stack in a temporary GANGWAY_HOME, driven through
// bin/gangway.js and the real kubectl, stopped (and its home removed) when the test ends.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'gangway.js');
export const KUBECTL = process.env['KUBECTL'] ?? '/usr/bin/kubectl';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  opts: { input?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolvePromise) => {
    const child = execFile(
      file,
      args,
      { env, cwd: ROOT, timeout: opts.timeoutMs ?? 240_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolvePromise({ code, stdout, stderr });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}

export interface Cluster {
  home: string;
  block: number;
  env: NodeJS.ProcessEnv;
  gangway(args: readonly string[], opts?: { input?: string }): Promise<RunResult>;
  kubectl(args: readonly string[], opts?: { input?: string }): Promise<RunResult>;
  nodeIP: string;
  stop(): Promise<void>;
}

/** A fresh home and address block; `up` is left to the test. */
export function newCluster(): Cluster {
  const home = mkdtempSync(join(tmpdir(), 'gangway-e2e-'));
  const block = 100 + (process.pid % 90);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GANGWAY_HOME: home,
    GANGWAY_ADDRESS_BLOCK: String(block),
    KUBECONFIG: join(home, 'kubeconfig'),
    NO_COLOR: '1',
  };
  const cacheDir = join(home, 'kubectl-cache');
  const cluster: Cluster = {
    home,
    block,
    env,
    nodeIP: `127.${block}.0.1`,
    gangway: (args, opts) => run(process.execPath, [BIN, ...args], env, opts ?? {}),
    kubectl: (args, opts) => run(KUBECTL, ['--cache-dir', cacheDir, ...args], env, opts ?? {}),
    async stop() {
      await cluster.gangway(['down']);
      rmSync(home, { recursive: true, force: true });
    },
  };
  return cluster;
}

/** Polls `check` until it returns a value (not undefined) or the deadline passes. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  deadlineMs = 120_000,
): Promise<T> {
  const end = Date.now() + deadlineMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** `curl -s -i URL`: a fresh connection per call (so kube-proxy picks an endpoint anew). */
export async function curl(
  url: string,
  extra: readonly string[] = [],
): Promise<{ status: number; head: string; body: string }> {
  const r = await run('curl', ['-s', '-i', '--max-time', '20', ...extra, url], process.env);
  const split = r.stdout.indexOf('\r\n\r\n');
  const head = split < 0 ? r.stdout : r.stdout.slice(0, split);
  const body = split < 0 ? '' : r.stdout.slice(split + 4);
  const status = Number(/^HTTP\/[\d.]+ (\d+)/.exec(head)?.[1] ?? 0);
  return { status, head, body };
}
