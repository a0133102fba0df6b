// CONTRACT (owned by the dashboard engineer): the dashboard page, /api/graph and its events.
// Served on the API server's port: /dashboard/ (the page and its files), GET /api/graph,
// GET /api/events (SSE), and the page's helpers under /dashboard/api/ (object, config, trace).
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiExtension } from '../api/server.ts';
import type { Component } from '../runtime/component.ts';
import type { StackView } from '../runtime/stack-view.ts';
import { acceptQueryToken, authorized, unauthorizedJson, unauthorizedPage } from './auth.ts';
import { configList, objectDetails } from './details.ts';
import { DashboardLive } from './live.ts';
import { serveStatic } from './static.ts';

export interface Dashboard {
  extensions: ApiExtension[];
  /** Started after everything else (samples counters, watches the store); stopped first. */
  component?: Component;
}

export const DASHBOARD_PATH = '/dashboard/';

function json(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

function notFound(res: ServerResponse): void {
  json(res, 404, { message: 'not found' });
}

/** Asks the stack's own trace API (src/trace: POST {url}); 404 / 405 there: not available. */
function trace(view: StackView, target: string): Promise<{ status: number; body: string }> {
  const url = new URL('/gangway/v1/trace', view.apiURL());
  let ca: string | undefined;
  try {
    ca = readFileSync(join(view.home, 'ca.crt'), 'utf8');
  } catch {
    ca = undefined;
  }
  const payload = JSON.stringify({ url: target });
  return new Promise((resolve) => {
    const req = httpsRequest(
      url,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${view.token}`,
          Accept: 'application/json',
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(payload),
        },
        ...(ca ? { ca } : {}),
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', () => resolve({ status: 0, body: '' }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.end(payload);
  });
}

export function dashboard(view: StackView): Dashboard {
  const live = new DashboardLive(view);
  const onlyGet = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method === 'GET' || req.method === 'HEAD') return true;
    res.writeHead(405, { Allow: 'GET, HEAD' });
    res.end();
    return false;
  };
  const api =
    (handle: (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>) =>
    (req: IncomingMessage, res: ServerResponse, url: URL): void | Promise<void> => {
      if (!authorized(req, view.token)) return unauthorizedJson(res);
      if (!onlyGet(req, res)) return;
      return handle(req, res, url);
    };

  const page: ApiExtension = {
    prefix: '/dashboard',
    auth: 'none',
    handle: async (req, res, url) => {
      if (url.pathname === '/dashboard') {
        res.writeHead(301, { Location: `${DASHBOARD_PATH}${url.search}` });
        res.end();
        return;
      }
      if (!onlyGet(req, res)) return;
      const rest = url.pathname.slice(DASHBOARD_PATH.length);
      if (rest === '' || rest === 'index.html') {
        if (acceptQueryToken(res, url, view.token)) return;
        if (!authorized(req, view.token)) return unauthorizedPage(res);
      } else if (!authorized(req, view.token)) return unauthorizedJson(res);
      if (rest === 'api/config') return json(res, 200, { items: configList(view.store) });
      if (rest === 'api/object') {
        const q = url.searchParams;
        const d = objectDetails(
          view.store,
          q.get('kind') ?? '',
          q.get('namespace') ?? '',
          q.get('name') ?? '',
        );
        return d ? json(res, 200, d) : notFound(res);
      }
      if (rest === 'api/trace') {
        const target = url.searchParams.get('url') ?? '';
        if (!target) return json(res, 400, { message: 'url is required' });
        const r = await trace(view, target);
        if (r.status === 200) {
          res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
          res.end(r.body);
          return;
        }
        const missing = r.status === 0 || r.status === 404 || r.status === 405;
        let message = 'trace not available';
        if (!missing) {
          try {
            const m = (JSON.parse(r.body) as { message?: unknown }).message;
            message = typeof m === 'string' ? m : r.body;
          } catch {
            message = r.body;
          }
        }
        return json(res, missing ? 404 : r.status, { message });
      }
      if (!serveStatic(res, rest)) notFound(res);
    },
  };
  const graph: ApiExtension = {
    prefix: '/api/graph',
    auth: 'none',
    handle: api((_req, res) => json(res, 200, live.graph())),
  };
  const events: ApiExtension = {
    prefix: '/api/events',
    auth: 'none',
    handle: api((_req, res) => live.stream(res)),
  };
  return { extensions: [page, graph, events], component: live };
}
