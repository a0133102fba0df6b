// One client request through an ALB listener, the same for HTTP/1.1 and HTTP/2 clients:
// the ALB's limits first (400/405/501), then the listener's rules, then the action
// (fixed-response, redirect, or forward to a target group by weight or AWSALBTG cookie, then a
// target by AWSALB cookie or the group's algorithm). Everything per listener lives in a
// ListenerContext whose `compiled` rules are swapped when the model changes; a request in
// flight keeps the rules it matched.
import type { BlockList } from 'node:net';
import type { AlbAction } from '../../alb/model.ts';
import type { DialTable } from '../../net/dial-table.ts';
import { listsTargetGroup, pickTarget, pickTargetGroup } from './balancer.ts';
import { ForwardExchange, poolFor, type RequestBody, type Retarget, type UpstreamPools } from './forward.ts';
import type { TargetEntry, TargetGroupState, TargetTable } from './health-checker.ts';
import { requestLimitStatus } from './limits.ts';
import { hostWithoutPort, matchRule, splitTarget, type CompiledListener, type MatchInput } from './match.ts';
import { replyFixed, replyPage, replyRedirect, type ClientOut } from './reply.ts';
import { fixedResponse, redirectLocation, redirectStatus } from './responses.ts';
import { decodeSticky, encodeSticky, readStickyCookie, stickyCookies } from './sticky.ts';
import { upstreamHeaders, type ClientFacts, type HeaderSettings } from './upstream-headers.ts';

type ForwardAction = Extract<AlbAction, { type: 'forward' }>;

const DEFAULT_GROUP_STICKY_S = 3600;

export interface ListenerContext {
  compiled: CompiledListener;
  /** 'http' or 'https': X-Forwarded-Proto and #{protocol}. */
  proto: 'http' | 'https';
  /** The load balancer's idle timeout: how long a target may stay silent. */
  idleMs: number;
  checker: TargetTable;
  pools: UpstreamPools;
  dial: DialTable;
  now: () => Date;
  /** The load balancer's header attributes (X-Forwarded-For mode, client port, Host). */
  headers: HeaderSettings;
  /** inbound-cidrs (the ALB's security group); undefined: every address may connect. */
  inbound: BlockList | undefined;
  /** Weighted forwards and weighted_random (seedable through GANGWAY_RANDOM_SEED). */
  random: () => number;
  /** Picks another target of the same group after a connection failure (see retargeter). */
  retarget: Retarget;
}

/** The listener's Retarget: the failed target's group, its algorithm, the others first. */
export function retargeter(ctx: Omit<ListenerContext, 'retarget'>): Retarget {
  return (failed) => {
    const entry = pickTarget(failed.group, ctx.random, failed, ctx.checker.cells);
    return entry === undefined ? undefined : { entry, pool: poolFor(entry, ctx.dial, ctx.pools) };
  };
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
  clientPort?: number;
}

function inboundAllowed(list: BlockList, ip: string): boolean {
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  return v4.includes(':') ? list.check(v4, 'ipv6') : list.check(v4, 'ipv4');
}

export function handleRequest(ctx: ListenerContext, req: ClientRequest, out: ClientOut): void {
  const head = req.method === 'HEAD';
  if (ctx.inbound !== undefined && !inboundAllowed(ctx.inbound, req.clientIp)) {
    replyPage(out, head, 403);
    return;
  }
  const limit = requestLimitStatus(req.method, req.target, req.rawHeaders);
  if (limit !== 0) {
    replyPage(out, false, limit);
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
    case 'forward':
      forward(ctx, req, out, head, action);
      return;
  }
}

function forward(
  ctx: ListenerContext,
  req: ClientRequest,
  out: ClientOut,
  head: boolean,
  action: ForwardAction,
): void {
  const now = ctx.now();
  let cookies: string[] | undefined;
  let arn: string | undefined;
  const groupSticky = action.stickiness?.enabled === true;
  if (groupSticky) {
    const v = readStickyCookie(req.rawHeaders, 'AWSALBTG');
    const s = v === undefined ? undefined : decodeSticky(v, now.getTime());
    if (s !== undefined && listsTargetGroup(action, s)) arn = s;
  }
  arn ??= pickTargetGroup(action, ctx.random);
  const group = arn === undefined ? undefined : ctx.checker.group(arn);
  if (groupSticky && arn !== undefined) {
    const seconds = action.stickiness?.durationSeconds ?? DEFAULT_GROUP_STICKY_S;
    cookies = cookieHeaders(cookies, 'AWSALBTG', encodeSticky(arn, now.getTime() + seconds * 1000), now);
  }
  let entry: TargetEntry | undefined;
  if (group !== undefined && group.stickySeconds > 0) {
    entry =
      stickyTarget(group, req.rawHeaders, now.getTime()) ??
      pickTarget(group, ctx.random, undefined, ctx.checker.cells);
    if (entry !== undefined) {
      const value = encodeSticky(`${arn ?? ''} ${entry.key}`, now.getTime() + group.stickySeconds * 1000);
      cookies = cookieHeaders(cookies, 'AWSALB', value, now);
    }
  } else if (group !== undefined) entry = pickTarget(group, ctx.random, undefined, ctx.checker.cells);
  if (entry === undefined) {
    replyPage(out, head, 503);
    return;
  }
  const facts: ClientFacts = {
    host: req.host,
    clientIp: req.clientIp,
    listenerPort: ctx.compiled.port,
    proto: ctx.proto,
    now,
    xffMode: ctx.headers.xffMode,
    preserveHost: ctx.headers.preserveHost,
  };
  if (ctx.headers.xffClientPort && req.clientPort !== undefined) facts.clientPort = req.clientPort;
  const up = upstreamHeaders(req.rawHeaders, facts);
  if ('reject' in up) {
    replyPage(out, head, up.reject);
    return;
  }
  const opts = {
    path: req.target,
    method: req.method,
    headers: up.headers,
    body: req.body,
    headersTimeout: ctx.idleMs,
    bodyTimeout: ctx.idleMs,
  };
  // A bodiless, non-POST request whose connection failed gets one more target.
  const retry =
    req.body === null && req.method !== 'POST' && req.method !== 'PATCH' ? ctx.retarget : undefined;
  new ForwardExchange(out, head, entry, ctx.checker, cookies, retry).dispatch(
    poolFor(entry, ctx.dial, ctx.pools),
    opts,
  );
}

function cookieHeaders(list: string[] | undefined, name: string, value: string, now: Date): string[] {
  const [a, b] = stickyCookies(name, value, now);
  const out = list ?? [];
  out.push('Set-Cookie', a, 'Set-Cookie', b);
  return out;
}

/** The target an AWSALB cookie names, when it can still take the request. */
function stickyTarget(
  group: TargetGroupState,
  raw: readonly string[],
  nowMs: number,
): TargetEntry | undefined {
  const v = readStickyCookie(raw, 'AWSALB');
  if (v === undefined) return undefined;
  const s = decodeSticky(v, nowMs);
  if (s === undefined || !s.startsWith(group.tg.arn + ' ')) return undefined;
  const e = group.entries.get(s.slice(group.tg.arn.length + 1));
  if (e === undefined || e.gone) return undefined;
  if (e.state === 'healthy' || (group.healthy.length === 0 && group.registered.includes(e))) return e;
  return undefined;
}
