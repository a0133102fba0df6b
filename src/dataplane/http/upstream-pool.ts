// Keep-alive upstream connection pools: one undici Pool per upstream endpoint, HTTP/1.1,
// no pipelining (a request waits for a free connection rather than queuing behind another
// response on a busy one), no undici-side timeouts (the caller owns route timeouts).
import { constants } from 'node:os';
import { Pool } from 'undici';

export interface PoolOptions {
  /** Connections at most (Envoy's default circuit breaker is effectively unbounded; 1024 here). */
  connections?: number;
  /** Idle keep-alive time of an upstream connection (Envoy's idleTimeout default: 1 h). */
  idleMs?: number;
  connectTimeoutMs?: number;
}

export function createUpstreamPool(host: string, port: number, opts: PoolOptions = {}): Pool {
  const idle = opts.idleMs ?? 3_600_000;
  return new Pool(`http://${host.includes(':') ? `[${host}]` : host}:${port}`, {
    connections: opts.connections ?? 1024,
    pipelining: 1,
    keepAliveTimeout: Math.min(idle, 600_000),
    keepAliveMaxTimeout: idle,
    keepAliveTimeoutThreshold: 1_000,
    headersTimeout: 0,
    bodyTimeout: 0,
    connectTimeout: opts.connectTimeoutMs ?? 10_000,
  });
}

/** The errno number of a connect error (ECONNREFUSED -> 111 on Linux), or undefined. */
export function errnoOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { errno?: unknown; code?: unknown };
  if (typeof e.errno === 'number') return Math.abs(e.errno);
  if (typeof e.code === 'string' && e.code in constants.errno)
    return constants.errno[e.code as keyof typeof constants.errno];
  return undefined;
}

/** An error raised while connecting (nothing was written on the socket). */
export function isConnectError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  return (
    code === 'ECONNREFUSED' ||
    code === 'EHOSTUNREACH' ||
    code === 'ENETUNREACH' ||
    code === 'EADDRNOTAVAIL' ||
    code === 'ETIMEDOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  );
}
