// IST0130 VirtualServiceUnreachableRule and IST0131 VirtualServiceIneffectiveMatch: Istio's
// analyzeUnreachableHTTPRules, widened from identical matches to matches an earlier one covers
// (a prefix covering a longer prefix or an exact path, `.*`, same other conditions).
import type {
  HttpMatchSpec,
  HttpRouteSpec,
  IstioStringMatch,
  VirtualServiceSpec,
} from '../../istio/translate/specs.ts';
import { specOf } from '../../istio/translate/specs.ts';
import { finding } from '../finding.ts';
import type { AnalyzeContext, Finding } from '../types.ts';
import { IST0130, IST0131 } from './codes.ts';

/** JSON with sorted keys, as a canonical form of a match condition. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** Everything but the name and the URI condition. */
function rest(m: HttpMatchSpec): string {
  const { name: _n, uri: _u, ignoreUriCase: _i, ...others } = m;
  return canonical(others);
}

function coversAllPaths(u: IstioStringMatch | undefined): boolean {
  if (!u || canonical(u) === '{}') return true;
  return u.prefix === '/' || u.prefix === '' || u.regex === '.*' || u.regex === '/.*';
}

/** Does every path `later` accepts also satisfy `earlier`'s URI condition? */
function uriCovers(earlier: HttpMatchSpec, later: HttpMatchSpec): boolean {
  const e = earlier.uri;
  if (coversAllPaths(e)) return true;
  const l = later.uri;
  if (!e || !l) return false;
  const fold = earlier.ignoreUriCase === true;
  if (fold !== (later.ignoreUriCase === true) && !fold) return false;
  const norm = (s: string): string => (fold ? s.toLowerCase() : s);
  if (e.exact !== undefined) return l.exact !== undefined && norm(l.exact) === norm(e.exact);
  if (e.prefix !== undefined) {
    const lp = l.exact ?? l.prefix;
    return lp !== undefined && norm(lp).startsWith(norm(e.prefix));
  }
  return e.regex !== undefined && l.regex === e.regex && !fold;
}

/** `earlier` takes every request `later` would take. */
export function matchCovers(earlier: HttpMatchSpec, later: HttpMatchSpec): boolean {
  return rest(earlier) === rest(later) && uriCovers(earlier, later);
}

const ruleName = (r: HttpRouteSpec, i: number): string => (r.name ? JSON.stringify(r.name) : `#${String(i)}`);
const matchName = (m: HttpMatchSpec, i: number): string =>
  m.name ? JSON.stringify(m.name) : `#${String(i)}`;

export interface RuleReport {
  unreachable: { rule: number; message: string }[];
  ineffective: { rule: number; match: number; message: string }[];
}

/** The unreachable rules and ineffective matches of one VirtualService's `http` list. */
export function unreachableHttpRules(routes: readonly HttpRouteSpec[]): RuleReport {
  const report: RuleReport = { unreachable: [], ineffective: [] };
  const seen: { m: HttpMatchSpec; rule: number }[] = [];
  let emptyRule = -1;
  const unused = (i: number, r: HttpRouteSpec, why: string): void => {
    report.unreachable.push({ rule: i, message: `VirtualService rule ${ruleName(r, i)} not used (${why}).` });
  };
  routes.forEach((r, i) => {
    const matches = r.match ?? [];
    // As istiod's analyzeUnreachableHTTPRules: a second rule without matches, or any rule with
    // matches after one, is never used.
    if (matches.length === 0) {
      if (emptyRule >= 0) unused(i, r, 'only the last rule can have no matches');
      emptyRule = i;
      return;
    }
    if (emptyRule >= 0) {
      unused(i, r, 'route without matches defined before');
      return;
    }
    let covered = 0;
    matches.forEach((m, j) => {
      const prior = seen.find((s) => matchCovers(s.m, m));
      seen.push({ m, rule: i });
      if (!prior) return;
      covered++;
      const message = `VirtualService rule ${ruleName(r, i)} match ${matchName(m, j)} is not used (duplicate/overlapping match in rule ${ruleName(routes[prior.rule] ?? {}, prior.rule)}).`;
      report.ineffective.push({ rule: i, match: j, message });
    });
    if (covered === matches.length) unused(i, r, 'all matches used by prior rules');
  });
  return report;
}

export function analyzeUnreachableRules(ctx: AnalyzeContext): Finding[] {
  const out: Finding[] = [];
  for (const vs of ctx.ofKind('VirtualService')) {
    const report = unreachableHttpRules(specOf<VirtualServiceSpec>(vs).http ?? []);
    for (const u of report.unreachable) out.push(finding(IST0130, vs, ['spec', 'http', u.rule], u.message));
    for (const m of report.ineffective)
      out.push(finding(IST0131, vs, ['spec', 'http', m.rule, 'match', m.match], m.message));
  }
  return out;
}
