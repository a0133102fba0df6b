// Listener rule matching, compiled once per model: each rule's conditions become a list of
// predicates (ANDed across conditions, values ORed within one), rules are tried from the
// lowest priority number up and the listener's default actions answer when none matches.
// An index by path and host (match-index.ts) narrows the rules tried to the few that can match.
// Semantics from the ALB user guide: paths whole-match and case-sensitive without the query;
// hosts case-insensitive without the port (`*.example.com` does not match `example.com`);
// header values and query strings case-insensitive; methods exact; source-ip by CIDR.
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { AlbAction, AlbCondition, AlbListener, AlbRule } from '../../alb/model.ts';
import { buildRuleIndex, selectRule, type RuleIndex } from './match-index.ts';
import { compileAnyOf, compileWildcard, type StringTest } from './wildcard.ts';

/** What a rule can look at, built once per request. */
export interface MatchInput {
  method: string;
  /** The path without the query string, as sent (not decoded). */
  path: string;
  /** The query string without `?` ('' when none). */
  query: string;
  /** Lower-cased host without the port. */
  host: string;
  /** Request headers as a flat [name, value, ...] list (any case). */
  headers: readonly string[];
  /** The client's address (IPv4-mapped IPv6 allowed). */
  sourceIp: string;
}

type Predicate = (input: MatchInput) => boolean;

export interface CompiledRule {
  rule: AlbRule;
  action: AlbAction;
  test: Predicate;
}

export interface CompiledListener {
  port: number;
  protocol: 'HTTP' | 'HTTPS';
  rules: CompiledRule[];
  defaultAction: AlbAction;
  /** Candidate rules by path and host (positions in `rules`). */
  index: RuleIndex;
}

function headerValues(headers: readonly string[], lowerName: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < headers.length; i += 2) {
    const name = headers[i]!;
    if (name.length === lowerName.length && name.toLowerCase() === lowerName) out.push(headers[i + 1]!);
  }
  return out;
}

function decode(s: string): string {
  if (!s.includes('%') && !s.includes('+')) return s;
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

function compileQuery(values: { key?: string; value: string }[]): Predicate {
  const pairs = values.map((v) => ({
    key: v.key === undefined ? undefined : compileWildcard(v.key, true),
    value: compileWildcard(v.value, true),
  }));
  return (input) => {
    if (input.query === '') return false;
    for (const part of input.query.split('&')) {
      const eq = part.indexOf('=');
      const key = decode(eq === -1 ? part : part.slice(0, eq)).toLowerCase();
      const value = decode(eq === -1 ? '' : part.slice(eq + 1)).toLowerCase();
      for (const p of pairs) if ((p.key === undefined || p.key(key)) && p.value(value)) return true;
    }
    return false;
  };
}

function parseCidr(cidr: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } {
  const slash = cidr.indexOf('/');
  const address = slash === -1 ? cidr : cidr.slice(0, slash);
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
  if (family === undefined) throw new Error(`source-ip: not a CIDR block: ${cidr}`);
  const prefix = slash === -1 ? (family === 'ipv4' ? 32 : 128) : Number(cidr.slice(slash + 1));
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 'ipv4' ? 32 : 128))
    throw new Error(`source-ip: bad prefix length in ${cidr}`);
  return { address, prefix, family };
}

function compileSourceIp(values: string[]): Predicate {
  const list = new BlockList();
  for (const v of values) {
    const c = parseCidr(v);
    list.addSubnet(c.address, c.prefix, c.family);
  }
  return (input) => {
    let ip = input.sourceIp;
    if (ip.startsWith('::ffff:') && isIPv4(ip.slice(7))) ip = ip.slice(7);
    if (isIPv4(ip)) return list.check(ip, 'ipv4');
    if (isIPv6(ip)) return list.check(ip, 'ipv6');
    return false;
  };
}

/** One condition as a predicate. Throws on values the API would reject (our model's bug). */
export function compileCondition(c: AlbCondition): Predicate {
  switch (c.field) {
    case 'path-pattern': {
      const t: StringTest = compileAnyOf(c.values);
      return (input) => t(input.path);
    }
    case 'host-header': {
      const t = compileAnyOf(c.values, true);
      return (input) => t(input.host);
    }
    case 'http-header': {
      const name = c.httpHeaderName.toLowerCase();
      const t = compileAnyOf(c.values, true);
      return (input) => {
        for (const v of headerValues(input.headers, name)) if (t(v.toLowerCase())) return true;
        return false;
      };
    }
    case 'http-request-method': {
      const methods = new Set(c.values);
      return (input) => methods.has(input.method);
    }
    case 'query-string':
      return compileQuery(c.values);
    case 'source-ip':
      return compileSourceIp(c.values);
  }
}

function compileRule(rule: AlbRule): CompiledRule {
  const action = rule.actions[rule.actions.length - 1];
  if (action === undefined) throw new Error(`rule ${rule.arn} has no action`);
  const preds = rule.conditions.map(compileCondition);
  let test: Predicate;
  if (preds.length === 0) test = () => true;
  else if (preds.length === 1) test = preds[0]!;
  else
    test = (input) => {
      for (const p of preds) if (!p(input)) return false;
      return true;
    };
  return { rule, action, test };
}

/** Compiles a listener: rules sorted by ascending priority, default action last. */
export function compileListener(listener: AlbListener): CompiledListener {
  const defaultAction = listener.defaultActions[listener.defaultActions.length - 1];
  if (defaultAction === undefined) throw new Error(`listener ${listener.arn} has no default action`);
  const sorted = [...listener.rules].sort((a, b) => a.priority - b.priority);
  return {
    port: listener.port,
    protocol: listener.protocol,
    rules: sorted.map(compileRule),
    defaultAction,
    index: buildRuleIndex(sorted),
  };
}

/** The first matching rule, or undefined when the listener's default action applies. */
export function matchRule(listener: CompiledListener, input: MatchInput): CompiledRule | undefined {
  return listener.rules[selectRule(listener.index, listener.rules, input, input.path, input.host)];
}

/** The first matching rule by a plain scan in priority order (the reference for the index). */
export function matchRuleByScan(listener: CompiledListener, input: MatchInput): CompiledRule | undefined {
  for (const r of listener.rules) if (r.test(input)) return r;
  return undefined;
}

/** Lower-cased host without the port, from a Host header or :authority (IPv6 literals kept). */
export function hostWithoutPort(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return (end === -1 ? host : host.slice(0, end + 1)).toLowerCase();
  }
  const colon = host.indexOf(':');
  return (colon === -1 ? host : host.slice(0, colon)).toLowerCase();
}

/** Splits a request target into path and query. */
export function splitTarget(target: string): { path: string; query: string } {
  const q = target.indexOf('?');
  return q === -1 ? { path: target, query: '' } : { path: target.slice(0, q), query: target.slice(q + 1) };
}
