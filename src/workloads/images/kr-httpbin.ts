// kennethreitz/httpbin (postmanlabs/httpbin 0.9.2 under gunicorn 19.9.0 on port 80): Flask's
// pretty JSON (sorted keys, `, ` separators, string values, lists for repeated keys), the
// hidden proxy headers, Werkzeug 0.14 error pages with upper-case reason phrases, Flask's
// automatic HEAD and OPTIONS, CORS headers, and gunicorn's startup lines only.
import { randomBytes, randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { ContainerInstance, RunContext } from '../container.ts';
import { gunicornBanner, readBody, remoteIP, startAppServer } from './app-server.ts';
import { MOBY_DICK, PY_INDEX, PY_TEAPOT, ROBOTS, SLIDESHOW, XML } from './httpbin-pages.ts';
import {
  cookies,
  formPairs,
  headerPairs,
  mediaType,
  parseStatusList,
  pathOf,
  pickWeighted,
  pyJson,
  queryPairs,
  type Pair,
} from './httpbin-shared.ts';

const SERVER = 'gunicorn/19.9.0';
const HTML = 'text/html; charset=utf-8';
const ENV_HEADERS = new Set([
  'X-Forwarded-For',
  'X-Forwarded-Proto',
  'X-Forwarded-Protocol',
  'X-Forwarded-Ssl',
  'X-Forwarded-Port',
  'X-Real-Ip',
  'X-Request-Id',
  'Via',
  'X-Varnish',
]);
const ANY = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'TRACE'];
const REDIRECT_CODES = new Set([301, 302, 303, 305, 307]);

function werkzeugPage(code: number, title: string, text: string): string {
  return (
    `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n<title>${code} ${title}</title>\n` +
    `<h1>${title}</h1>\n<p>${text}</p>\n`
  );
}

const PAGE_404 = werkzeugPage(
  404,
  'Not Found',
  'The requested URL was not found on the server.  If you entered the URL manually please check your spelling and try again.',
);
const PAGE_405 = werkzeugPage(405, 'Method Not Allowed', 'The method is not allowed for the requested URL.');
const PAGE_500 = werkzeugPage(
  500,
  'Internal Server Error',
  'The server encountered an internal error and was unable to complete your request.  Either the server is overloaded or there is an error in the application.',
);

function send(
  res: ServerResponse,
  req: IncomingMessage,
  code: number,
  ct: string | undefined,
  body: string | Buffer = '',
): void {
  if (ct) res.setHeader('Content-Type', ct);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.writeHead(code, (STATUS_CODES[code] ?? 'UNKNOWN').toUpperCase());
  res.end(req.method === 'HEAD' ? undefined : body);
}

function json(res: ServerResponse, req: IncomingMessage, value: unknown, code = 200): void {
  send(res, req, code, 'application/json', `${pyJson(value)}\n`);
}

/** One value per name, a list when repeated (Flask's request.args.to_dict(flat=False) collapsed). */
function flat(pairs: readonly Pair[], join = false): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const { name, value } of pairs) {
    const have = out[name];
    if (have === undefined) out[name] = value;
    else if (join) out[name] = `${String(have)},${value}`;
    else out[name] = Array.isArray(have) ? [...have, value] : [have, value];
  }
  return out;
}

function headers(req: IncomingMessage): Record<string, string | string[]> {
  const showEnv = queryPairs(req.url ?? '').some((p) => p.name === 'show_env');
  return flat(
    headerPairs(req).filter((p) => showEnv || !ENV_HEADERS.has(p.name)),
    true,
  );
}

function origin(req: IncomingMessage): string {
  const xff = req.headers['x-forwarded-for'];
  return (Array.isArray(xff) ? xff.join(',') : xff) ?? remoteIP(req);
}

function url(req: IncomingMessage): string {
  const proto = req.headers['x-forwarded-proto'] ?? 'http';
  return `${String(proto)}://${req.headers.host ?? ''}${req.url ?? '/'}`;
}

function base(req: IncomingMessage): Record<string, unknown> {
  return { args: flat(queryPairs(req.url ?? '')), headers: headers(req), origin: origin(req), url: url(req) };
}

async function withBody(req: IncomingMessage, method: boolean): Promise<Record<string, unknown>> {
  const body = (await readBody(req, 64 * 1024 * 1024)) ?? Buffer.alloc(0);
  const type = mediaType(req.headers['content-type']);
  const out: Record<string, unknown> = { ...base(req), data: '', files: {}, form: {}, json: null };
  if (method) out['method'] = req.method;
  if (type === 'application/x-www-form-urlencoded') out['form'] = flat(formPairs(body));
  else out['data'] = body.toString('utf8');
  if (body.length > 0 && type !== 'application/x-www-form-urlencoded') {
    try {
      out['json'] = JSON.parse(body.toString('utf8'));
    } catch {
      out['json'] = null;
    }
  }
  return out;
}

type Handler = (req: IncomingMessage, res: ServerResponse, m: RegExpExecArray) => void | Promise<void>;

function status(req: IncomingMessage, res: ServerResponse, spec: string): void {
  const list = parseStatusList(spec);
  if (!list) return send(res, req, 400, HTML, 'Invalid status code');
  const code = list.length === 1 ? (list[0]?.[0] ?? 200) : pickWeighted(list);
  if (REDIRECT_CODES.has(code)) {
    res.setHeader('Location', '/redirect/1');
    return send(res, req, code, undefined);
  }
  if (code === 401) res.setHeader('WWW-Authenticate', 'Basic realm="Fake Realm"');
  if (code === 418) {
    res.setHeader('x-more-info', 'http://tools.ietf.org/html/rfc2324');
    return send(res, req, code, undefined, PY_TEAPOT);
  }
  send(res, req, code, HTML);
}

async function delay(req: IncomingMessage, res: ServerResponse, spec: string): Promise<void> {
  const n = Number(spec);
  if (spec.trim() === '' || !Number.isFinite(n)) return send(res, req, 500, 'text/html', PAGE_500);
  await new Promise((r) => setTimeout(r, Math.max(0, Math.min(n, 10)) * 1000));
  if (!res.destroyed) json(res, req, await withBody(req, false));
}

function redirect(req: IncomingMessage, res: ServerResponse, kind: string, nText: string): void {
  const n = Number(nText);
  if (!/^\d+$/.test(nText) || n < 1) return send(res, req, 404, 'text/html', PAGE_404);
  const abs = kind === 'absolute-redirect';
  const next = n === 1 ? '/get' : `/${abs ? 'absolute' : 'relative'}-redirect/${n - 1}`;
  res.setHeader('Location', abs ? `http://${req.headers.host ?? ''}${next}` : next);
  send(res, req, 302, HTML);
}

function setCookies(req: IncomingMessage, res: ServerResponse, del: boolean): void {
  const args = queryPairs(req.url ?? '');
  res.setHeader(
    'Set-Cookie',
    args.map((a) =>
      del
        ? `${a.name}=; Expires=Thu, 01-Jan-1970 00:00:00 GMT; Max-Age=0; Path=/`
        : `${a.name}=${a.value}; Path=/`,
    ),
  );
  res.setHeader('Location', '/cookies');
  send(res, req, 302, HTML);
}

const bodyRoute =
  (withMethod: boolean): Handler =>
  async (req, res) =>
    json(res, req, await withBody(req, withMethod));

const ROUTES: [RegExp, string[], Handler][] = [
  [/^\/$/, ['GET'], (req, res) => send(res, req, 200, HTML, PY_INDEX)],
  [/^\/get$/, ['GET'], (req, res) => json(res, req, base(req))],
  [/^\/post$/, ['POST'], bodyRoute(false)],
  [/^\/put$/, ['PUT'], bodyRoute(false)],
  [/^\/patch$/, ['PATCH'], bodyRoute(false)],
  [/^\/delete$/, ['DELETE'], bodyRoute(false)],
  [/^\/anything(\/.*)?$/, ANY, bodyRoute(true)],
  [/^\/headers$/, ['GET'], (req, res) => json(res, req, { headers: headers(req) })],
  [/^\/ip$/, ['GET'], (req, res) => json(res, req, { origin: origin(req) })],
  [
    /^\/user-agent$/,
    ['GET'],
    (req, res) => json(res, req, { 'user-agent': req.headers['user-agent'] ?? '' }),
  ],
  [/^\/uuid$/, ['GET'], (req, res) => json(res, req, { uuid: randomUUID() })],
  [/^\/status\/([^/]+)$/, ANY, (req, res, m) => status(req, res, decodeURIComponent(m[1] ?? ''))],
  [/^\/delay\/([^/]+)$/, ANY, (req, res, m) => delay(req, res, m[1] ?? '')],
  [
    /^\/(redirect|relative-redirect|absolute-redirect)\/([^/]+)$/,
    ['GET'],
    (req, res, m) => redirect(req, res, m[1] ?? '', m[2] ?? ''),
  ],
  [
    /^\/bytes\/(\d+)$/,
    ['GET'],
    (req, res, m) =>
      send(res, req, 200, 'application/octet-stream', randomBytes(Math.min(Number(m[1]), 100 * 1024))),
  ],
  [/^\/html$/, ['GET'], (req, res) => send(res, req, 200, HTML, MOBY_DICK)],
  [/^\/json$/, ['GET'], (req, res) => json(res, req, SLIDESHOW)],
  [/^\/xml$/, ['GET'], (req, res) => send(res, req, 200, 'application/xml', XML)],
  [/^\/robots\.txt$/, ['GET'], (req, res) => send(res, req, 200, 'text/plain', ROBOTS)],
  [/^\/cookies$/, ['GET'], (req, res) => json(res, req, { cookies: cookies(req) })],
  [/^\/cookies\/set$/, ['GET'], (req, res) => setCookies(req, res, false)],
  [/^\/cookies\/delete$/, ['GET'], (req, res) => setCookies(req, res, true)],
  [
    /^\/response-headers$/,
    ['GET', 'POST'],
    (req, res) => {
      const args = flat(queryPairs(req.url ?? ''));
      for (const [k, v] of Object.entries(args)) res.setHeader(k, v);
      json(res, req, { 'Content-Type': 'application/json', ...args });
    },
  ],
  [
    /^\/basic-auth\/([^/]+)\/([^/]+)$/,
    ['GET'],
    (req, res, m) => {
      const h = req.headers.authorization ?? '';
      const given = h.startsWith('Basic ') ? Buffer.from(h.slice(6), 'base64').toString('utf8') : '';
      if (given !== `${m[1] ?? ''}:${m[2] ?? ''}`) {
        res.setHeader('WWW-Authenticate', 'Basic realm="Fake Realm"');
        return send(res, req, 401, undefined);
      }
      json(res, req, { authenticated: true, user: m[1] ?? '' });
    },
  ],
];

function allowed(methods: string[]): string[] {
  const all = new Set(methods);
  if (all.has('GET')) all.add('HEAD');
  all.add('OPTIONS');
  return [...all];
}

export function krHttpbinHandler(): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    res.setHeader('Server', SERVER);
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    const path = pathOf(req.url ?? '/');
    const method = req.method ?? 'GET';
    for (const [re, methods, handle] of ROUTES) {
      const m = re.exec(path);
      if (!m) continue;
      const allow = allowed(methods);
      if (method === 'OPTIONS') {
        res.setHeader('Allow', allow.join(', '));
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, PATCH, OPTIONS');
        res.setHeader('Access-Control-Max-Age', '3600');
        const asked = req.headers['access-control-request-headers'];
        if (asked) res.setHeader('Access-Control-Allow-Headers', asked);
        return send(res, req, 200, HTML);
      }
      if (!allow.includes(method)) {
        res.setHeader('Allow', allow.join(', '));
        return send(res, req, 405, 'text/html', PAGE_405);
      }
      return handle(req, res, m);
    }
    send(res, req, 404, 'text/html', PAGE_404);
  };
}

/** kennethreitz/httpbin on 80; kong/httpbin, the same app, on 8080. */
export function startKrHttpbin(ctx: RunContext, port: number): Promise<ContainerInstance> {
  return startAppServer(ctx, port, krHttpbinHandler(), {
    banner: gunicornBanner(`http://0.0.0.0:${port}`, '19.9.0'),
    bindError: () => [`[ERROR] Connection in use: ('0.0.0.0', ${port})`],
  });
}
