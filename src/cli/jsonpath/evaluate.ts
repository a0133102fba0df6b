// Runs a parsed JSONPath template over a JSON value as kubectl's printer does: missing keys
// print nothing (--allow-missing-template-keys=true), several results of one action are
// joined by a space, strings print raw, maps and lists as compact JSON, numbers and booleans
// as Go prints them.
import { goJsonMarshal as goJsonCompact } from '../../resources/go-json.ts';
import type { Expr, Filter, Operand, Step, TemplateNode } from './parse.ts';

type Json = unknown;

function isRecord(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function descendants(v: Json, out: Json[]): void {
  out.push(v);
  if (Array.isArray(v)) for (const e of v) descendants(e, out);
  else if (isRecord(v)) for (const k of Object.keys(v).sort()) descendants(v[k], out);
}

function normIndex(i: number, len: number): number {
  return i < 0 ? i + len : i;
}

function applyStep(values: Json[], step: Step, root: Json): Json[] {
  const out: Json[] = [];
  for (const v of values) {
    switch (step.kind) {
      case 'field':
        if (step.name === '*') {
          if (isRecord(v)) for (const k of Object.keys(v).sort()) out.push(v[k]);
          else if (Array.isArray(v)) out.push(...(v as Json[]));
        } else if (isRecord(v) && step.name in v) out.push(v[step.name]);
        break;
      case 'keys':
        if (isRecord(v)) for (const k of step.names) if (k in v) out.push(v[k]);
        break;
      case 'recursive':
        descendants(v, out);
        break;
      case 'wildcard':
        if (Array.isArray(v)) out.push(...(v as Json[]));
        else if (isRecord(v)) for (const k of Object.keys(v).sort()) out.push(v[k]);
        break;
      case 'index':
        if (Array.isArray(v))
          for (const i of step.indices) {
            const j = normIndex(i, v.length);
            if (j >= 0 && j < v.length) out.push(v[j]);
          }
        break;
      case 'slice':
        if (Array.isArray(v)) {
          const len = v.length;
          const by = step.step ?? 1;
          const start = Math.max(0, Math.min(len, normIndex(step.start ?? 0, len)));
          const end = Math.max(0, Math.min(len, normIndex(step.end ?? len, len)));
          if (by > 0) for (let i = start; i < end; i += by) out.push(v[i]);
        }
        break;
      case 'filter': {
        const items = Array.isArray(v) ? v : [v];
        for (const item of items) if (matches(step.filter, item, root)) out.push(item);
        break;
      }
    }
  }
  return out;
}

function evalSteps(start: Json, steps: readonly Step[], root: Json): Json[] {
  let values: Json[] = [start];
  for (const step of steps) values = applyStep(values, step, root);
  return values;
}

function operandValues(o: Operand, current: Json, root: Json): Json[] {
  if (o.kind === 'literal') return [o.value];
  return evalSteps(o.root === '$' ? root : current, o.steps, root);
}

function compare(a: Json, op: NonNullable<Filter['op']>, b: Json): boolean {
  if (op === '==') return a === b || goJsonCompact(a) === goJsonCompact(b);
  if (op === '!=') return !(a === b || goJsonCompact(a) === goJsonCompact(b));
  if (typeof a === 'number' && typeof b === 'number') {
    if (op === '<') return a < b;
    if (op === '>') return a > b;
    if (op === '<=') return a <= b;
    return a >= b;
  }
  if (typeof a === 'string' && typeof b === 'string') {
    if (op === '<') return a < b;
    if (op === '>') return a > b;
    if (op === '<=') return a <= b;
    return a >= b;
  }
  return false;
}

function matches(f: Filter, current: Json, root: Json): boolean {
  const left = operandValues(f.left, current, root);
  if (!f.op || !f.right) return left.some((v) => v !== undefined && v !== null && v !== false);
  const right = operandValues(f.right, current, root);
  return left.some((l) => right.some((r) => compare(l, f.op!, r)));
}

function evalExpr(e: Expr, current: Json, root: Json): Json[] {
  if (e.kind === 'literal') return [e.value];
  return evalSteps(e.root === '$' ? root : current, e.steps, root);
}

/** One result as kubectl's JSONPath printer writes it. */
export function formatValue(v: Json): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return '';
  return goJsonCompact(v);
}

function run(nodes: readonly TemplateNode[], current: Json, root: Json, out: string[]): void {
  for (const node of nodes) {
    if (node.kind === 'text') out.push(node.text);
    else if (node.kind === 'action') {
      const results = node.exprs.flatMap((e) => evalExpr(e, current, root));
      out.push(results.map(formatValue).join(' '));
    } else {
      for (const item of evalExpr(node.expr, current, root)) run(node.body, item, root, out);
    }
  }
}

export function executeTemplate(nodes: readonly TemplateNode[], data: Json): string {
  const out: string[] = [];
  run(nodes, data, data, out);
  return out.join('');
}
