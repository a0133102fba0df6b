// POST /gangway/v1/trace on the API server (bearer token): `gangway trace` against the running
// stack. Body {url, method?, headers?: [[name, value], ...]}; answer: the TraceResult.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { methodNotAllowed, pathNotFound, readBody, sendJson } from '../api/http.ts';
import type { ApiExtension } from '../api/server.ts';
import { badRequest } from '../registry/status-error.ts';
import type { StackView } from '../runtime/stack-view.ts';
import { liveTraceInput } from './live.ts';
import { parseRequest } from './request.ts';
import { traceRequest } from './trace.ts';
import type { TraceRequest } from './types.ts';

export const TRACE_API_PREFIX = '/gangway/v1/trace';

/** Validates a request body into a TraceRequest, or throws a 400 Status. */
export function parseTraceBody(text: string): TraceRequest {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest('the trace request body is not JSON');
  }
  const b = body as { url?: unknown; method?: unknown; headers?: unknown };
  if (typeof body !== 'object' || body === null || typeof b.url !== 'string')
    throw badRequest('the trace request needs a string field "url"');
  const method = b.method === undefined ? 'GET' : b.method;
  if (typeof method !== 'string' || !/^[A-Za-z]+$/.test(method)) throw badRequest('"method" must be a token');
  const headers: [string, string][] = [];
  if (b.headers !== undefined) {
    if (!Array.isArray(b.headers)) throw badRequest('"headers" must be a list of [name, value] pairs');
    for (const h of b.headers as unknown[]) {
      if (!Array.isArray(h) || h.length !== 2 || typeof h[0] !== 'string' || typeof h[1] !== 'string')
        throw badRequest('"headers" must be a list of [name, value] pairs');
      headers.push([h[0], h[1]]);
    }
  }
  const request = { url: b.url, method, headers };
  try {
    parseRequest(request);
  } catch (err) {
    throw badRequest(err instanceof Error ? err.message : String(err));
  }
  return request;
}

export function traceApiExtension(view: StackView): ApiExtension[] {
  return [
    {
      prefix: TRACE_API_PREFIX,
      auth: 'token',
      async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
        if (url.pathname !== TRACE_API_PREFIX) throw pathNotFound();
        if (req.method !== 'POST') throw methodNotAllowed();
        const request = parseTraceBody((await readBody(req)).toString('utf8'));
        sendJson(res, 200, traceRequest(liveTraceInput(view), request));
      },
    },
  ];
}
