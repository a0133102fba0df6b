// The dashboard's protection: the API's bearer token, as an Authorization header or as the
// HttpOnly SameSite=Strict cookie set once from `?token=` (a browser cannot send a header on
// first load), after which the page's URL is redirected to its clean form.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const COOKIE = 'gangway_token';

function same(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token from `Authorization: Bearer` or the cookie, if it is the right one. */
export function authorized(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer\s+(.+)$/i.exec(header.trim());
    return m !== null && same(m[1]!.trim(), token);
  }
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === COOKIE)
      return same(decodeURIComponent(part.slice(eq + 1).trim()), token);
  }
  return false;
}

/**
 * `?token=` on a page URL: sets the cookie and redirects (303) to the URL without it.
 * Returns true when it answered.
 */
export function acceptQueryToken(res: ServerResponse, url: URL, token: string): boolean {
  const given = url.searchParams.get('token');
  if (given === null) return false;
  if (!same(given, token)) {
    unauthorizedPage(res);
    return true;
  }
  const clean = new URL(url.toString());
  clean.searchParams.delete('token');
  res.writeHead(303, {
    'Set-Cookie': `${COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict; Secure`,
    Location: `${clean.pathname}${clean.search}`,
    'Cache-Control': 'no-store',
  });
  res.end();
  return true;
}

export function unauthorizedPage(res: ServerResponse): void {
  res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end('Unauthorized: open the URL that `gangway dashboard --url` prints (it carries the token).\n');
}

export function unauthorizedJson(res: ServerResponse): void {
  res.writeHead(401, { 'Content-Type': 'application/json' });
  res.end(
    JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    }),
  );
}
