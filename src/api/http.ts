// Low-level HTTP plumbing of the API server: JSON and text answers, Status errors as the
// API server writes them, `Warning: 299` headers, and request bodies read with a size limit.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StatusError, internalError } from '../registry/status-error.ts';
import { StoreError } from '../store/types.ts';

/** The API server's limit on request bodies (apiserver MaxRequestBodyBytes, 3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export const NOT_FOUND_MESSAGE = 'the server could not find the requested resource';

/** 404 for a path nothing serves, exactly as the API server's NotFound handler words it. */
export function pathNotFound(): StatusError {
  return new StatusError(404, 'NotFound', NOT_FOUND_MESSAGE, {});
}

/** 405 for a verb the resource path does not support. */
export function methodNotAllowed(): StatusError {
  return new StatusError(
    405,
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
    {},
  );
}

export function unauthorized(): StatusError {
  return new StatusError(401, 'Unauthorized', 'Unauthorized');
}

/** A `Warning` header value: `299 - "text"` with quotes and backslashes escaped. */
export function warningHeader(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return `299 - "${clean.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** Adds one Warning header per text (deduplicated, in order). */
export function addWarnings(res: ServerResponse, warnings: readonly string[]): void {
  if (warnings.length === 0 || res.headersSent) return;
  const existing = res.getHeader('Warning');
  const list: string[] = Array.isArray(existing)
    ? [...existing]
    : typeof existing === 'string'
      ? [existing]
      : [];
  for (const w of warnings) {
    const h = warningHeader(w);
    if (!list.includes(h)) list.push(h);
  }
  res.setHeader('Warning', list);
}

export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  contentType = 'application/json',
): void {
  const text = JSON.stringify(body) + '\n';
  res.writeHead(code, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  res.end(text);
}

export function sendText(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  res.end(text);
}

/** Any thrown value -> the Status the API server would send. Non-StatusErrors are our bugs: 500. */
export function toStatusError(err: unknown): StatusError {
  if (err instanceof StatusError) return err;
  // The registry maps store errors itself; one that slips through still gets its HTTP meaning.
  if (err instanceof StoreError) {
    const code = { NotFound: 404, AlreadyExists: 409, Conflict: 409, Expired: 410 }[err.reason];
    return new StatusError(code, err.reason, err.message);
  }
  const message = err instanceof Error ? err.message : String(err);
  return internalError(message);
}

/** Writes `err` as a Status, or ends the stream if headers are already out. */
export function sendError(res: ServerResponse, err: StatusError): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, err.code, err.toStatus());
}

function tooLarge(): StatusError {
  return new StatusError(
    413,
    'RequestEntityTooLarge',
    `Request entity too large: limit is ${MAX_BODY_BYTES}`,
  );
}

/** The whole request body, refusing (413) anything over `limit` bytes. */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) {
      req.resume();
      throw tooLarge();
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}
