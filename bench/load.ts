// Load drivers: wrk for HTTP/1.1 (autocannon when wrk is missing), h2load for HTTP/2 over TLS.
// Each run is one bounded process; output goes through the pure parsers of parse.ts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAutocannon, parseH2load, parseWrk, WRK_REPORT_LUA, type LoadResult } from './parse.ts';
import { hasCommand, run } from './procs.ts';

export interface LoadTarget {
  /** http://ADDR:PORT/path or https://HOST:PORT/path (h2). */
  url: string;
  /** Host header (h1) / :authority (h2); the URL's host when absent. */
  host?: string;
  /** h2: connect here (ADDR:PORT) instead of the URL's authority. */
  connectTo?: string;
  h2?: boolean;
}

export interface LoadOptions {
  durationS: number;
  connections: number;
}

const work = mkdtempSync(join(tmpdir(), 'gangway-bench-load-'));
const luaFile = join(work, 'report.lua');
writeFileSync(luaFile, WRK_REPORT_LUA);

export function removeLoadFiles(): void {
  rmSync(work, { recursive: true, force: true });
}

export const haveWrk = hasCommand('wrk');
export const haveH2load = hasCommand('h2load');

function checked(tool: string, code: number | null, stderr: string): void {
  if (code !== 0) throw new Error(`${tool} exited ${String(code)}: ${stderr.slice(0, 400)}`);
}

async function wrk(t: LoadTarget, o: LoadOptions): Promise<LoadResult> {
  const args = ['-t1', `-c${o.connections}`, `-d${o.durationS}s`, '-s', luaFile];
  if (t.host !== undefined) args.push('-H', `Host: ${t.host}`);
  args.push(t.url);
  const r = await run('wrk', args, (o.durationS + 30) * 1000);
  checked('wrk', r.code, r.stderr);
  return parseWrk(r.stdout);
}

async function autocannon(t: LoadTarget, o: LoadOptions): Promise<LoadResult> {
  const bin = join(import.meta.dirname, '..', 'node_modules', '.bin', 'autocannon');
  const args = ['-c', String(o.connections), '-d', String(o.durationS), '--json'];
  if (t.host !== undefined) args.push('-H', `Host=${t.host}`);
  args.push(t.url);
  const r = await run(bin, args, (o.durationS + 30) * 1000);
  checked('autocannon', r.code, r.stderr);
  return parseAutocannon(r.stdout);
}

/** h2load: one client thread, the connections spread 8 streams each (perf-baseline: -c8 -m8). */
async function h2load(t: LoadTarget, o: LoadOptions): Promise<LoadResult> {
  const clients = Math.max(1, Math.round(o.connections / 8));
  const log = join(work, 'h2load.log');
  const args = ['-t1', `-c${clients}`, '-m8', '-D', String(o.durationS), `--log-file=${log}`];
  if (t.connectTo !== undefined) args.push(`--connect-to=${t.connectTo}`);
  if (t.host !== undefined) args.push('-H', `:authority: ${t.host}`);
  args.push(t.url);
  const r = await run('h2load', args, (o.durationS + 30) * 1000);
  checked('h2load', r.code, r.stderr);
  const text = readFileSync(log, 'utf8');
  rmSync(log, { force: true });
  return parseH2load(r.stdout, text);
}

/** One load run against the target with the best tool available. */
export function loadRun(t: LoadTarget, o: LoadOptions): Promise<LoadResult> {
  if (t.h2 === true) return h2load(t, o);
  return haveWrk ? wrk(t, o) : autocannon(t, o);
}
