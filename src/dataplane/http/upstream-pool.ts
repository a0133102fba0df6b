// Upstream connection errors as the proxies classify them: the errno of a connect error and
// whether an error happened while connecting (nothing was written on the socket). The pools
// themselves are in host-pool.ts.
import { constants } from 'node:os';

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
