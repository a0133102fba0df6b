// go-httpbin's routes: the request echo endpoints, /status, /delay, redirects, cookies, auth
// and the fixed documents, each with go-httpbin's method rules, JSON and error shapes.
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { readBody, remoteAddr } from './app-server.ts';
import { GO_INDEX, GO_TEAPOT, MOBY_DICK, ROBOTS, SLIDESHOW, XML } from './httpbin-pages.ts';
import {
  cookies,
  formPairs,
  goJson,
  headerPairs,
  mediaType,
  multiMap,
  parseDelay,
  parseStatusList,
  pathOf,
  pickWeighted,
  queryPairs,
} from './httpbin-shared.ts';

export interface GoConfig {
  port: number;
  maxBody: number;
  maxDurationMs: number;
  prefix: string;
  hostname: string;
}

type Log = (
  req: IncomingMessage,
  res: ServerResponse,
  size: number,
  startedNs: bigint,
  client: string,
) => void;

const JSON_CT = 'application/json; charset=utf-8';
const TEXT_CT = 'text/plain; charset=utf-8';
const HTML_CT = 'text/html; charset=utf-8';
const ALL_METHODS = 'GET, POST, HEAD, PUT, DELETE, PATCH, OPTIONS';
const REDIRECT_CODES = new Set([301, 302, 303, 305, 307]);
const MAX_BYTES = 100 * 1024;

interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  path: string; // without the prefix
  cfg: GoConfig;
  size: number;
}

/** Writes a Go-style response: Content-Length up to 2 KiB, chunked beyond. */
function send(
  c: Ctx,
  status: number,
  ct: string | undefined,
  body: string | Buffer = '',
  headers: [string, string][] = [],
): void {
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  if (ct) c.res.setHeader('Content-Type', ct);
  for (const [k, v] of headers) c.res.setHeader(k, v);
  c.size = buf.length;
  if (buf.length <= 2048) {
    c.res.setHeader('Content-Length', buf.length);
    c.res.writeHead(status);
    c.res.end(c.req.method === 'HEAD' ? undefined : buf);
  } else {
    c.res.writeHead(status);
    if (c.req.method !== 'HEAD') c.res.write(buf);
    c.res.end();
  }
}

function json(c: Ctx, status: number, value: unknown, headers: [string, string][] = []): void {
  send(c, status, JSON_CT, goJson(value), headers);
}

function httpError(c: Ctx, status: number, error: string, detail: string): void {
  json(c, status, { status_code: status, error, detail });
}

function notFound(c: Ctx): void {
  send(c, 404, TEXT_CT, '404 page not found\n', [['X-Content-Type-Options', 'nosniff']]);
}

function notAllowed(c: Ctx, allow: string): void {
  send(c, 405, TEXT_CT, 'Method Not Allowed\n', [
    ['Allow', allow],
    ['X-Content-Type-Options', 'nosniff'],
  ]);
}

function origin(req: IncomingMessage): string {
  const xff = req.headers['x-forwarded-for'];
  const first = (Array.isArray(xff) ? xff[0] : xff)?.split(',')[0]?.trim();
  return first || remoteAddr(req);
}

function fullURL(req: IncomingMessage): string {
  const proto =
    req.headers['x-forwarded-proto'] ??
    ((req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http');
  return `${String(proto)}://${req.headers.host ?? ''}${req.url ?? '/'}`;
}

function noBody(c: Ctx): Record<string, unknown> {
  return {
    args: multiMap(queryPairs(c.req.url ?? '')),
    headers: multiMap(headerPairs(c.req)),
    method: c.req.method,
    origin: origin(c.req),
    url: fullURL(c.req),
  };
}

/** The /post shape: also data, files, form, json; undefined after answering 400. */
async function withBody(c: Ctx): Promise<Record<string, unknown> | undefined> {
  const body = await readBody(c.req, c.cfg.maxBody);
  if (!body) {
    httpError(c, 400, 'Bad Request', 'error reading request body: http: request body too large');
    return undefined;
  }
  const ct = c.req.headers['content-type'];
  const type = mediaType(ct);
  const out = { ...noBody(c), data: '', files: {}, form: {}, json: null as unknown };
  if (body.length === 0) return out;
  if (type === 'application/x-www-form-urlencoded') {
    out.form = multiMap(formPairs(body));
  } else if (type === 'application/json') {
    try {
      out.json = JSON.parse(body.toString('utf8'));
    } catch (err) {
      httpError(c, 400, 'Bad Request', `error parsing request body: ${(err as Error).message}`);
      return undefined;
    }
    out.data = body.toString('utf8');
  } else if (type.startsWith('text/')) {
    out.data = body.toString('utf8');
  } else {
    out.data = `data:${ct ?? 'application/octet-stream'};base64,${body.toString('base64')}`;
  }
  return out;
}

function status(c: Ctx, spec: string): void {
  const list = parseStatusList(spec);
  if (!list || list.some(([code]) => code < 100 || code > 599)) {
    httpError(c, 400, 'Bad Request', `invalid status code: ${spec}`);
    return;
  }
  const code = list.length === 1 ? (list[0]?.[0] ?? 200) : pickWeighted(list);
  if (REDIRECT_CODES.has(code)) send(c, code, TEXT_CT, '', [['Location', '/redirect/1']]);
  else if (code === 401) send(c, code, TEXT_CT, '', [['WWW-Authenticate', 'Basic realm="Fake Realm"']]);
  else if (code === 418)
    send(c, code, TEXT_CT, GO_TEAPOT, [['X-More-Info', 'http://tools.ietf.org/html/rfc2324']]);
  else send(c, code, TEXT_CT);
}

async function delay(c: Ctx, spec: string): Promise<void> {
  const ms = parseDelay(spec);
  if (ms === undefined || ms < 0 || ms > c.cfg.maxDurationMs) {
    httpError(c, 400, 'Bad Request', `delay must be between 0 and ${c.cfg.maxDurationMs / 1000}s`);
    return;
  }
  const left = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      c.res.off('close', onClose);
      resolve(false);
    }, ms);
    const onClose = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    c.res.once('close', onClose);
  });
  if (left) {
    c.res.statusCode = 499; // client closed request
    return;
  }
  const body = await withBody(c);
  if (body)
    json(c, 200, body, [['Server-Timing', `initial_delay;dur=${ms.toFixed(2)};desc="initial delay"`]]);
}

function redirect(c: Ctx, kind: string, nText: string): void {
  const n = Number(nText);
  if (!/^\d+$/.test(nText) || n < 1) return httpError(c, 400, 'Bad Request', 'invalid redirect count');
  const absolute =
    kind === 'absolute-redirect' ||
    (kind === 'redirect' && new URLSearchParams((c.req.url ?? '').split('?')[1]).get('absolute') === 'true');
  const next = n === 1 ? '/get' : `/${absolute ? 'absolute' : 'relative'}-redirect/${n - 1}`;
  const loc = `${absolute ? `http://${c.req.headers.host ?? ''}` : ''}${c.cfg.prefix}${next}`;
  send(c, 302, undefined, '', [['Location', loc]]);
}

function cookieRoutes(c: Ctx, sub: string): void {
  const args = queryPairs(c.req.url ?? '');
  if (sub === '') return json(c, 200, cookies(c.req));
  const set =
    sub === '/set'
      ? args.map((a) => `${a.name}=${a.value}; Path=/; HttpOnly`)
      : sub === '/delete'
        ? args.map((a) => `${a.name}=; Path=/; Max-Age=0; HttpOnly`)
        : undefined;
  if (!set) return notFound(c);
  c.res.setHeader('Set-Cookie', set);
  send(c, 302, undefined, '', [['Location', `${c.cfg.prefix}/cookies`]]);
}

function basicAuth(c: Ctx, user: string, pass: string): void {
  const h = c.req.headers.authorization ?? '';
  const given = h.startsWith('Basic ') ? Buffer.from(h.slice(6), 'base64').toString('utf8') : '';
  const ok = given === `${user}:${pass}`;
  const headers: [string, string][] = ok ? [] : [['WWW-Authenticate', 'Basic realm="Fake Realm"']];
  json(c, ok ? 200 : 401, { authorized: ok, user: given.split(':')[0] ?? '' }, headers);
}

/** Methods a route accepts (undefined: any) and its handler. */
type Route = [string[] | undefined, (c: Ctx, m: RegExpExecArray) => void | Promise<void>];

const GET: string[] = ['GET', 'HEAD'];

const ROUTES: [RegExp, Route][] = [
  [/^\/$/, [GET, (c) => send(c, 200, HTML_CT, GO_INDEX)]],
  [/^\/get$/, [GET, (c) => json(c, 200, noBody(c))]],
  [/^\/head$/, [['HEAD'], (c) => json(c, 200, noBody(c))]],
  ...(['post', 'put', 'patch', 'delete'] as const).map((m): [RegExp, Route] => [
    new RegExp(`^/${m}$`),
    [
      [m.toUpperCase()],
      async (c) => {
        const b = await withBody(c);
        if (b) json(c, 200, b);
      },
    ],
  ]),
  [
    /^\/anything(\/.*)?$/,
    [
      undefined,
      async (c) => {
        const b = await withBody(c);
        if (b) json(c, 200, b);
      },
    ],
  ],
  [/^\/headers$/, [undefined, (c) => json(c, 200, { headers: multiMap(headerPairs(c.req)) })]],
  [/^\/ip$/, [undefined, (c) => json(c, 200, { origin: origin(c.req) })]],
  [/^\/user-agent$/, [undefined, (c) => json(c, 200, { 'user-agent': c.req.headers['user-agent'] ?? '' })]],
  [/^\/uuid$/, [undefined, (c) => json(c, 200, { uuid: randomUUID() })]],
  [/^\/hostname$/, [undefined, (c) => json(c, 200, { hostname: c.cfg.hostname })]],
  [/^\/status\/([^/]+)$/, [undefined, (c, m) => status(c, decodeURIComponent(m[1] ?? ''))]],
  [/^\/delay\/([^/]+)$/, [undefined, (c, m) => delay(c, m[1] ?? '')]],
  [
    /^\/(redirect|relative-redirect|absolute-redirect)\/([^/]+)$/,
    [GET, (c, m) => redirect(c, m[1] ?? '', m[2] ?? '')],
  ],
  [
    /^\/redirect-to$/,
    [
      undefined,
      (c) => {
        const q = new URLSearchParams((c.req.url ?? '').split('?')[1]);
        const url = q.get('url');
        if (!url) return httpError(c, 400, 'Bad Request', 'missing required query parameter: url');
        const code = Number(q.get('status_code') ?? '302');
        send(c, code >= 300 && code < 400 ? code : 302, undefined, '', [['Location', url]]);
      },
    ],
  ],
  [
    /^\/bytes\/([^/]+)$/,
    [
      GET,
      (c, m) => {
        const n = Number(m[1]);
        if (!/^\d+$/.test(m[1] ?? '') || n > MAX_BYTES)
          return httpError(c, 400, 'Bad Request', `invalid count: ${m[1] ?? ''}`);
        send(c, 200, 'application/octet-stream', randomBytes(n));
      },
    ],
  ],
  [
    /^\/stream\/(\d+)$/,
    [
      GET,
      (c, m) => {
        const n = Math.min(Number(m[1]), 100);
        const lines = Array.from({ length: n }, (_, id) => JSON.stringify({ ...noBody(c), id }) + '\n');
        c.res.writeHead(200, { 'Content-Type': JSON_CT });
        for (const l of lines) c.res.write(l);
        c.size = lines.reduce((s, l) => s + l.length, 0);
        c.res.end();
      },
    ],
  ],
  [/^\/html$/, [GET, (c) => send(c, 200, HTML_CT, MOBY_DICK)]],
  [/^\/json$/, [GET, (c) => json(c, 200, SLIDESHOW)]],
  [/^\/xml$/, [GET, (c) => send(c, 200, 'application/xml', XML)]],
  [/^\/robots\.txt$/, [GET, (c) => send(c, 200, TEXT_CT, ROBOTS)]],
  [/^\/cookies(\/set|\/delete)?$/, [GET, (c, m) => cookieRoutes(c, m[1] ?? '')]],
  [/^\/basic-auth\/([^/]+)\/([^/]+)$/, [GET, (c, m) => basicAuth(c, m[1] ?? '', m[2] ?? '')]],
  [
    /^\/bearer$/,
    [
      GET,
      (c) => {
        const h = c.req.headers.authorization ?? '';
        if (!h.startsWith('Bearer ')) return send(c, 401, undefined, '', [['WWW-Authenticate', 'Bearer']]);
        json(c, 200, { authenticated: true, token: h.slice(7) });
      },
    ],
  ],
  [
    /^\/response-headers$/,
    [
      GET,
      (c) => {
        const pairs = queryPairs(c.req.url ?? '');
        for (const [k, v] of Object.entries(multiMap(pairs))) c.res.setHeader(k, v);
        json(c, 200, multiMap([...pairs, { name: 'Content-Type', value: JSON_CT }]));
      },
    ],
  ],
  [
    /^\/cache$/,
    [
      GET,
      (c) => {
        if (c.req.headers['if-modified-since'] || c.req.headers['if-none-match'])
          return send(c, 304, undefined);
        json(c, 200, noBody(c), [
          ['Last-Modified', new Date().toUTCString()],
          ['ETag', randomUUID().replaceAll('-', '')],
        ]);
      },
    ],
  ],
  [
    /^\/gzip$/,
    [
      GET,
      (c) =>
        send(c, 200, JSON_CT, gzipSync(goJson({ ...noBody(c), gzipped: true })), [
          ['Content-Encoding', 'gzip'],
        ]),
    ],
  ],
  [/^\/base64\/(.+)$/, [GET, (c, m) => send(c, 200, TEXT_CT, Buffer.from(m[1] ?? '', 'base64url'))]],
  [/^\/brotli$/, [GET, (c) => httpError(c, 501, 'Not Implemented', 'brotli is not supported')]],
];

export function goHttpbinRoutes(
  cfg: GoConfig,
  log: Log,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const started = process.hrtime.bigint();
    const c: Ctx = { req, res, path: '', cfg, size: 0 };
    res.once('close', () => log(req, res, c.size, started, remoteAddr(req)));
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', ALL_METHODS);
      res.setHeader('Access-Control-Max-Age', '3600');
      const asked = req.headers['access-control-request-headers'];
      if (asked) res.setHeader('Access-Control-Allow-Headers', asked);
      return send(c, 200, undefined);
    }
    const path = pathOf(req.url ?? '/');
    if (cfg.prefix && path !== cfg.prefix && !path.startsWith(`${cfg.prefix}/`)) return notFound(c);
    c.path = path.slice(cfg.prefix.length) || '/';
    for (const [re, [methods, handle]] of ROUTES) {
      const m = re.exec(c.path);
      if (!m) continue;
      if (methods && !methods.includes(req.method ?? '')) return notAllowed(c, methods.join(', '));
      return handle(c, m);
    }
    notFound(c);
  };
}
