// The pure core of `gangway trace`: one request through the models, hop by hop, with the data
// planes' own matchers, to the status it gets and, when it fails, the first hop at fault.
import { traceAlb } from './alb-hops.ts';
import { traceBackend } from './backend-hops.ts';
import { traceGateway } from './gateway-hops.ts';
import { newState, parseRequest } from './request.ts';
import type { TraceInput, TraceRequest, TraceResult } from './types.ts';

export function traceRequest(input: TraceInput, request: TraceRequest): TraceResult {
  const req = parseRequest(request);
  const st = newState();
  const alb = traceAlb(input, req, st);
  if (alb && !st.done) {
    const backend = traceBackend(input, alb.tg, st);
    if (backend && !st.done) traceGateway(input, req, alb.listener, alb.tg, backend, st);
  }
  const done = st.done ?? { status: 0, server: '' };
  const result: TraceResult = {
    kind: 'Trace',
    mode: input.mode,
    request: { method: req.method, url: request.url, host: req.authority, port: req.port, path: req.target },
    hops: st.hops,
    status: done.status,
    server: done.server,
    assumptions: st.assumptions,
  };
  const bad = st.hops.find((h) => h.verdict === 'fail');
  if (bad)
    result.fault = { hop: bad.hop, status: bad.status ?? done.status, why: bad.detail, fix: bad.fix ?? '' };
  return result;
}
