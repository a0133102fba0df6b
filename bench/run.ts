// `npm run bench`: the benchmark harness of issue 7. Starts the fixed backend, the nginx and
// HAProxy two-hop chains and the gangway stack, runs every case in interleaved rounds (the
// median is reported, so the machine's drift cancels), prints the table and the gangway / nginx
// ratios, measures route-table scale and kubectl-apply-to-serving latency, and writes
// bench/results/latest.json. Everything it started is stopped at the end, on error and on Ctrl-C.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBenchArgs, USAGE, type BenchArgs } from './args.ts';
import { applyLatency, type ApplyLatency } from './apply-latency.ts';
import { haveH2load, haveWrk, loadRun, removeLoadFiles, type LoadTarget } from './load.ts';
import type { LoadResult } from './parse.ts';
import { freePort, hasCommand, onCleanup, stopAll } from './procs.ts';
import { ratios, summarize, table, type CaseSummary } from './report.ts';
import { measureScale, type ScaleResult } from './scale.ts';
import {
  BODY,
  nginxBackendConf,
  nginxProxyConf,
  startHaproxy,
  startNginx,
  startNodeBackend,
} from './servers.ts';
import { get, HOST, startStack, waitFor, type BenchStack } from './stack.ts';

interface Case {
  name: string;
  target: LoadTarget;
}

const log = (line: string): void => void process.stdout.write(`${line}\n`);

async function startReferences(root: string, cases: Case[], backendPort: number): Promise<void> {
  if (hasCommand('nginx')) {
    const [p1, p2] = [await freePort(), await freePort()];
    startNginx(root, 'nginx-hop2', (d) => nginxProxyConf(d, p2, backendPort));
    startNginx(root, 'nginx-hop1', (d) => nginxProxyConf(d, p1, p2));
    cases.push({ name: 'nginx-full-http', target: { url: `http://127.0.0.1:${p1}/`, host: HOST } });
  } else log('skipped nginx-full-http: nginx is not installed (apt-get install nginx)');
  if (hasCommand('haproxy')) {
    const [p1, p2] = [await freePort(), await freePort()];
    startHaproxy(root, 'haproxy-hop2', p2, backendPort);
    startHaproxy(root, 'haproxy-hop1', p1, p2);
    cases.push({ name: 'haproxy-full-http', target: { url: `http://127.0.0.1:${p1}/`, host: HOST } });
  } else log('skipped haproxy-full-http: haproxy is not installed (apt-get install haproxy)');
}

function gangwayCases(s: BenchStack): Case[] {
  const cases: Case[] = [
    { name: 'gangway-gateway-hop', target: { url: `http://${s.nodeIP}:${s.nodePort}/`, host: HOST } },
    { name: 'gangway-full-http', target: { url: `http://${s.albIP}:${s.httpPort}/`, host: HOST } },
  ];
  if (haveH2load)
    cases.push({
      name: 'gangway-full-https-h2',
      target: { url: `https://${HOST}:${s.httpsPort}/`, connectTo: `${s.albIP}:${s.httpsPort}`, h2: true },
    });
  else log('skipped gangway-full-https-h2: h2load is not installed (apt-get install nghttp2-client)');
  return cases;
}

async function measure(cases: readonly Case[], args: BenchArgs): Promise<CaseSummary[]> {
  const runs = new Map<string, LoadResult[]>(cases.map((c) => [c.name, []]));
  log(`warm-up: 1 s per case`);
  for (const c of cases) await loadRun(c.target, { durationS: 1, connections: args.connections });
  for (let round = 1; round <= args.rounds; round++) {
    // Rotate the order each round so no case always runs first or last.
    for (let i = 0; i < cases.length; i++) {
      const c = cases[(i + round - 1) % cases.length];
      if (!c) continue;
      // 1 s of the same load first, not counted: what the case before it left behind (its
      // connections closing, its garbage) does not land in this case's figures.
      await loadRun(c.target, { durationS: 1, connections: args.connections });
      const r = await loadRun(c.target, { durationS: args.durationS, connections: args.connections });
      runs.get(c.name)?.push(r);
      log(
        `round ${round}/${args.rounds} ${c.name.padEnd(22)} ${Math.round(r.rps)} req/s  p50 ${r.p50_ms.toFixed(2)} ms  p99 ${r.p99_ms.toFixed(2)} ms${r.errors ? `  errors ${r.errors}` : ''}`,
      );
    }
  }
  return cases.map((c) => summarize(c.name, runs.get(c.name) ?? []));
}

async function main(): Promise<void> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (err) {
    log(`${(err as Error).message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const root = mkdtempSync(join(tmpdir(), 'gangway-bench-'));
  onCleanup(() => {
    removeLoadFiles();
    rmSync(root, { recursive: true, force: true });
  });
  const started = Date.now();
  try {
    log(
      `gangway bench: ${args.durationS} s per run, ${args.connections} connections, ${args.rounds} interleaved rounds, load by ${haveWrk ? 'wrk' : 'autocannon (apt-get install wrk for lower client overhead)'}`,
    );
    const backendPort = await freePort();
    const cases: Case[] = [
      { name: 'direct', target: { url: `http://127.0.0.1:${backendPort}/`, host: HOST } },
    ];
    if (hasCommand('nginx')) startNginx(root, 'backend', (d) => nginxBackendConf(d, backendPort));
    else startNodeBackend(backendPort);
    await waitFor('the backend', async () => (await get('127.0.0.1', backendPort)).body === BODY);
    let stack: BenchStack | undefined;
    let summaries: CaseSummary[] = [];
    if (!args.skipLoad) {
      await startReferences(root, cases, backendPort);
      log('starting gangway (gangway up with the seed manifests, as a child of the bench)...');
      stack = await startStack(backendPort, args.addressBlock, BODY);
      log(
        `gangway up in ${stack.home}: NodePort ${stack.nodeIP}:${stack.nodePort}, ALB ${stack.albIP}:${stack.httpPort}/${stack.httpsPort}`,
      );
      const all = [...cases.slice(0, 1), ...gangwayCases(stack), ...cases.slice(1)].filter(
        (c) => args.cases.length === 0 || args.cases.includes(c.name),
      );
      for (const c of all)
        if (!c.target.h2) {
          const u = new URL(c.target.url);
          await waitFor(
            `${c.name} to serve the page`,
            async () => (await get(u.hostname, Number(u.port))).body === BODY,
          );
        }
      summaries = await measure(all, args);
      log('');
      for (const line of table(summaries)) log(line);
    }
    const vsNginx = ratios(summaries, 'nginx-full-http');
    const vsHaproxy = ratios(summaries, 'haproxy-full-http');
    if (vsNginx)
      log(
        `gangway-full-http / nginx-full-http: req/s ${vsNginx.rps}x, p99 ${vsNginx.p99}x (goal: >= 0.6x, <= 2x)`,
      );
    if (vsHaproxy)
      log(`gangway-full-http / haproxy-full-http: req/s ${vsHaproxy.rps}x, p99 ${vsHaproxy.p99}x`);
    let scale: ScaleResult | undefined;
    let apply: ApplyLatency[] | undefined;
    if (!args.skipScale) {
      log('\nscale: route match cost and heap (real translators and matchers)');
      scale = await measureScale(log);
      if (stack) {
        log('\nscale: kubectl apply of a VirtualService change -> served by the data plane');
        apply = await applyLatency(stack, [10, 10_000], log);
      }
    }
    const out = {
      date: new Date().toISOString(),
      node: process.version,
      duration_s: args.durationS,
      connections: args.connections,
      rounds: args.rounds,
      load_tool: haveWrk ? 'wrk' : 'autocannon',
      cases: summaries,
      ratios: {
        'gangway-full-http/nginx-full-http': vsNginx,
        'gangway-full-http/haproxy-full-http': vsHaproxy,
      },
      scale: scale ? { ...scale, apply_latency: apply } : undefined,
      elapsed_s: Math.round((Date.now() - started) / 1000),
    };
    const dir = join(import.meta.dirname, 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(out, null, 2)}\n`);
    log(`\nwrote bench/results/latest.json (${out.elapsed_s} s)`);
  } catch (err) {
    log(`bench failed: ${(err as Error).stack ?? String(err)}`);
    process.exitCode = 1;
  } finally {
    await stopAll();
  }
}

let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.on(sig, () => {
    if (interrupted) return;
    interrupted = true;
    log(`\n${sig}: stopping everything the bench started`);
    void stopAll().finally(() => process.exit(130));
  });

await main();
