// What the ALB answers by itself: its nginx-style HTML error pages (`Server: awselb/2.0`,
// `text/html`; the 503 page is 162 bytes, the 301 page 134), redirect Locations built from
// the action's #{protocol}/#{host}/#{port}/#{path}/#{query} placeholders, and fixed responses.
import { STATUS_CODES } from 'node:http';
import type { AlbAction } from '../../alb/model.ts';

export const ALB_SERVER = 'awselb/2.0';

/** nginx's reason phrases where they differ from Node's (the ALB front end is nginx-derived). */
const TITLES: Record<number, string> = {
  301: 'Moved Permanently',
  302: 'Found',
  400: 'Bad Request',
  405: 'Method Not Allowed',
  463: 'Bad Request',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

/** The reason phrase the ALB puts on its status line (nginx's where it differs from Node's). */
export function reasonPhrase(status: number): string {
  return TITLES[status] ?? STATUS_CODES[status] ?? '';
}

export interface AlbPage {
  status: number;
  body: Buffer;
  contentLength: string;
}

function page(status: number): AlbPage {
  const title = `${status} ${reasonPhrase(status)}`;
  const body = Buffer.from(
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`,
    'latin1',
  );
  return { status, body, contentLength: String(body.length) };
}

const PAGES = new Map<number, AlbPage>();

/** The ALB's own page for a status, built once. */
export function albPage(status: number): AlbPage {
  let p = PAGES.get(status);
  if (p === undefined) {
    p = page(status);
    PAGES.set(status, p);
  }
  return p;
}

/** The request as a redirect sees it: the listener's protocol and port, not the bound port. */
export interface RedirectSource {
  protocol: 'http' | 'https';
  host: string; // without the port
  port: number; // the listener's port
  path: string; // with its leading '/'
  query: string; // without '?'
}

type RedirectAction = Extract<AlbAction, { type: 'redirect' }>;

function fill(template: string, src: RedirectSource): string {
  if (!template.includes('#{')) return template;
  return template
    .replaceAll('#{protocol}', src.protocol)
    .replaceAll('#{host}', src.host)
    .replaceAll('#{port}', String(src.port))
    .replaceAll('#{path}', src.path.startsWith('/') ? src.path.slice(1) : src.path)
    .replaceAll('#{query}', src.query);
}

/** The Location of a redirect action: always with the port (`https://host:443/`). */
export function redirectLocation(action: RedirectAction, src: RedirectSource): string {
  const protocol = fill(action.protocol, src).toLowerCase();
  const host = fill(action.host, src);
  const port = fill(action.port, src);
  let path = fill(action.path, src);
  if (!path.startsWith('/')) path = '/' + path;
  const query = fill(action.query, src);
  return `${protocol}://${host}:${port}${path}${query === '' ? '' : '?' + query}`;
}

export function redirectStatus(action: RedirectAction): number {
  return action.statusCode === 'HTTP_302' ? 302 : 301;
}

type FixedAction = Extract<AlbAction, { type: 'fixed-response' }>;

export interface FixedResponse {
  status: number;
  contentType: string;
  body: Buffer;
  contentLength: string;
}

const FIXED = new WeakMap<FixedAction, FixedResponse>();

/** A fixed-response action as sent: `<contentType>; charset=utf-8`, the body as given. */
export function fixedResponse(action: FixedAction): FixedResponse {
  let f = FIXED.get(action);
  if (f === undefined) {
    const body = Buffer.from(action.messageBody ?? '', 'utf8');
    f = {
      status: Number(action.statusCode),
      contentType: `${action.contentType ?? 'text/plain'}; charset=utf-8`,
      body,
      contentLength: String(body.length),
    };
    FIXED.set(action, f);
  }
  return f;
}
