// What a load run is asked to do (`gangway load` flags, fortio's defaults) and how its target
// is reached: the URL's host, or the address a `--resolve host:port:addr` entry gives it.

export interface ResolveEntry {
  host: string;
  port: number;
  address: string;
}

export interface LoadOptions {
  url: string;
  /** -c: connections, each with its own keep-alive socket and one request at a time. */
  connections: number;
  /** -n: total calls, split over the connections; absent: run for durationMs. */
  requests?: number;
  /** -t: run time when requests is absent; 0 = until the signal aborts. */
  durationMs: number;
  /** --qps: total target rate; 0 = as fast as possible. */
  qps: number;
  method: string;
  /** -H entries in order; a `Host` entry replaces the URL's authority. */
  headers: readonly (readonly [string, string])[];
  payload?: string;
  /** PEM text of the CA bundle to verify HTTPS targets with. */
  ca?: string;
  insecure?: boolean;
  resolve: readonly ResolveEntry[];
  /** Per-call limit for the response headers and then for each body chunk. */
  timeoutMs: number;
  /** Count bodies by the first match (its first group if any) of this pattern. */
  bodyPattern?: RegExp;
  signal?: AbortSignal;
}

export const LOAD_DEFAULTS = {
  connections: 4,
  durationMs: 5000,
  qps: 8,
  method: 'GET',
  timeoutMs: 3000,
} as const;

export interface Target {
  /** Where the sockets go: `http://127.0.0.1:8080`. */
  origin: string;
  /** Path and query of the URL. */
  path: string;
  /** The Host header. */
  host: string;
  /** TLS server name (absent for IP literals and plain HTTP). */
  servername?: string;
  secure: boolean;
}

function isIp(host: string): boolean {
  return /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.includes(':');
}

/** Parses `host:port:address` as curl's --resolve does. */
export function parseResolve(text: string): ResolveEntry | undefined {
  const m = /^([^:]+):(\d+):(.+)$/.exec(text);
  if (!m) return undefined;
  const address = (m[3] ?? '').replace(/^\[(.*)\]$/, '$1');
  return { host: (m[1] ?? '').toLowerCase(), port: Number(m[2]), address };
}

/** The target of a URL; throws TypeError on a URL that is not http(s). */
export function targetOf(url: string, resolve: readonly ResolveEntry[]): Target {
  const u = new URL(url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new TypeError(`unsupported URL scheme ${u.protocol.replace(':', '')} (http and https only)`);
  const secure = u.protocol === 'https:';
  const port = u.port === '' ? (secure ? 443 : 80) : Number(u.port);
  const hostname = u.hostname.replace(/^\[(.*)\]$/, '$1');
  const entry = resolve.find((r) => r.host === hostname.toLowerCase() && r.port === port);
  const dial = entry?.address ?? hostname;
  const dialHost = dial.includes(':') ? `[${dial}]` : dial;
  const target: Target = {
    origin: `${u.protocol}//${dialHost}:${port}`,
    path: `${u.pathname}${u.search}`,
    host: u.host,
    secure,
  };
  if (secure && !isIp(hostname)) target.servername = hostname;
  return target;
}
