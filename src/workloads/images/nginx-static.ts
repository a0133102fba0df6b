// The official nginx image's request handling for one server block: location choice
// (exact, then longest prefix), `return`, index files, static files from the container's
// mounts or the image's own documents, 404/405 as the static and index modules answer,
// conditional GETs (304) and HEAD.
import { readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolveMountPath, type Mount } from '../volumes.ts';
import { errorPage, PAGE_405, SERVER, type NginxTimes } from './nginx-common.ts';
import type { NginxConf, NginxLocation, NginxServerConf } from './nginx-conf.ts';
import { errorResponse, sent } from './nginx-server.ts';
import { BUILTIN_DOCS, DOCS_MTIME, nginxEtag } from './nginx-welcome.ts';

const PAGE_404 = errorPage(404, 'Not Found');
const TYPES: Record<string, string> = {
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  js: 'application/javascript',
  json: 'application/json',
  txt: 'text/plain',
  xml: 'text/xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  ico: 'image/x-icon',
};

interface FileHit {
  data: Buffer;
  mtimeMs: number;
}

function connection(res: ServerResponse): string {
  return res.shouldKeepAlive ? 'keep-alive' : 'close';
}

function readFile(path: string, mounts: readonly Mount[] | undefined): FileHit | undefined {
  const host = resolveMountPath(mounts, path);
  if (host === undefined) {
    const doc = BUILTIN_DOCS.get(path);
    return doc === undefined ? undefined : { data: Buffer.from(doc, 'latin1'), mtimeMs: DOCS_MTIME };
  }
  try {
    const st = statSync(host);
    if (!st.isFile()) return undefined;
    return { data: readFileSync(host), mtimeMs: st.mtimeMs };
  } catch {
    return undefined;
  }
}

function location(server: NginxServerConf, path: string): NginxLocation | undefined {
  let best: NginxLocation | undefined;
  for (const l of server.locations) {
    if (l.exact) {
      if (l.path === path) return l;
    } else if (path.startsWith(l.path) && (!best || l.path.length > best.path.length)) best = l;
  }
  return best;
}

function returnResponse(
  res: ServerResponse,
  t: NginxTimes,
  conf: NginxConf,
  ret: { code: number; text?: string },
): number {
  const { code, text } = ret;
  if (code >= 300 && code < 400 && code !== 304 && text !== undefined) {
    const body = errorPage(code, code === 301 ? 'Moved Permanently' : code === 302 ? 'Found' : 'Redirect');
    res.writeHead(code, [
      'Server',
      SERVER,
      'Date',
      t.http,
      'Content-Type',
      'text/html',
      'Content-Length',
      String(body.length),
      'Connection',
      connection(res),
      'Location',
      text,
    ]);
    res.end(body);
    sent.bytes = body.length;
    return code;
  }
  if (text === undefined)
    return errorResponse(res, t, code, code === 404 ? 'Not Found' : code === 403 ? 'Forbidden' : 'Error');
  res.writeHead(code, [
    'Server',
    SERVER,
    'Date',
    t.http,
    'Content-Type',
    conf.defaultType,
    'Content-Length',
    String(Buffer.byteLength(text)),
    'Connection',
    connection(res),
  ]);
  res.end(res.req.method === 'HEAD' ? undefined : text);
  sent.bytes = res.req.method === 'HEAD' ? 0 : Buffer.byteLength(text);
  return code;
}

function decodePath(url: string): string {
  const q = url.indexOf('?');
  const raw = q < 0 ? url : url.slice(0, q);
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Answers one request for `server`; returns the status (sent.bytes holds the body size). */
export function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  t: NginxTimes,
  conf: NginxConf,
  server: NginxServerConf,
  mounts: readonly Mount[] | undefined,
): number {
  const method = req.method ?? 'GET';
  if (server.ret) return returnResponse(res, t, conf, server.ret);
  const path = decodePath(req.url ?? '/');
  const loc = location(server, path);
  if (loc?.ret) return returnResponse(res, t, conf, loc.ret);
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST')
    return errorResponse(res, t, 405, 'Not Allowed', PAGE_405);
  const root = (loc?.root ?? server.root).replace(/\/$/, '');
  let file: FileHit | undefined;
  let name = path;
  if (path.endsWith('/')) {
    for (const index of loc?.index ?? server.index) {
      file = readFile(`${root}${path}${index}`, mounts);
      if (file) {
        name = `${path}${index}`;
        break;
      }
    }
  } else {
    file = readFile(`${root}${path}`, mounts);
  }
  if (!file) return errorResponse(res, t, 404, 'Not Found', PAGE_404);
  if (method === 'POST') return errorResponse(res, t, 405, 'Not Allowed', PAGE_405);
  const etag = nginxEtag(file.mtimeMs, file.data.length);
  const lastModified = new Date(Math.floor(file.mtimeMs / 1000) * 1000).toUTCString();
  const inm = req.headers['if-none-match'];
  const ims = req.headers['if-modified-since'];
  if (
    (inm !== undefined && (inm === '*' || inm.split(/\s*,\s*/).includes(etag))) ||
    (inm === undefined && ims === lastModified)
  ) {
    res.writeHead(304, [
      'Server',
      SERVER,
      'Date',
      t.http,
      'Last-Modified',
      lastModified,
      'Connection',
      connection(res),
      'ETag',
      etag,
    ]);
    res.end();
    return 304;
  }
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  res.writeHead(200, [
    'Server',
    SERVER,
    'Date',
    t.http,
    'Content-Type',
    TYPES[ext] ?? conf.defaultType,
    'Content-Length',
    String(file.data.length),
    'Last-Modified',
    lastModified,
    'Connection',
    connection(res),
    'ETag',
    etag,
    'Accept-Ranges',
    'bytes',
  ]);
  if (method === 'HEAD') {
    res.end();
    return 200;
  }
  res.end(file.data);
  sent.bytes = file.data.length;
  return 200;
}
