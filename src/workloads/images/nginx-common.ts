// What every nginx-based demo image shares on the wire: the Server token, nginx's time
// formats (cached per second, as nginx caches its time strings), $request_id, the built-in
// error pages and the `main` access log format.
import { randomFillSync } from 'node:crypto';

export const NGINX_VERSION = '1.27.4';
export const SERVER = `nginx/${NGINX_VERSION}`;

export interface NginxTimes {
  /** Date header: `Thu, 26 Nov 2026 13:28:47 GMT` */
  http: string;
  /** Expires header for `expires -1`: one second earlier */
  expires: string;
  /** $time_local in UTC: `26/Nov/2026:13:28:47 +0000` */
  local: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function timeLocal(d: Date): string {
  return (
    `${pad2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()] ?? ''}/${d.getUTCFullYear()}:` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`
  );
}

let cachedSecond = -1;
let cached: NginxTimes = { http: '', expires: '', local: '' };

/** The time strings for `nowMs`, recomputed once per second. */
export function nginxTimes(nowMs: number = Date.now()): NginxTimes {
  const second = Math.floor(nowMs / 1000);
  if (second !== cachedSecond) {
    const d = new Date(second * 1000);
    cached = {
      http: d.toUTCString(),
      expires: new Date((second - 1) * 1000).toUTCString(),
      local: timeLocal(d),
    };
    cachedSecond = second;
  }
  return cached;
}

// $request_id: 16 random bytes as 32 lowercase hex, drawn from a pool refilled in bulk.
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let poolOffset = POOL_BYTES;

export function requestId(): string {
  if (poolOffset + 16 > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const id = pool.toString('hex', poolOffset, poolOffset + 16);
  poolOffset += 16;
  return id;
}

/** nginx's built-in error page (ngx_http_special_response.c layout), CRLF line ends. */
export function errorPage(status: number, text: string): string {
  return (
    `<html>\r\n<head><title>${status} ${text}</title></head>\r\n<body>\r\n` +
    `<center><h1>${status} ${text}</h1></center>\r\n<hr><center>${SERVER}</center>\r\n</body>\r\n</html>\r\n`
  );
}

export const PAGE_405 = errorPage(405, 'Not Allowed');
export const PAGE_400 = errorPage(400, 'Bad Request');

/** `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for"` */
export function accessLogLine(
  remoteAddr: string,
  local: string,
  request: string,
  status: number,
  bytes: number,
  referer: string | undefined,
  userAgent: string | undefined,
  forwardedFor: string | undefined,
): string {
  return `${remoteAddr} - - [${local}] "${request}" ${status} ${bytes} "${referer ?? '-'}" "${userAgent ?? '-'}" "${forwardedFor ?? '-'}"`;
}

/** nginx answers 400 to a URI path with a `%` not followed by two hex digits. */
export function hasBadEscape(uri: string): boolean {
  const q = uri.indexOf('?');
  const end = q < 0 ? uri.length : q;
  let i = uri.indexOf('%');
  while (i >= 0 && i < end) {
    if (!isHex(uri.charCodeAt(i + 1)) || !isHex(uri.charCodeAt(i + 2))) return true;
    i = uri.indexOf('%', i + 3);
  }
  return false;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
