// The page's static files (src/dashboard/page/) and cytoscape from node_modules, served from
// the page's own path; read once and kept in memory.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';

const PAGE_DIR = join(import.meta.dirname, 'page');

const FILES: Readonly<Record<string, { file: () => string; type: string }>> = {
  '': { file: () => join(PAGE_DIR, 'index.html'), type: 'text/html; charset=utf-8' },
  'index.html': { file: () => join(PAGE_DIR, 'index.html'), type: 'text/html; charset=utf-8' },
  'app.js': { file: () => join(PAGE_DIR, 'app.js'), type: 'text/javascript; charset=utf-8' },
  'style.css': { file: () => join(PAGE_DIR, 'style.css'), type: 'text/css; charset=utf-8' },
  'cytoscape.min.js': {
    file: () => createRequire(import.meta.url).resolve('cytoscape/dist/cytoscape.min.js'),
    type: 'text/javascript; charset=utf-8',
  },
};

const cache = new Map<string, Buffer>();

/** Serves `name` (a path below /dashboard/); false when there is no such file. */
export function serveStatic(res: ServerResponse, name: string): boolean {
  const f = FILES[name];
  if (!f) return false;
  let body = cache.get(name);
  if (!body) cache.set(name, (body = readFileSync(f.file())));
  res.writeHead(200, {
    'Content-Type': f.type,
    'Content-Length': body.length,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
  return true;
}
