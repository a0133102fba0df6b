// Label selectors as apimachinery's labels.Parse reads them (`app=a,tier!=b,env in (x,y),
// !k, k, n>3`), with its error texts, and metav1.LabelSelector rendered as a string the way
// LabelSelectorAsSelector(...).String() does (Scale's status.selector).

import { labelValueErrors, qualifiedNameErrors } from './label-validation.ts';

export type Operator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  operator: Operator;
  values: string[]; // sorted, unique
}

type Tok = 'id' | '!' | '!=' | '=' | '==' | '>' | '<' | '(' | ')' | ',' | 'in' | 'notin' | 'eos';

const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);

function lex(input: string): { tok: Tok; lit: string }[] {
  const out: { tok: Tok; lit: string }[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (SPECIAL.has(ch)) {
      const two = input.slice(i, i + 2);
      if (two === '!=' || two === '==') {
        out.push({ tok: two, lit: two });
        i += 2;
      } else {
        out.push({ tok: ch as Tok, lit: ch });
        i++;
      }
    } else {
      let j = i;
      while (j < input.length && !SPECIAL.has(input[j]!) && !/\s/.test(input[j]!)) j++;
      const lit = input.slice(i, j);
      out.push({ tok: lit === 'in' ? 'in' : lit === 'notin' ? 'notin' : 'id', lit });
      i = j;
    }
  }
  out.push({ tok: 'eos', lit: '' });
  return out;
}

const goStrings = (vals: string[]): string => `[]string{${vals.map((v) => JSON.stringify(v)).join(', ')}}`;

function aggregate(errs: string[]): string {
  return errs.length === 1 ? errs[0]! : `[${errs.join(', ')}]`;
}

function newRequirement(key: string, operator: Operator, values: string[]): Requirement {
  const errs: string[] = [];
  const keyErrs = qualifiedNameErrors(key);
  if (keyErrs.length) errs.push(`key: Invalid value: ${JSON.stringify(key)}: ${keyErrs.join('; ')}`);
  if ((operator === 'in' || operator === 'notin') && values.length === 0) {
    errs.push(
      `values: Invalid value: ${goStrings(values)}: for 'in', 'notin' operators, values set can't be empty`,
    );
  }
  if ((operator === '=' || operator === '==' || operator === '!=') && values.length !== 1) {
    errs.push(
      `values: Invalid value: ${goStrings(values)}: exact-match compatibility requires one single value`,
    );
  }
  if (operator === 'gt' || operator === 'lt') {
    if (values.length !== 1) {
      errs.push(
        `values: Invalid value: ${goStrings(values)}: for 'Gt', 'Lt' operators, exactly one value is required`,
      );
    }
    values.forEach((v, i) => {
      if (!/^[+-]?\d+$/.test(v)) {
        errs.push(
          `values[${i}]: Invalid value: ${JSON.stringify(v)}: for 'Gt', 'Lt' operators, the value must be an integer`,
        );
      }
    });
  }
  values.forEach((v, i) => {
    const e = labelValueErrors(v);
    if (e.length) errs.push(`values[${i}][${key}]: Invalid value: ${JSON.stringify(v)}: ${e.join('; ')}`);
  });
  if (errs.length) throw new Error(aggregate(errs));
  return { key, operator, values };
}

class Parser {
  readonly #toks: { tok: Tok; lit: string }[];
  #pos = 0;
  constructor(input: string) {
    this.#toks = lex(input);
  }
  /** In value position `in` and `notin` are plain identifiers. */
  #look(values: boolean): { tok: Tok; lit: string } {
    const t = this.#toks[this.#pos]!;
    return values && (t.tok === 'in' || t.tok === 'notin') ? { tok: 'id', lit: t.lit } : t;
  }
  #next(values: boolean): { tok: Tok; lit: string } {
    const t = this.#look(values);
    if (this.#pos < this.#toks.length - 1) this.#pos++;
    return t;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.#look(true);
      if (tok === 'eos') return reqs;
      if (tok !== 'id' && tok !== '!')
        throw new Error(`found '${lit}', expected: !, identifier, or 'end of string'`);
      try {
        reqs.push(this.#requirement());
      } catch (err) {
        throw new Error(`unable to parse requirement: ${(err as Error).message}`, { cause: err });
      }
      const t = this.#next(true);
      if (t.tok === 'eos') return reqs;
      if (t.tok !== ',') throw new Error(`found '${t.lit}', expected: ',' or 'end of string'`);
      const after = this.#look(true);
      if (after.tok !== 'id' && after.tok !== '!')
        throw new Error(`found '${after.lit}', expected: identifier after ','`);
    }
  }

  #requirement(): Requirement {
    let t = this.#next(true);
    let negated = false;
    if (t.tok === '!') {
      negated = true;
      t = this.#next(true);
    }
    if (t.tok !== 'id') throw new Error(`found '${t.lit}', expected: identifier`);
    const key = t.lit;
    const keyErrs = qualifiedNameErrors(key);
    if (keyErrs.length)
      throw new Error(`<nil>: Invalid value: ${JSON.stringify(key)}: ${keyErrs.join('; ')}`);
    const ahead = this.#look(true).tok;
    if (ahead === 'eos' || ahead === ',') return newRequirement(key, negated ? '!' : 'exists', []);
    if (negated) return newRequirement(key, '!', []);
    const op = this.#next(false);
    const ops: Partial<Record<Tok, Operator>> = {
      in: 'in',
      notin: 'notin',
      '=': '=',
      '==': '==',
      '!=': '!=',
      '>': 'gt',
      '<': 'lt',
    };
    const operator = ops[op.tok];
    if (!operator) throw new Error(`found '${op.lit}', expected: in, notin, =, ==, !=, gt, lt`);
    const values = operator === 'in' || operator === 'notin' ? this.#setValues() : this.#exactValue();
    return newRequirement(key, operator, [...new Set(values)].sort());
  }

  #exactValue(): string[] {
    const ahead = this.#look(true);
    if (ahead.tok === 'eos' || ahead.tok === ',') return [''];
    const t = this.#next(true);
    if (t.tok === 'id') return [t.lit];
    throw new Error(`found '${t.lit}', expected: identifier`);
  }

  #setValues(): string[] {
    const open = this.#next(true);
    if (open.tok !== '(') throw new Error(`found '${open.lit}' expected: '('`);
    const first = this.#look(true);
    if (first.tok === ')') {
      this.#next(true);
      return [''];
    }
    if (first.tok !== 'id' && first.tok !== ',')
      throw new Error(`found '${first.lit}', expected: ',', ')' or identifier`);
    const values: string[] = [];
    for (;;) {
      const t = this.#next(true);
      if (t.tok === 'id') {
        values.push(t.lit);
        const n = this.#look(true);
        if (n.tok === ',') continue;
        if (n.tok === ')') break;
        throw new Error(`found '${n.lit}', expected: ',' or ')'`);
      } else if (t.tok === ',') {
        if (values.length === 0) values.push('');
        const n = this.#look(true);
        if (n.tok === ')') {
          values.push('');
          break;
        }
        if (n.tok === ',') {
          this.#next(true);
          values.push('');
        }
      } else {
        throw new Error(`found '${t.lit}', expected: ',', or identifier`);
      }
    }
    const close = this.#next(true);
    if (close.tok !== ')') throw new Error(`found '${close.lit}', expected: ')'`);
    return values;
  }
}

/** Parses a label selector. Throws Error with the API server's message. */
export function parseLabelSelector(input: string): Requirement[] {
  return new Parser(input).parse().sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function labelsMatch(
  reqs: readonly Requirement[],
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.hasOwn(l, r.key);
    const v = l[r.key];
    switch (r.operator) {
      case '=':
      case '==':
      case 'in':
        return has && r.values.includes(v!);
      case '!=':
      case 'notin':
        return !has || !r.values.includes(v!);
      case 'exists':
        return has;
      case '!':
        return !has;
      case 'gt':
      case 'lt': {
        if (!has || !/^[+-]?\d+$/.test(v!)) return false;
        const n = BigInt(v!);
        const want = BigInt(r.values[0]!);
        return r.operator === 'gt' ? n > want : n < want;
      }
    }
  });
}

export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** metav1.LabelSelector -> `app=web,env in (a,b),!x`, sorted by key. */
export function formatLabelSelector(sel: LabelSelectorSpec | undefined): string {
  if (!sel) return '';
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of sel.matchExpressions ?? []) {
    const vals = [...new Set(e.values ?? [])].sort().join(',');
    const text =
      e.operator === 'In'
        ? `${e.key} in (${vals})`
        : e.operator === 'NotIn'
          ? `${e.key} notin (${vals})`
          : e.operator === 'Exists'
            ? e.key
            : `!${e.key}`;
    reqs.push({ key: e.key, text });
  }
  return reqs
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => r.text)
    .join(',');
}
