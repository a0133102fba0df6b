// One client request through an ALB listener, the same for HTTP/1.1 and HTTP/2 clients:
// match the listener's rules, then run the action (fixed-response, redirect, or forward to
// a target picked by weight and round-robin). Everything per listener lives in a
// ListenerContext whose `compiled` rules are swapped when the model changes; a request in
// flight keeps the rules it matched.
import type { DialTable } from '../../net/dial-table.ts';
import { pickTarget, pickTargetGroup } from './balancer.ts';
import { ForwardExchange, poolFor, type RequestBody, type UpstreamPools } from './forward.ts';
import type { HealthChecker } from './health-checker.ts';
import { hostWithoutPort, matchRule, splitTarget, type CompiledListener, type MatchInput } from './match.ts';
import { replyFixed, replyPage, replyRedirect, type ClientOut } from './reply.ts';
import { fixedResponse, redirectLocation, redirectStatus } from './responses.ts';
import { upstreamHeaders } from './upstream-headers.ts';

export interface ListenerContext {
  compiled: CompiledListener;
  /** 'http' or 'https': X-Forwarded-Proto and #{protocol}. */
  proto: 'http' | 'https';
  /** The load balancer's idle timeout: how long a target may stay silent. */
  idleMs: number;
  checker: HealthChecker;
  pools: UpstreamPools;
  dial: DialTable;
  now: () => Date;
}

export interface ClientRequest {
  method: string;
  /** The request target (path and query) as sent. */
  target: string;
  /** Host header or :authority ('' when absent). */
  host: string;
  /** Flat raw headers; pseudo-headers are skipped. */
  rawHeaders: readonly string[];
  body: RequestBody;
  clientIp: string;
}

export function handleRequest(ctx: ListenerContext, req: ClientRequest, out: ClientOut): void {
  const head = req.method === 'HEAD';
  if (req.method === 'TRACE') {
    replyPage(out, false, 405);
    return;
  }
  const compiled = ctx.compiled;
  const split = splitTarget(req.target);
  const input: MatchInput = {
    method: req.method,
    path: split.path,
    query: split.query,
    host: hostWithoutPort(req.host),
    headers: req.rawHeaders,
    sourceIp: req.clientIp,
  };
  const rule = matchRule(compiled, input);
  const action = rule === undefined ? compiled.defaultAction : rule.action;
  switch (action.type) {
    case 'fixed-response':
      replyFixed(out, head, fixedResponse(action));
      return;
    case 'redirect': {
      const location = redirectLocation(action, {
        protocol: ctx.proto,
        host: input.host,
        port: compiled.port,
        path: split.path,
        query: split.query,
      });
      replyRedirect(out, head, redirectStatus(action), location);
      return;
    }
    case 'forward': {
      const arn = pickTargetGroup(action);
      const group = arn === undefined ? undefined : ctx.checker.group(arn);
      const entry = group === undefined ? undefined : pickTarget(group);
      if (entry === undefined) {
        replyPage(out, head, 503);
        return;
      }
      const up = upstreamHeaders(req.rawHeaders, {
        host: req.host,
        clientIp: req.clientIp,
        listenerPort: compiled.port,
        proto: ctx.proto,
        now: ctx.now(),
      });
      if ('reject' in up) {
        replyPage(out, head, up.reject);
        return;
      }
      const pool = poolFor(entry, ctx.dial, ctx.pools);
      new ForwardExchange(out, head, entry, ctx.checker).dispatch(pool, {
        path: req.target,
        method: req.method,
        headers: up.headers,
        body: req.body,
        headersTimeout: ctx.idleMs,
        bodyTimeout: ctx.idleMs,
      });
      return;
    }
  }
}
