// istio/examples-helloworld-v1|v2 (port 5000, gunicorn + Flask): GET /hello answers
// `Hello version: <SERVICE_VERSION>, instance: <hostname>` after a burst of CPU work,
// /health answers `Helloworld is healthy`; Flask's automatic HEAD and OPTIONS, Werkzeug 3
// error pages with upper-case reason phrases, gunicorn's startup lines only.
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { ContainerInstance, RunContext } from '../container.ts';
import { gunicornBanner, startAppServer } from './app-server.ts';
import { pathOf } from './httpbin-shared.ts';

const HTML = 'text/html; charset=utf-8';

function werkzeug3Page(code: number, title: string, text: string): string {
  return `<!doctype html>\n<html lang=en>\n<title>${code} ${title}</title>\n<h1>${title}</h1>\n<p>${text}</p>\n`;
}

const PAGE_404 = werkzeug3Page(
  404,
  'Not Found',
  'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
);
const PAGE_405 = werkzeug3Page(405, 'Method Not Allowed', 'The method is not allowed for the requested URL.');

function send(
  req: IncomingMessage,
  res: ServerResponse,
  code: number,
  body: string,
  extra?: [string, string],
): void {
  res.setHeader('Server', 'gunicorn');
  res.setHeader('Content-Type', HTML);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  if (extra) res.setHeader(extra[0], extra[1]);
  res.writeHead(code, (STATUS_CODES[code] ?? '').toUpperCase());
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** The app's CPU burst before each /hello (a million square roots). */
function work(): number {
  let x = 0;
  for (let i = 0; i < 1_000_000; i++) x += Math.sqrt(i);
  return x;
}

export function helloworldHandler(
  version: string,
  instance: string,
): (req: IncomingMessage, res: ServerResponse) => void {
  const hello = `Hello version: ${version}, instance: ${instance}\n`;
  return (req, res) => {
    const path = pathOf(req.url ?? '/');
    const body = path === '/hello' ? hello : path === '/health' ? 'Helloworld is healthy' : undefined;
    if (body === undefined) return send(req, res, 404, PAGE_404);
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') return send(req, res, 200, '', ['Allow', 'GET, HEAD, OPTIONS']);
    if (method !== 'GET' && method !== 'HEAD')
      return send(req, res, 405, PAGE_405, ['Allow', 'GET, HEAD, OPTIONS']);
    if (path === '/hello') work();
    send(req, res, 200, body);
  };
}

export function startHelloworld(ctx: RunContext, defaultVersion: string): Promise<ContainerInstance> {
  const version = ctx.env['SERVICE_VERSION'] ?? defaultVersion;
  return startAppServer(ctx, 5000, helloworldHandler(version, ctx.env['HOSTNAME'] ?? ctx.hostname), {
    banner: gunicornBanner('http://[::]:5000'),
    bindError: () => ["[ERROR] Connection in use: ('::', 5000)"],
  });
}
