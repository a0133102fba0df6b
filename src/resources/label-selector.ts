// Label selectors as apimachinery reads, matches and renders them, for every module that
// needs one: label maps (labels.FormatLabels), metav1.LabelSelector objects (matching, and
// LabelSelectorAsSelector(...).String() / metav1.FormatLabelSelector), a Service's plain map
// selector, and selector strings as labels.Parse reads them (`app=a,tier!=b,env in (x,y),
// !k, k, n>3`), with the API server's error texts.
import { compareStrings } from './go-json.ts';
import { isObject, stringMap } from './json.ts';
import { isQualifiedName, isValidLabelValue } from './validation/names.ts';

export interface LabelSelectorRequirement {
  key: string;
  operator: string; // In | NotIn | Exists | DoesNotExist
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

type Labels = Readonly<Record<string, string>> | undefined;

/** labels.FormatLabels: `k=v,k2=v2` in key order, `<none>` when empty. */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined | null): string {
  const keys = Object.keys(labels ?? {}).sort(compareStrings);
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels?.[k] ?? ''}`).join(',');
}

/** metav1.LabelSelectorAsSelector(sel).String(): '' for a nil or empty selector, `<error>` for an unknown operator. */
export function selectorString(sel: Readonly<LabelSelector> | undefined | null): string {
  if (!sel) return '';
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of sel.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort(compareStrings).join(',');
    let text: string;
    switch (e.operator) {
      case 'In':
        text = `${e.key} in (${values})`;
        break;
      case 'NotIn':
        text = `${e.key} notin (${values})`;
        break;
      case 'Exists':
        text = e.key;
        break;
      case 'DoesNotExist':
        text = `!${e.key}`;
        break;
      default:
        return '<error>';
    }
    reqs.push({ key: e.key, text });
  }
  // internalSelector sorts requirements by key (stable for equal keys here).
  return reqs
    .sort((a, b) => compareStrings(a.key, b.key))
    .map((r) => r.text)
    .join(',');
}

/** metav1.FormatLabelSelector: the selector string, `<none>` when it is empty. */
export function formatLabelSelector(sel: Readonly<LabelSelector> | undefined | null): string {
  const s = selectorString(sel);
  return s === '' ? '<none>' : s;
}

/**
 * The selector string of an object's spec.selector as kubectl sends it: a LabelSelector
 * (LabelSelectorAsSelector) or a Service's plain map (SelectorFromSet), keys sorted.
 */
export function objectSelectorString(selector: unknown): string {
  if (typeof selector !== 'object' || selector === null) return '';
  const isLabelSelector = 'matchLabels' in selector || 'matchExpressions' in selector;
  return selectorString(
    isLabelSelector ? (selector as LabelSelector) : { matchLabels: selector as Record<string, string> },
  );
}

/**
 * Does a label map satisfy the selector? (LabelSelectorAsSelector(sel).Matches): a missing
 * selector selects nothing, an empty one everything; matchLabels and matchExpressions (In,
 * NotIn, Exists, DoesNotExist; any other operator matches nothing) must all hold. Loosely
 * typed input (a manifest being validated) is read as Go would decode it.
 */
export function selectorMatches(sel: Readonly<LabelSelector> | undefined | null, labels: Labels): boolean {
  if (!isObject(sel)) return false;
  const have = labels ?? {};
  for (const [k, v] of Object.entries(stringMap(sel.matchLabels))) if (have[k] !== v) return false;
  const exprs: unknown[] = Array.isArray(sel.matchExpressions) ? sel.matchExpressions : [];
  for (const e of exprs.filter(isObject)) {
    const key = typeof e['key'] === 'string' ? e['key'] : '';
    const values: unknown[] = Array.isArray(e['values']) ? e['values'] : [];
    const has = Object.hasOwn(have, key);
    const ok =
      e['operator'] === 'In'
        ? has && values.includes(have[key])
        : e['operator'] === 'NotIn'
          ? !has || !values.includes(have[key])
          : e['operator'] === 'Exists'
            ? has
            : e['operator'] === 'DoesNotExist'
              ? !has
              : false;
    if (!ok) return false;
  }
  return true;
}

/** True for a selector that selects every object (`{}`). */
export function selectsEverything(selector: Readonly<LabelSelector> | undefined | null): boolean {
  return (
    !!selector &&
    Object.keys(selector.matchLabels ?? {}).length === 0 &&
    (selector.matchExpressions ?? []).length === 0
  );
}

/** A Service's (map) selector: every pair must match; an empty map selects nothing here. */
export function mapSelectorMatches(selector: Labels, labels: Labels): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  const have = labels ?? {};
  return Object.entries(selector).every(([k, v]) => have[k] === v);
}

// Selector strings: labels.Parse and the requirement lists it yields (list and watch
// requests' labelSelector).

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
  const keyErrs = isQualifiedName(key);
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
    const e = isValidLabelValue(v);
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
    const keyErrs = isQualifiedName(key);
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
