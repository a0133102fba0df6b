// The load generator: `connections` workers, each with its own keep-alive connection (an
// undici Client, one request at a time, as fortio's threads), issuing calls at the asked rate
// for a number of calls or a duration, recording status codes (-1 for a failed call), latencies
// and the sockets opened.
import { Client } from 'undici';
import { Histogram, type Summary } from './histogram.ts';
import { targetOf, type LoadOptions, type Target } from './options.ts';

export interface LoadResult {
  url: string;
  connections: number;
  requestedQps: number;
  requestedRequests: number | undefined;
  requestedDurationMs: number;
  /** Calls recorded (warmup calls excluded). */
  calls: number;
  warmup: number;
  elapsedNs: bigint;
  actualQps: number;
  socketsUsed: number;
  /** Status code -> count; -1 for calls that got no response. */
  codes: Map<number, number>;
  latency: Summary;
  /** Calls whose status is not 2xx nor 418, as fortio's "Error cases". */
  errors: Summary;
  bodies: Map<string, number>;
  bodyBytes: number;
}

interface Shared {
  opts: LoadOptions;
  target: Target;
  headers: string[];
  latency: Histogram;
  errors: Histogram;
  codes: Map<number, number>;
  bodies: Map<string, number>;
  bodyBytes: number;
  start: bigint;
  /** hrtime deadline; undefined without one. */
  endNs: bigint | undefined;
}

function requestHeaders(opts: LoadOptions, target: Target): string[] {
  const out: string[] = [];
  let host = false;
  for (const [name, value] of opts.headers) {
    if (name.toLowerCase() === 'host') host = true;
    out.push(name, value);
  }
  if (!host) out.push('host', target.host);
  if (!opts.headers.some(([n]) => n.toLowerCase() === 'user-agent')) out.push('user-agent', 'gangway-load');
  return out;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One call: its status (-1 on error) after the whole body is read. */
async function call(client: Client, s: Shared): Promise<number> {
  const o = s.opts;
  try {
    const res = await client.request({
      path: s.target.path,
      method: o.method,
      headers: s.headers,
      body: o.payload ?? null,
      headersTimeout: o.timeoutMs,
      bodyTimeout: o.timeoutMs,
    });
    if (o.bodyPattern) {
      const text = await res.body.text();
      s.bodyBytes += Buffer.byteLength(text);
      const m = o.bodyPattern.exec(text);
      const key = m ? (m[1] ?? m[0]) : '<no match>';
      s.bodies.set(key, (s.bodies.get(key) ?? 0) + 1);
    } else {
      for await (const chunk of res.body) s.bodyBytes += (chunk as Buffer).length;
    }
    return res.statusCode;
  } catch {
    return -1;
  }
}

function stopped(s: Shared): boolean {
  return s.opts.signal?.aborted === true || (s.endNs !== undefined && process.hrtime.bigint() >= s.endNs);
}

async function worker(client: Client, s: Shared, calls: number | undefined): Promise<void> {
  const intervalMs = s.opts.qps > 0 ? (1000 * s.opts.connections) / s.opts.qps : 0;
  const t0 = Date.now();
  for (let k = 0; calls === undefined || k < calls; k++) {
    if (calls === undefined && stopped(s)) break;
    if (s.opts.signal?.aborted) break;
    if (intervalMs > 0) {
      const wait = t0 + k * intervalMs - Date.now();
      if (wait > 0) await sleep(wait);
      if (calls === undefined && stopped(s)) break;
    }
    const begin = process.hrtime.bigint();
    const code = await call(client, s);
    const seconds = Number(process.hrtime.bigint() - begin) / 1e9;
    s.latency.record(seconds);
    if (!((code >= 200 && code < 300) || code === 418)) s.errors.record(seconds);
    s.codes.set(code, (s.codes.get(code) ?? 0) + 1);
  }
}

/** Runs the load and returns what it measured. Throws TypeError on an unusable URL. */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const target = targetOf(opts.url, opts.resolve);
  const c = Math.max(1, opts.connections);
  let sockets = 0;
  const clients: Client[] = [];
  for (let i = 0; i < c; i++) {
    const client = new Client(target.origin, {
      pipelining: 1,
      connect: {
        ...(target.servername === undefined ? {} : { servername: target.servername }),
        ...(opts.ca === undefined ? {} : { ca: opts.ca }),
        rejectUnauthorized: opts.insecure !== true,
      },
    });
    client.on('connect', () => {
      sockets++;
    });
    clients.push(client);
  }
  const counted = opts.requests !== undefined;
  const s: Shared = {
    opts,
    target,
    headers: requestHeaders(opts, target),
    latency: new Histogram(),
    errors: new Histogram(),
    codes: new Map(),
    bodies: new Map(),
    bodyBytes: 0,
    start: 0n,
    endNs: undefined,
  };
  try {
    const warm = !counted;
    if (warm) await Promise.all(clients.map((cl) => call(cl, s)));
    s.bodies.clear();
    s.bodyBytes = 0;
    s.start = process.hrtime.bigint();
    if (!counted && opts.durationMs > 0) s.endNs = s.start + BigInt(Math.round(opts.durationMs * 1e6));
    const total = opts.requests ?? 0;
    const per = Math.floor(total / c);
    const extra = total % c;
    await Promise.all(clients.map((cl, i) => worker(cl, s, counted ? per + (i < extra ? 1 : 0) : undefined)));
    const elapsedNs = process.hrtime.bigint() - s.start;
    const calls = s.latency.count;
    return {
      url: opts.url,
      connections: c,
      requestedQps: opts.qps,
      requestedRequests: opts.requests,
      requestedDurationMs: opts.durationMs,
      calls,
      warmup: warm ? c : 0,
      elapsedNs,
      actualQps: elapsedNs > 0n ? (calls * 1e9) / Number(elapsedNs) : 0,
      socketsUsed: sockets,
      codes: s.codes,
      latency: s.latency.summary(),
      errors: s.errors.summary(),
      bodies: s.bodies,
      bodyBytes: s.bodyBytes,
    };
  } finally {
    await Promise.all(clients.map((cl) => cl.destroy().catch(() => undefined)));
  }
}
