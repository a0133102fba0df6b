// Route-table scale: VirtualService routes (10, 1,000, 10,000) and Ingress rules (1,000) are
// turned into models by the real translators (istiod's translateGateway, the ALB controller's
// translateAlb), compiled by the real data-plane matchers, then timed over many requests to
// exact and prefix routes spread over the whole table (ns per match) with the heap they hold.
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import type { KubeObject } from '../src/resources/types.ts';
import { translateGateway } from '../src/istio/translate/index.ts';
import { translateAlb } from '../src/alb/translate/index.ts';
import {
  compileRouteConfig,
  selectCompiledRoute,
  selectVirtualHost,
  type RequestView,
} from '../src/dataplane/gateway/match.ts';
import { compileListener, matchRule, type MatchInput } from '../src/dataplane/alb/match.ts';
import { HOST } from './stack.ts';

export interface ScaleRow {
  table: string;
  routes: number;
  kind: 'exact' | 'prefix';
  ns_per_match: number;
  heap_mb: number;
}

export interface ScaleResult {
  rows: ScaleRow[];
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const obj = (o: Record<string, unknown>): KubeObject => o as unknown as KubeObject;

const GATEWAY = obj({
  apiVersion: 'networking.istio.io/v1alpha3',
  kind: 'Gateway',
  metadata: { name: 'test-gateway', namespace: 'test-ns' },
  spec: {
    selector: { istio: 'ingressgateway' },
    servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: [HOST] }],
  },
});

const SERVICE = obj({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'test-svc', namespace: 'test-ns' },
  spec: {
    selector: { app: 'test-app' },
    ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 80 }],
  },
});

/** Route i's path: exact `/exact/i`, prefix `/prefix/i/` (requests add a tail). */
const routePath = (kind: 'exact' | 'prefix', i: number): string =>
  kind === 'exact' ? `/exact/${i}` : `/prefix/${i}/`;

/** A VirtualService of n HTTP routes of one kind. */
export function virtualService(n: number, kind: 'exact' | 'prefix', name = 'scale-vs'): KubeObject {
  const http = [];
  for (let i = 0; i < n; i++)
    http.push({
      match: [{ uri: { [kind]: routePath(kind, i) } }],
      route: [{ destination: { host: 'test-svc', port: { number: 80 } } }],
    });
  return obj({
    apiVersion: 'networking.istio.io/v1alpha3',
    kind: 'VirtualService',
    metadata: { name, namespace: 'test-ns' },
    spec: { hosts: [HOST], gateways: ['test-gateway'], http },
  });
}

/** Request i of `count`, spread over the n routes (a fixed stride, so every part of the table). */
function target(kind: 'exact' | 'prefix', n: number, i: number): string {
  const r = (i * 7919) % n;
  return kind === 'exact' ? routePath(kind, r) : `${routePath(kind, r)}page`;
}

const MAX_REQUESTS = 100_000;
const BUDGET_NS = 150_000_000n;
/** Each table is timed this many times, the tables in turn; the median is reported. */
const ROUNDS = 7;

/** A table built and compiled, ready to be timed. */
interface Built extends Omit<ScaleRow, 'ns_per_match'> {
  time(): number;
}

/** Mean ns per call of `once` over up to MAX_REQUESTS calls or ~0.15 s, after a warm-up. */
function timeLoop(paths: readonly string[], once: (path: string) => boolean): number {
  for (const p of paths) once(p);
  let done = 0;
  let misses = 0;
  const t0 = process.hrtime.bigint();
  let elapsed = 0n;
  while (done < MAX_REQUESTS && elapsed < BUDGET_NS) {
    for (let j = 0; j < 256; j++, done++) if (!once(paths[done % paths.length] ?? '/')) misses++;
    elapsed = process.hrtime.bigint() - t0;
  }
  if (misses > 0) throw new Error(`scale: ${misses} requests matched no route`);
  return Math.round(Number(elapsed) / done);
}

/** Distinct request paths every table is timed with, whatever its size. */
const REQUESTS = 8192;

/**
 * REQUESTS request paths spread over the n routes, each its own string decoded from bytes as
 * the listeners decode a request line: every table size sees the same number of distinct,
 * equally cold strings, so the timings differ by the table alone.
 */
function paths(kind: 'exact' | 'prefix', n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < REQUESTS; i++) out.push(Buffer.from(target(kind, n, i), 'latin1').toString('latin1'));
  return out;
}

function gatewayRow(n: number, kind: 'exact' | 'prefix'): Built {
  const before = heapUsed();
  const { model } = translateGateway(
    {
      gateways: [GATEWAY],
      virtualServices: [virtualService(n, kind)],
      destinationRules: [],
      services: [SERVICE],
    },
    {
      namespace: 'istio-system',
      name: 'istio-ingressgateway-bench',
      labels: { istio: 'ingressgateway', app: 'istio-ingressgateway' },
    },
  );
  const rc = model.routeConfigs.find((r) => r.virtualHosts.length > 0);
  if (!rc) throw new Error('scale: the translator built no route configuration');
  const compiled = compileRouteConfig(rc);
  const heap = heapUsed() - before;
  const req: RequestView = {
    host: HOST,
    authority: HOST,
    method: 'GET',
    scheme: 'http',
    path: '/',
    headers: {},
  };
  const all = paths(kind, n);
  const once = (path: string): boolean => {
    req.path = path;
    const vh = selectVirtualHost(compiled, req.host);
    return vh !== undefined && selectCompiledRoute(vh, req) !== undefined;
  };
  return {
    table: 'VirtualService routes (gateway)',
    routes: n,
    kind,
    heap_mb: Math.round((heap / 2 ** 20) * 10) / 10,
    time: () => timeLoop(all, once),
  };
}

function albRow(n: number, kind: 'exact' | 'prefix'): Built {
  const before = heapUsed();
  const ingress = obj({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: 'scale-alb',
      namespace: 'istio-system',
      annotations: {
        'kubernetes.io/ingress.class': 'alb',
        'alb.ingress.kubernetes.io/scheme': 'internet-facing',
      },
    },
    spec: {
      rules: [
        {
          http: {
            paths: Array.from({ length: n }, (_, i) => ({
              path: kind === 'exact' ? routePath(kind, i) : routePath(kind, i).slice(0, -1),
              pathType: kind === 'exact' ? 'Exact' : 'Prefix',
              backend: { service: { name: 'istio-ingressgateway', port: { number: 80 } } },
            })),
          },
        },
      ],
    },
  });
  const svc = obj({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'istio-ingressgateway', namespace: 'istio-system' },
    spec: {
      type: 'NodePort',
      ports: [{ name: 'http2', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 31000 }],
    },
  });
  const node = obj({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'gangway-node-1' },
    status: { addresses: [{ type: 'InternalIP', address: '127.250.0.1' }] },
  });
  const t = translateAlb(
    { ingresses: [ingress], ingressClasses: [], services: [svc], nodes: [node] },
    { region: 'eu-west-3', accountId: '111111111111' },
  );
  const listener = t.model.loadBalancers[0]?.listeners[0];
  if (!listener)
    throw new Error(
      `scale: the ALB translator built no listener: ${t.diagnostics.map((d) => d.message).join('; ')}`,
    );
  const compiled = compileListener(listener);
  const heap = heapUsed() - before;
  const input: MatchInput = {
    method: 'GET',
    path: '/',
    query: '',
    host: HOST,
    headers: ['host', HOST],
    sourceIp: '127.0.0.1',
  };
  const all = paths(kind, n);
  const once = (path: string): boolean => {
    input.path = path;
    return matchRule(compiled, input) !== undefined;
  };
  return {
    table: 'Ingress rules (ALB listener)',
    routes: n,
    kind,
    heap_mb: Math.round((heap / 2 ** 20) * 10) / 10,
    time: () => timeLoop(all, once),
  };
}

export async function measureScale(log: (line: string) => void): Promise<ScaleResult> {
  // Each step is synchronous work: yield between steps so Ctrl-C is handled promptly.
  const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
  const built: Built[] = [];
  for (const kind of ['exact', 'prefix'] as const)
    for (const n of [10, 1000, 10_000]) {
      await tick();
      built.push(gatewayRow(n, kind));
    }
  for (const kind of ['exact', 'prefix'] as const)
    for (const n of [10, 1000, 10_000]) {
      await tick();
      built.push(albRow(n, kind));
    }
  // Timed in turns, ROUNDS times each, so a pause of the machine or a GC hits one sample of
  // one table, not a whole table's figure.
  const samples = built.map(() => [] as number[]);
  for (let round = 0; round < ROUNDS; round++)
    for (let i = 0; i < built.length; i++) {
      await tick();
      samples[i]?.push((built[i] as Built).time());
    }
  const rows: ScaleRow[] = built.map((b, i) => {
    const sorted = (samples[i] ?? []).sort((x, y) => x - y);
    return {
      table: b.table,
      routes: b.routes,
      kind: b.kind,
      ns_per_match: sorted[Math.floor(sorted.length / 2)] ?? 0,
      heap_mb: b.heap_mb,
    };
  });
  for (const row of rows)
    log(
      `  ${row.table.padEnd(32)} ${String(row.routes).padStart(6)} ${row.kind.padEnd(6)} ${String(row.ns_per_match).padStart(9)} ns/match  heap ${row.heap_mb} MB`,
    );
  // The acceptance: the cost at the largest table within 2x of the cost at 10.
  for (const table of new Set(rows.map((r) => r.table)))
    for (const kind of ['exact', 'prefix'] as const) {
      const of = rows.filter((r) => r.table === table && r.kind === kind).sort((a, b) => a.routes - b.routes);
      const small = of[0];
      const large = of.at(-1);
      if (!small || !large || small === large || small.ns_per_match === 0) continue;
      const ratio = Math.round((large.ns_per_match / small.ns_per_match) * 100) / 100;
      log(`  ${table} ${kind}: ${large.routes} vs ${small.routes} = ${ratio}x (goal: within 2x)`);
    }
  return { rows };
}
