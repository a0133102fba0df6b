// Field selectors as apimachinery's fields.ParseSelector reads them (`metadata.name=x,
// status.phase!=Failed`, `\,` `\=` `\\` escapes), matched against any dotted path of the
// object (involvedObject.uid, spec.nodeName, type, ...).
import type { KubeObject } from '../resources/types.ts';

export interface FieldTerm {
  field: string;
  value: string;
  negate: boolean;
}

function splitTerms(selector: string): string[] {
  if (selector === '') return [];
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < selector.length; i++) {
    if (escaped) escaped = false;
    else if (selector[i] === '\\') escaped = true;
    else if (selector[i] === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

function splitTerm(term: string): { lhs: string; op: string; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '=']) {
      if (term.startsWith(op, i)) return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) };
    }
  }
  return undefined;
}

function unescape(v: string): string {
  if (!v.includes('\\') && !v.includes('=') && !v.includes(',')) return v;
  let out = '';
  let escaped = false;
  for (const ch of v) {
    if (escaped) {
      if (ch !== '\\' && ch !== ',' && ch !== '=')
        throw new Error(`invalid field selector: invalid escape sequence: \\${ch}`);
      out += ch;
      escaped = false;
    } else if (ch === '\\') escaped = true;
    else if (ch === ',' || ch === '=') {
      // Go prints the rune with %v: its code point.
      throw new Error(`invalid field selector: unescaped character in value: ${ch.codePointAt(0)!}`);
    } else out += ch;
  }
  if (escaped) throw new Error('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** Parses a field selector. Throws Error with the API server's message. */
export function parseFieldSelector(selector: string): FieldTerm[] {
  const terms: FieldTerm[] = [];
  for (const part of splitTerms(selector).sort()) {
    if (part === '') continue;
    const t = splitTerm(part);
    if (!t) throw new Error(`invalid selector: '${selector}'; can't understand '${part}'`);
    terms.push({ field: t.lhs, value: unescape(t.rhs), negate: t.op === '!=' });
  }
  return terms;
}

/** The string a field selector compares for `path` ('' when absent). */
export function fieldValue(obj: Readonly<KubeObject>, path: string): string {
  if (path === 'source' && obj.kind === 'Event') path = 'source.component';
  if (path === 'metadata.namespace') return obj.metadata.namespace ?? '';
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return '';
    cur = (cur as Record<string, unknown>)[part];
  }
  if (typeof cur === 'string') return cur;
  if (typeof cur === 'number' || typeof cur === 'boolean') return String(cur);
  return '';
}

export function fieldsMatch(terms: readonly FieldTerm[], obj: Readonly<KubeObject>): boolean {
  return terms.every((t) => (fieldValue(obj, t.field) === t.value) !== t.negate);
}
