// The time from `kubectl apply` (the real kubectl, $GANGWAY_HOME/kubeconfig) of a VirtualService
// change to the data plane serving it, while wrk keeps the ALB HTTP path loaded (its errors are
// reported: none should fail). Cases per table size n:
//  - `one-of-many` (n >= 1,000): n routes as n/100 VirtualServices of 100 routes for the same
//    host; one route of one VirtualService changes, applied server-side and client-side;
//  - `single`: one VirtualService of n routes, one route changes (server-side apply: a
//    10,000-route object exceeds client-side apply's 256 KiB last-applied annotation).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import { loadRun } from './load.ts';
import type { LoadResult } from './parse.ts';
import { HOST, kubectl, waitFor, type BenchStack } from './stack.ts';

export interface ApplyLatency {
  case: 'one-of-many' | 'single';
  apply: 'server-side' | 'client-side';
  routes: number;
  /** kubectl apply start -> first response carrying the change (ms). */
  apply_to_served_ms: number;
  /** kubectl's own run time (ms). */
  kubectl_ms: number;
  /** Requests/errors of the load running meanwhile. */
  load_requests: number;
  load_errors: number;
}

const PER_VS = 100;
const SEED_VS = 'test-virtualservice';

function route(path: string, header?: [string, string]): Record<string, unknown> {
  const exact = path !== '/';
  const r: Record<string, unknown> = {
    match: [{ uri: exact ? { exact: path } : { prefix: '/' } }],
    route: [{ destination: { host: 'bench-backend', port: { number: 80 } } }],
  };
  if (header) r['headers'] = { response: { set: { [header[0]]: header[1] } } };
  return r;
}

/**
 * VirtualService `i` of a table: `count` exact routes /vs<i>/r<k>; route `changed` sets
 * x-bench-change; `last` adds the catch-all (x-bench-table) after them. Istio merges the
 * VirtualServices of one host in creation order, so only the last one may hold the catch-all.
 */
function vsJson(
  name: string,
  i: number,
  count: number,
  opts: { table?: string; change?: { route: number; token: string } },
): string {
  const http: Record<string, unknown>[] = [];
  for (let k = 0; k < count; k++) {
    const token = opts.change?.route === k ? opts.change.token : undefined;
    http.push(route(`/vs${i}/r${k}`, token === undefined ? undefined : ['x-bench-change', token]));
  }
  if (opts.table !== undefined) http.push(route('/', ['x-bench-table', opts.table]));
  return JSON.stringify({
    apiVersion: 'networking.istio.io/v1alpha3',
    kind: 'VirtualService',
    metadata: { name, namespace: 'test-ns' },
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

async function apply(s: BenchStack, file: string, how: ApplyLatency['apply']): Promise<number> {
  const t0 = performance.now();
  const args =
    how === 'server-side'
      ? ['apply', '--server-side', '--force-conflicts', '--field-manager', 'gangway-bench', '-f', file]
      : ['apply', '-f', file];
  await kubectl(s.env, args, 120_000);
  return performance.now() - t0;
}

function vsName(i: number): string {
  return i === 0 ? SEED_VS : `bench-vs-${i}`;
}

/** Writes the table's VirtualServices (a directory of files) and applies them server-side. */
async function applyTable(s: BenchStack, n: number, perVs: number): Promise<void> {
  const dir = join(s.home, `bench-table-${n}-${perVs}`);
  mkdirSync(dir, { recursive: true });
  const count = Math.max(1, Math.round(n / perVs));
  for (let i = 0; i < count; i++)
    writeFileSync(
      join(dir, `vs-${i}.json`),
      vsJson(vsName(i), i, perVs, i === count - 1 ? { table: `${n}-${perVs}` } : {}),
    );
  await apply(s, dir, 'server-side');
  await waitFor(
    `the ${n}-route table`,
    async () => (await header(s, '/', 'x-bench-table')) === `${n}-${perVs}`,
    180_000,
  );
}

/** Removes the bench VirtualServices other than the seed one. */
async function dropTable(s: BenchStack, n: number): Promise<void> {
  const names = [];
  for (let i = 1; i < Math.round(n / PER_VS); i++) names.push(vsName(i));
  if (names.length > 0)
    await kubectl(s.env, ['delete', 'virtualservice', '-n', 'test-ns', '--wait=false', ...names], 120_000);
}

/** One measured change: VS `i` of the table, route 0 gets a new response header. */
async function change(
  s: BenchStack,
  c: {
    kind: ApplyLatency['case'];
    how: ApplyLatency['apply'];
    n: number;
    perVs: number;
    i: number;
    last: boolean;
  },
  log: (l: string) => void,
): Promise<ApplyLatency> {
  const token = `changed-${c.n}-${c.how}-${Date.now()}`;
  const file = join(s.home, 'bench-change.json');
  const table = c.last ? `${c.n}-${c.perVs}` : undefined;
  writeFileSync(
    file,
    vsJson(vsName(c.i), c.i, c.perVs, { ...(table ? { table } : {}), change: { route: 0, token } }),
  );
  const load = loadRun(
    { url: `http://${s.albIP}:${s.httpPort}/vs0/r1`, host: HOST },
    { durationS: 4, connections: 8 },
  );
  await new Promise((r) => setTimeout(r, 500));
  const t0 = performance.now();
  const kubectlMs = await apply(s, file, c.how);
  const path = `/vs${c.i}/r0`;
  await waitFor(
    `the change at ${c.n} routes`,
    async () => (await header(s, path, 'x-bench-change')) === token,
    60_000,
  );
  const served = performance.now() - t0;
  const l: LoadResult = await load;
  const row: ApplyLatency = {
    case: c.kind,
    apply: c.how,
    routes: c.n,
    apply_to_served_ms: Math.round(served),
    kubectl_ms: Math.round(kubectlMs),
    load_requests: l.requests,
    load_errors: l.errors,
  };
  const what =
    c.kind === 'single'
      ? `1 VirtualService of ${c.n} routes`
      : `1 of ${c.n / c.perVs} VirtualServices x ${c.perVs} routes`;
  log(
    `  ${String(c.n).padStart(6)} routes, ${what}, ${c.how} apply -> served in ${row.apply_to_served_ms} ms (kubectl itself ${row.kubectl_ms} ms); load meanwhile ${l.requests} requests, ${l.errors} errors`,
  );
  return row;
}

export async function applyLatency(
  s: BenchStack,
  sizes: readonly number[],
  log: (l: string) => void,
): Promise<ApplyLatency[]> {
  const out: ApplyLatency[] = [];
  for (const n of sizes) {
    if (n >= 10 * PER_VS) {
      const count = Math.round(n / PER_VS);
      await applyTable(s, n, PER_VS);
      const mid = Math.floor(count / 2);
      for (const how of ['server-side', 'client-side'] as const)
        out.push(await change(s, { kind: 'one-of-many', how, n, perVs: PER_VS, i: mid, last: false }, log));
      await dropTable(s, n);
    }
    await applyTable(s, n, n);
    out.push(await change(s, { kind: 'single', how: 'server-side', n, perVs: n, i: 0, last: true }, log));
  }
  return out;
}
