// The page's static files (every .html/.js/.css in src/dashboard/page/, listed once at start)
// and cytoscape from node_modules, served from the page's own path; read once, kept in memory.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import type { ServerResponse } from 'node:http';

const PAGE_DIR = join(import.meta.dirname, 'page');

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** name below /dashboard/ -> the file and its Content-Type; only plain names, no paths. */
function listFiles(): Map<string, { file: string; type: string }> {
  const files = new Map<string, { file: string; type: string }>();
  for (const name of readdirSync(PAGE_DIR)) {
    const type = TYPES[extname(name)];
    if (type && /^[a-z0-9][a-z0-9.-]*$/.test(name) && !name.includes('.test.'))
      files.set(name, { file: join(PAGE_DIR, name), type });
  }
  const index = files.get('index.html');
  if (index) files.set('', index);
  files.set('cytoscape.min.js', {
    file: createRequire(import.meta.url).resolve('cytoscape/dist/cytoscape.min.js'),
    type: TYPES['.js'] ?? '',
  });
  return files;
}

const FILES = listFiles();
const cache = new Map<string, Buffer>();

/** Serves `name` (a path below /dashboard/); false when there is no such file. */
export function serveStatic(res: ServerResponse, name: string): boolean {
  const f = FILES.get(name);
  if (!f) return false;
  let body = cache.get(name);
  if (!body) cache.set(name, (body = readFileSync(f.file)));
  res.writeHead(200, {
    'Content-Type': f.type,
    'Content-Length': body.length,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
  return true;
}
