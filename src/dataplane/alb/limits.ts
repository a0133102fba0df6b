// The ALB's request limits, checked on what the client sent (HTTP/1.1 and HTTP/2 alike):
// 400 for a request line over 16 KiB, a single header over 16 KiB or all headers over
// 64 KiB, 405 for TRACE, 501 for a Transfer-Encoding other than chunked (or identity).
export const MAX_REQUEST_LINE = 16 * 1024;
export const MAX_HEADER = 16 * 1024;
export const MAX_HEADERS = 64 * 1024;
/** What node's parser may read before it gives up (the ALB's limits are checked after). */
export const PARSER_MAX_HEADER_SIZE = MAX_REQUEST_LINE + MAX_HEADERS + 1024;

/**
 * The status the ALB answers by itself for a request over its limits, or 0 when the request
 * may go on. Pseudo-headers are skipped: `:path` is counted through `target`.
 */
export function requestLimitStatus(method: string, target: string, raw: readonly string[]): number {
  // 'GET /path HTTP/1.1'
  if (method.length + target.length + 10 > MAX_REQUEST_LINE) return 400;
  let total = 0;
  let badTe = false;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.charCodeAt(0) === 58 /* ':' */) continue;
    const value = raw[i + 1]!;
    const size = name.length + value.length + 4; // 'name: value\r\n'
    if (size > MAX_HEADER) return 400;
    total += size;
    if (name.length === 17 && name.toLowerCase() === 'transfer-encoding' && !supportedCoding(value))
      badTe = true;
  }
  if (total > MAX_HEADERS) return 400;
  if (method === 'TRACE') return 405;
  if (badTe) return 501;
  return 0;
}

function supportedCoding(value: string): boolean {
  for (const part of value.split(',')) {
    const c = part.trim().toLowerCase();
    if (c !== 'chunked' && c !== 'identity' && c !== '') return false;
  }
  return true;
}
