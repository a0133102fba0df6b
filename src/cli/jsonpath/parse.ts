// kubectl's JSONPath templates (k8s.io/client-go/util/jsonpath) parsed into nodes: text,
// `{...}` actions made of steps (`.field`, `..field`, `[n]`, `[a:b]`, `[*]`, `['key']`,
// `[?(@.x=="y")]`), string literals (`{"\n"}`), and `{range ...}...{end}` blocks.

export type Operand =
  | { kind: 'path'; root: '@' | '$'; steps: Step[] }
  | { kind: 'literal'; value: string | number | boolean | null };

export interface Filter {
  left: Operand;
  op?: '==' | '!=' | '<' | '>' | '<=' | '>=';
  right?: Operand;
}

export type Step =
  | { kind: 'field'; name: string } // '*' is the wildcard
  | { kind: 'recursive' } // `..`: the value and every value below it
  | { kind: 'index'; indices: number[] } // [0] or [0,2]
  | { kind: 'keys'; names: string[] } // ['a'] or ['a','b']
  | { kind: 'slice'; start?: number; end?: number; step?: number }
  | { kind: 'wildcard' } // [*]
  | { kind: 'filter'; filter: Filter };

export type Expr = { kind: 'path'; root: '@' | '$'; steps: Step[] } | { kind: 'literal'; value: string };

export type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'action'; exprs: Expr[] } // several exprs: `{.a,.b}`
  | { kind: 'range'; expr: Expr; body: TemplateNode[] };

export class JsonPathParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPathParseError';
  }
}

const TERMINATORS = new Set([' ', '.', ',', '[', ']', '$', '@', '{', '}', '(', ')', '=', '!', '<', '>']);

class Cursor {
  readonly text: string;
  pos = 0;
  constructor(text: string) {
    this.text = text;
  }
  peek(n = 0): string {
    return this.text[this.pos + n] ?? '';
  }
  eof(): boolean {
    return this.pos >= this.text.length;
  }
  skipSpaces(): void {
    while (this.peek() === ' ') this.pos++;
  }
  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }
}

function readQuoted(c: Cursor): string {
  const quote = c.peek();
  let i = c.pos + 1;
  let raw = '';
  while (i < c.text.length && c.text[i] !== quote) {
    if (c.text[i] === '\\' && i + 1 < c.text.length) {
      raw += c.text.slice(i, i + 2);
      i += 2;
    } else raw += c.text[i++]!;
  }
  if (i >= c.text.length) throw new JsonPathParseError('unclosed quote');
  c.pos = i + 1;
  return unescape(raw, quote);
}

function unescape(raw: string, quote: string): string {
  const map: Record<string, string> = {
    n: '\n',
    t: '\t',
    r: '\r',
    '\\': '\\',
    '"': '"',
    "'": "'",
    '0': '\0',
  };
  return raw.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_m, e: string) =>
    e.startsWith('u') && e.length === 5
      ? String.fromCharCode(parseInt(e.slice(1), 16))
      : (map[e] ?? (e === quote ? e : `\\${e}`)),
  );
}

function readNumber(c: Cursor): number | undefined {
  const m = /^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(c.text.slice(c.pos));
  if (!m) return undefined;
  c.pos += m[0].length;
  return Number(m[0]);
}

function parseFilter(c: Cursor): Filter {
  // after `[?(`
  c.skipSpaces();
  const left = parseOperand(c);
  c.skipSpaces();
  const op = ['==', '!=', '<=', '>=', '<', '>'].find((o) => c.startsWith(o)) as Filter['op'];
  let filter: Filter = { left };
  if (op) {
    c.pos += op.length;
    c.skipSpaces();
    filter = { left, op, right: parseOperand(c) };
    c.skipSpaces();
  }
  if (c.peek() !== ')' || c.peek(1) !== ']') throw new JsonPathParseError('unclosed filter, expect )]');
  c.pos += 2;
  return filter;
}

function parseOperand(c: Cursor): Operand {
  const ch = c.peek();
  if (ch === '@' || ch === '$') {
    c.pos++;
    return { kind: 'path', root: ch, steps: parseSteps(c) };
  }
  if (ch === '"' || ch === "'") return { kind: 'literal', value: readQuoted(c) };
  const n = readNumber(c);
  if (n !== undefined) return { kind: 'literal', value: n };
  for (const [word, value] of [
    ['true', true],
    ['false', false],
    ['nil', null],
    ['null', null],
  ] as const) {
    if (c.startsWith(word)) {
      c.pos += word.length;
      return { kind: 'literal', value };
    }
  }
  throw new JsonPathParseError(`unrecognized filter operand at ${JSON.stringify(c.text.slice(c.pos))}`);
}

function parseBracket(c: Cursor): Step {
  // after `[`
  if (c.startsWith('?(')) {
    c.pos += 2;
    return { kind: 'filter', filter: parseFilter(c) };
  }
  const close = c.text.indexOf(']', c.pos);
  if (close < 0) throw new JsonPathParseError('unclosed array expect ]');
  const inner = c.text.slice(c.pos, close).trim();
  if (inner.startsWith("'") || inner.startsWith('"')) {
    const names: string[] = [];
    const sub = new Cursor(inner);
    for (;;) {
      sub.skipSpaces();
      if (sub.peek() !== "'" && sub.peek() !== '"')
        throw new JsonPathParseError(`invalid array index ${inner}`);
      names.push(readQuoted(sub));
      sub.skipSpaces();
      if (sub.eof()) break;
      if (sub.peek() !== ',') throw new JsonPathParseError(`invalid array index ${inner}`);
      sub.pos++;
    }
    c.pos = close + 1;
    return { kind: 'keys', names };
  }
  c.pos = close + 1;
  if (inner === '*') return { kind: 'wildcard' };
  if (inner.includes(':')) {
    const parts = inner.split(':').map((p) => p.trim());
    if (parts.length > 3 || parts.some((p) => p !== '' && !/^[-+]?\d+$/.test(p)))
      throw new JsonPathParseError(`invalid array index ${inner}`);
    const step: Step = { kind: 'slice' };
    if (parts[0]) step.start = Number(parts[0]);
    if (parts[1]) step.end = Number(parts[1]);
    if (parts[2]) step.step = Number(parts[2]);
    return step;
  }
  const indices = inner.split(',').map((p) => p.trim());
  if (indices.some((p) => !/^[-+]?\d+$/.test(p)))
    throw new JsonPathParseError(`invalid array index ${inner}`);
  return { kind: 'index', indices: indices.map(Number) };
}

function parseSteps(c: Cursor): Step[] {
  const steps: Step[] = [];
  for (;;) {
    const ch = c.peek();
    if (ch === '.') {
      c.pos++;
      if (c.peek() === '.') {
        c.pos++;
        steps.push({ kind: 'recursive' });
      }
      if (c.peek() === '[') continue;
      let name = '';
      while (!c.eof() && !TERMINATORS.has(c.peek())) name += c.text[c.pos++]!;
      if (name === '') {
        if (steps.at(-1)?.kind === 'recursive') throw new JsonPathParseError('invalid recursive descent');
        continue; // a lone `.` is the current object
      }
      steps.push({ kind: 'field', name });
    } else if (ch === '[') {
      c.pos++;
      steps.push(parseBracket(c));
    } else return steps;
  }
}

function parseExpr(c: Cursor): Expr {
  c.skipSpaces();
  const ch = c.peek();
  if (ch === '"' || ch === "'") return { kind: 'literal', value: readQuoted(c) };
  let root: '@' | '$' = '@';
  if (ch === '@' || ch === '$') {
    root = ch;
    c.pos++;
  }
  if (!['.', '[', '}', ',', ' ', ''].includes(c.peek()))
    throw new JsonPathParseError(`unrecognized character in action: ${JSON.stringify(c.peek())}`);
  return { kind: 'path', root, steps: parseSteps(c) };
}

/** Parses a whole template; throws JsonPathParseError with client-go-like wording. */
export function parseTemplate(template: string): TemplateNode[] {
  const c = new Cursor(template);
  const stack: { nodes: TemplateNode[]; range?: Extract<TemplateNode, { kind: 'range' }> }[] = [
    { nodes: [] },
  ];
  const top = (): TemplateNode[] => stack.at(-1)!.nodes;
  while (!c.eof()) {
    const open = template.indexOf('{', c.pos);
    if (open < 0) {
      top().push({ kind: 'text', text: template.slice(c.pos) });
      break;
    }
    if (open > c.pos) top().push({ kind: 'text', text: template.slice(c.pos, open) });
    c.pos = open + 1;
    c.skipSpaces();
    if (/^range\b/.test(template.slice(c.pos))) {
      c.pos += 'range'.length;
      const expr = parseExpr(c);
      c.skipSpaces();
      if (c.peek() !== '}') throw new JsonPathParseError('unclosed action');
      c.pos++;
      const node: Extract<TemplateNode, { kind: 'range' }> = { kind: 'range', expr, body: [] };
      top().push(node);
      stack.push({ nodes: node.body, range: node });
      continue;
    }
    if (/^end\s*\}/.test(template.slice(c.pos))) {
      if (stack.length === 1) throw new JsonPathParseError('not in range, nothing to end');
      stack.pop();
      c.pos = template.indexOf('}', c.pos) + 1;
      continue;
    }
    const exprs: Expr[] = [];
    for (;;) {
      exprs.push(parseExpr(c));
      c.skipSpaces();
      if (c.peek() === ',') {
        c.pos++;
        continue;
      }
      if (c.peek() === '}') {
        c.pos++;
        break;
      }
      if (c.eof()) throw new JsonPathParseError('unclosed action');
      throw new JsonPathParseError(`unrecognized character in action: ${JSON.stringify(c.peek())}`);
    }
    top().push({ kind: 'action', exprs });
  }
  if (stack.length > 1) throw new JsonPathParseError('unclosed range, expect {end}');
  return stack[0]!.nodes;
}
