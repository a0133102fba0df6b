// The time from `kubectl apply` (the real kubectl, $GANGWAY_HOME/kubeconfig) of a VirtualService
// change to the data plane serving it, with 10 and 10,000 routes in the served VirtualService,
// while wrk keeps the ALB HTTP path loaded (its errors are reported: none should fail).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import { loadRun } from './load.ts';
import type { LoadResult } from './parse.ts';
import { HOST, kubectl, waitFor, type BenchStack } from './stack.ts';

export interface ApplyLatency {
  routes: number;
  /** kubectl apply start -> first response carrying the change (ms). */
  apply_to_served_ms: number;
  /** kubectl's own run time (ms). */
  kubectl_ms: number;
  /** Requests/errors of the load running meanwhile. */
  load_requests: number;
  load_errors: number;
}

function route(match: Record<string, unknown>, header?: [string, string]): Record<string, unknown> {
  const r: Record<string, unknown> = {
    match: [{ uri: match }],
    route: [{ destination: { host: 'bench-backend', port: { number: 80 } } }],
  };
  if (header) r['headers'] = { response: { set: { [header[0]]: header[1] } } };
  return r;
}

/** The served VirtualService: `n - 1` exact routes, an optional changed route first, a catch-all. */
function vsJson(n: number, change: string | undefined): string {
  const http: Record<string, unknown>[] = [];
  if (change !== undefined) http.push(route({ exact: `/${change}` }, ['x-bench-change', change]));
  for (let i = 0; i < n - 1; i++) http.push(route({ exact: `/exact/${i}` }));
  http.push(route({ prefix: '/' }, ['x-bench-table', String(n)]));
  return JSON.stringify({
    apiVersion: 'networking.istio.io/v1alpha3',
    kind: 'VirtualService',
    metadata: { name: 'test-virtualservice', namespace: 'test-ns' },
    spec: { hosts: [HOST], gateways: ['test-gateway'], http },
  });
}

function header(s: BenchStack, path: string, name: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = request(
      { host: s.nodeIP, port: s.nodePort, path, headers: { host: HOST }, timeout: 5000 },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.headers[name] as string | undefined));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

async function apply(s: BenchStack, json: string): Promise<number> {
  const file = join(s.home, 'bench-vs.json');
  writeFileSync(file, json);
  const t0 = performance.now();
  // Server-side apply: a 10,000-route object is larger than the 256 KiB annotation limit that
  // client-side apply's last-applied-configuration would hit.
  await kubectl(
    s.env,
    ['apply', '--server-side', '--force-conflicts', '--field-manager', 'gangway-bench', '-f', file],
    120_000,
  );
  return performance.now() - t0;
}

export async function applyLatency(
  s: BenchStack,
  sizes: readonly number[],
  log: (l: string) => void,
): Promise<ApplyLatency[]> {
  const out: ApplyLatency[] = [];
  for (const n of sizes) {
    await apply(s, vsJson(n, undefined));
    await waitFor(
      `the ${n}-route table`,
      async () => (await header(s, '/', 'x-bench-table')) === String(n),
      120_000,
    );
    const change = `changed-${n}-${Date.now()}`;
    const load = loadRun(
      { url: `http://${s.albIP}:${s.httpPort}/exact/0`, host: HOST },
      { durationS: 4, connections: 8 },
    );
    await new Promise((r) => setTimeout(r, 500));
    const t0 = performance.now();
    const kubectlMs = await apply(s, vsJson(n, change));
    await waitFor(
      `the change at ${n} routes`,
      async () => (await header(s, `/${change}`, 'x-bench-change')) === change,
      60_000,
    );
    const served = performance.now() - t0;
    const l: LoadResult = await load;
    const row = {
      routes: n,
      apply_to_served_ms: Math.round(served),
      kubectl_ms: Math.round(kubectlMs),
      load_requests: l.requests,
      load_errors: l.errors,
    };
    out.push(row);
    log(
      `  ${String(n).padStart(6)} routes: kubectl apply -> served in ${row.apply_to_served_ms} ms (kubectl itself ${row.kubectl_ms} ms); load meanwhile ${l.requests} requests, ${l.errors} errors`,
    );
  }
  return out;
}
