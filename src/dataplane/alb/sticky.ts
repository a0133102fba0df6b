// The ALB's stickiness cookies: AWSALB / AWSALBCORS (target stickiness, lb_cookie) and
// AWSALBTG / AWSALBTGCORS (forward-action target group stickiness). Values are opaque to the
// client (an HMAC-signed subject and expiry under a per-process key); the cookies themselves
// always expire in 7 days, the stickiness duration is kept inside the value, as AWS does.
import { createHmac, randomBytes } from 'node:crypto';

const KEY = randomBytes(32);
const MAC_BYTES = 12;
const COOKIE_LIFETIME_MS = 7 * 24 * 3600 * 1000;

function mac(payload: Buffer): Buffer {
  return createHmac('sha256', KEY).update(payload).digest().subarray(0, MAC_BYTES);
}

/** An opaque cookie value naming `subject` until `expiresMs`. */
export function encodeSticky(subject: string, expiresMs: number): string {
  const payload = Buffer.from(`${String(expiresMs)}\n${subject}`, 'utf8');
  return Buffer.concat([mac(payload), payload]).toString('base64');
}

/** The subject of a cookie value, or undefined when forged, garbled or expired. */
export function decodeSticky(value: string, nowMs: number): string | undefined {
  const raw = Buffer.from(value, 'base64');
  if (raw.length <= MAC_BYTES) return undefined;
  const payload = raw.subarray(MAC_BYTES);
  if (!mac(payload).equals(raw.subarray(0, MAC_BYTES))) return undefined;
  const text = payload.toString('utf8');
  const nl = text.indexOf('\n');
  if (nl === -1 || Number(text.slice(0, nl)) <= nowMs) return undefined;
  return text.slice(nl + 1);
}

/** The first value of cookie `name` (or of `name`CORS) in the raw request headers. */
export function readStickyCookie(raw: readonly string[], name: string): string | undefined {
  let cors: string | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const h = raw[i]!;
    if (h.length !== 6 || h.toLowerCase() !== 'cookie') continue;
    for (const crumb of raw[i + 1]!.split(';')) {
      const eq = crumb.indexOf('=');
      if (eq === -1) continue;
      const k = crumb.slice(0, eq).trim();
      if (k === name) return crumb.slice(eq + 1).trim();
      if (cors === undefined && k === name + 'CORS') cors = crumb.slice(eq + 1).trim();
    }
  }
  return cors;
}

/** The two Set-Cookie values the ALB sends for one stickiness cookie. */
export function stickyCookies(name: string, value: string, now: Date): [string, string] {
  const expires = new Date(now.getTime() + COOKIE_LIFETIME_MS).toUTCString();
  return [
    `${name}=${value}; Expires=${expires}; Path=/`,
    `${name}CORS=${value}; Expires=${expires}; Path=/; SameSite=None; Secure`,
  ];
}
