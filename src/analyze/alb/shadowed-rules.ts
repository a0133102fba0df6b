// GW1104: a listener rule that can never match because an earlier rule (lower priority number)
// of the same listener matches every request it would: same or broader host and path patterns,
// and no extra condition. Patterns use ALB's `*` / `?` wildcards (hosts case-insensitive).
import type { AlbCondition, AlbListener, AlbRule } from '../../alb/model.ts';
import type { KubeObject } from '../../resources/types.ts';
import { finding } from '../finding.ts';
import type { AnalyzeContext, Finding } from '../types.ts';
import { GW1104 } from './codes.ts';
import { albTranslation } from './translation.ts';

/** Every string `narrow` matches, `wide` matches too (sound for `*` / `?` patterns). */
export function patternCovers(wide: string, narrow: string): boolean {
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const k = i * (narrow.length + 1) + j;
    const hit = memo.get(k);
    if (hit !== undefined) return hit;
    let r: boolean;
    if (i === wide.length) r = j === narrow.length;
    else if (wide[i] === '*') r = go(i + 1, j) || (j < narrow.length && go(i, j + 1));
    else if (j === narrow.length || narrow[j] === '*') r = false;
    else if (wide[i] === '?') r = go(i + 1, j + 1);
    else r = narrow[j] !== '?' && wide[i] === narrow[j] && go(i + 1, j + 1);
    memo.set(k, r);
    return r;
  };
  return go(0, 0);
}

function conditionKey(c: AlbCondition): string {
  return c.field === 'http-header' ? `http-header:${c.httpHeaderName.toLowerCase()}` : c.field;
}

function valueCovers(
  field: string,
  wide: AlbCondition['values'][number],
  narrow: AlbCondition['values'][number],
): boolean {
  if (typeof wide !== 'string' || typeof narrow !== 'string')
    return JSON.stringify(wide) === JSON.stringify(narrow);
  if (field === 'path-pattern') return patternCovers(wide, narrow);
  if (field === 'source-ip' || field === 'http-request-method') return wide === narrow;
  return patternCovers(wide.toLowerCase(), narrow.toLowerCase());
}

/** Whatever matches `later` matches `earlier`. */
export function ruleCovers(earlier: readonly AlbCondition[], later: readonly AlbCondition[]): boolean {
  return earlier.every((e) => {
    const l = later.find((c) => conditionKey(c) === conditionKey(e));
    if (!l) return false;
    return (l.values as AlbCondition['values'][number][]).every((nv) =>
      (e.values as AlbCondition['values'][number][]).some((wv) => valueCovers(e.field, wv, nv)),
    );
  });
}

function describe(r: AlbRule): string {
  const parts = r.conditions.map(
    (c) => `${c.field} ${c.values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(',')}`,
  );
  return parts.length > 0 ? parts.join(' + ') : 'any request';
}

function sourceField(r: AlbRule): string {
  return `spec.rules[${String(r.source.rule)}].http.paths[${String(r.source.path)}]`;
}

interface Shadow {
  rule: AlbRule;
  by: AlbRule;
  listeners: string[];
}

function shadowsOf(listener: AlbListener, into: Map<string, Shadow>): void {
  listener.rules.forEach((rule, j) => {
    const by = listener.rules.slice(0, j).find((e) => ruleCovers(e.conditions, rule.conditions));
    if (!by) return;
    const key = `${rule.source.namespace}/${rule.source.name}/${String(rule.source.rule)}/${String(rule.source.path)}`;
    const name = `${listener.protocol}:${String(listener.port)}`;
    const s = into.get(key);
    if (s) s.listeners.push(name);
    else into.set(key, { rule, by, listeners: [name] });
  });
}

/** GW1104 over every listener of every ALB. */
export function shadowedRules(ctx: AnalyzeContext): Finding[] {
  const out: Finding[] = [];
  for (const lb of albTranslation(ctx).model.loadBalancers) {
    const shadows = new Map<string, Shadow>();
    for (const l of lb.listeners) shadowsOf(l, shadows);
    for (const { rule, by, listeners } of shadows.values()) {
      const ing: Readonly<KubeObject> | undefined = ctx.get(
        'Ingress',
        rule.source.namespace,
        rule.source.name,
      );
      if (!ing) continue;
      const same = by.source.namespace === rule.source.namespace && by.source.name === rule.source.name;
      const where = `${same ? '' : `Ingress ${by.source.namespace}/${by.source.name} `}${sourceField(by)}`;
      out.push(
        finding(
          GW1104,
          ing,
          ['spec', 'rules', rule.source.rule, 'http', 'paths', rule.source.path],
          `rule (${describe(rule)}) never matches on listener ${listeners.join(', ')}: the earlier rule priority ${String(by.priority)} from ${where} ` +
            `(${describe(by)}) matches every request it would; put the more specific path or host first (or raise its alb.ingress.kubernetes.io/group.order)`,
        ),
      );
    }
  }
  return out;
}
