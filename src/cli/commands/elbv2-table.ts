// `--output table` as the AWS CLI draws it (awscli's TableFormatter over a MultiTable): one
// section per structure, titled with its key, scalar members as a header row and a value row
// (sorted keys), nested structures and lists as indented sections framed with `|`; when the
// widest section exceeds the terminal (80 columns when not a terminal), single-row sections are
// turned into key/value rows. Column widths are scaled to the widest section with Python's
// rounding, so the output matches the AWS CLI's character for character.

interface Section {
  title: string;
  headers: string[];
  rows: string[][];
  indent: number;
  maxWidths: number[];
}

type Json = unknown;

function newSection(title: string, indent: number): Section {
  return { title, headers: [], rows: [], indent, maxWidths: [] };
}

function updateWidths(s: Section, row: readonly string[]): void {
  if (s.maxWidths.length === 0) s.maxWidths = row.map((el) => el.length);
  else row.forEach((el, i) => (s.maxWidths[i] = Math.max(el.length, s.maxWidths[i] ?? 0)));
}

function addHeader(s: Section, headers: string[]): void {
  updateWidths(s, headers);
  s.headers = headers;
}

/** Python's str() of a scalar. */
function pyStr(v: Json): string {
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v === null || v === undefined) return 'None';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function addRow(s: Section, row: Json[]): void {
  const cells = row.map(pyStr);
  s.rows.push(cells);
  updateWidths(s, cells);
}

/** Python 3 round(): half to even. */
function pyRound(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function columnWidths(s: Section, padding: number, maxWidth?: number): number[] {
  const unscaled = s.maxWidths.map((w) => w + padding);
  if (maxWidth === undefined || unscaled.length === 0) return unscaled;
  const scale = maxWidth / unscaled.reduce((a, b) => a + b, 0);
  const scaled = unscaled.map((w) => pyRound(scale * w));
  let offBy = scaled.reduce((a, b) => a + b, 0) - maxWidth;
  while (offBy !== 0) {
    const order = scaled.map((_, i) => i);
    if (offBy < 0) order.reverse();
    for (const i of order) {
      if (offBy > 0) {
        scaled[i]! -= 1;
        offBy -= 1;
      } else {
        scaled[i]! += 1;
        offBy += 1;
      }
      if (offBy === 0) break;
    }
  }
  return scaled;
}

function totalWidth(s: Section): number {
  let total = 0;
  for (const w of columnWidths(s, 0)) total += w + 4;
  total += 2 + 2 * s.indent;
  return Math.max(s.title.length + 2 + 2 * s.indent, total);
}

const spaces = (n: number): string => ' '.repeat(Math.max(0, n));

function centerText(text: string, length: number, left: string, right: string): string {
  const start = Math.floor(length / 2) - Math.floor(text.length / 2) - 1;
  const soFar = left.length + start + text.length;
  return `${left}${spaces(start)}${text}${spaces(length - right.length - soFar)}${right}`;
}

function alignLeft(text: string, length: number, left: string, right: string): string {
  const padding = length - (text.length + 2 + left.length + right.length) >= 0 ? 2 : 0;
  const soFar = left.length + padding + text.length;
  return `${left}${spaces(padding)}${text}${spaces(length - soFar - right.length)}${right}`;
}

function lineBreak(widths: readonly number[]): string {
  return widths.map((w, i) => (i === 0 ? `+${'-'.repeat(w - 2)}+` : `${'-'.repeat(w - 1)}+`)).join('');
}

function renderSection(s: Section, fullWidth: number, out: string[]): void {
  const edge = '|'.repeat(s.indent);
  const write = (line: string): void => {
    out.push(`${edge}${line}${edge}`);
  };
  const width = fullWidth - s.indent * 2;
  if (s.title) {
    write(centerText(s.title, width, '|', '|'));
    if (s.headers.length === 0 && s.rows.length === 0) write(`+${'-'.repeat(width - 2)}+`);
  }
  if (s.headers.length > 0) {
    const widths = columnWidths(s, 4, width);
    write(lineBreak(widths));
    write(s.headers.map((h, i) => centerText(h, widths[i]!, i === 0 ? '|' : '', '|')).join(''));
  }
  if (s.rows.length > 0) {
    const widths = columnWidths(s, 4, width);
    if (widths.length === 0) return;
    write(lineBreak(widths));
    for (const row of s.rows)
      write(widths.map((w, i) => alignLeft(row[i] ?? '', w, i === 0 ? '|' : '', '|')).join(''));
    write(lineBreak(widths));
  }
}

const isScalar = (v: Json): boolean => typeof v !== 'object' || v === null;

function isEmpty(v: Json): boolean {
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object' && v !== null) return Object.keys(v).length === 0;
  return !v;
}

function groupKeys(obj: Record<string, Json>): { headers: string[]; more: string[] } {
  const headers: string[] = [];
  const more: string[] = [];
  for (const [k, v] of Object.entries(obj)) (isScalar(v) ? headers : more).push(k);
  return { headers: headers.sort(), more: more.sort() };
}

interface Builder {
  sections: Section[];
  current?: Section;
}

function startSection(b: Builder, title: string, indent: number): void {
  b.current = newSection(title, indent);
  b.sections.push(b.current);
}

/** awscli's TableFormatter._build_table: `title` undefined continues the current section. */
function build(b: Builder, title: string | undefined, value: Json, indent = 0): void {
  if (isEmpty(value)) return;
  if (title !== undefined) startSection(b, title, indent);
  const cur = b.current!;
  if (Array.isArray(value)) {
    if (typeof value[0] === 'object' && value[0] !== null && !Array.isArray(value[0])) {
      fromList(b, value as Record<string, Json>[], indent, title ?? '');
    } else {
      for (const item of value as Json[]) {
        if (isScalar(item)) addRow(cur, [item]);
        else if (Array.isArray(item) && item.every(isScalar)) addRow(cur, item as Json[]);
        else build(b, undefined, item);
      }
    }
  } else if (typeof value === 'object' && value !== null) {
    fromDict(b, value as Record<string, Json>, indent);
  }
}

function fromDict(b: Builder, obj: Record<string, Json>, indent: number): void {
  const { headers, more } = groupKeys(obj);
  const cur = b.current!;
  if (headers.length === 1) addRow(cur, [headers[0]!, obj[headers[0]!]]);
  else if (headers.length > 0) {
    addHeader(cur, headers);
    addRow(
      cur,
      headers.map((h) => obj[h]),
    );
  }
  for (const k of more) build(b, k, obj[k], indent + 1);
}

function fromList(b: Builder, list: Record<string, Json>[], indent: number, title: string): void {
  const headerSet = new Set<string>();
  const moreSet = new Set<string>();
  for (const item of list) {
    const g = groupKeys(item);
    g.headers.forEach((h) => headerSet.add(h));
    g.more.forEach((m) => moreSet.add(m));
  }
  const headers = [...headerSet].sort();
  const more = [...moreSet].sort();
  addHeader(b.current!, headers);
  let first = true;
  for (const item of list) {
    if (!first && more.length > 0) {
      startSection(b, title, indent);
      addHeader(b.current!, headers);
    }
    first = false;
    addRow(
      b.current!,
      headers.map((h) => (h in item ? item[h] : '')),
    );
    for (const k of more) if (k in item) build(b, k, item[k], indent + 1);
  }
}

/** Single-row sections become key/value rows (awscli's convert_to_vertical_table). */
function verticalize(sections: Section[]): void {
  sections.forEach((s, i) => {
    if (s.rows.length !== 1 || s.headers.length === 0) return;
    const v = newSection(s.title, s.indent);
    s.headers.forEach((h, j) => addRow(v, [h, s.rows[0]![j] ?? '']));
    sections[i] = v;
  });
}

/** The AWS CLI's table for `response` of operation `title` (e.g. DescribeTargetHealth). */
export function awsTable(title: string, response: Json, terminalWidth = 80): string {
  const b: Builder = { sections: [] };
  build(b, title, response);
  const sections = b.sections;
  if (sections.length === 0) return '';
  const maxWidth = (): number => Math.max(...sections.map(totalWidth));
  if (maxWidth() > terminalWidth) verticalize(sections);
  const width = maxWidth();
  const out: string[] = ['-'.repeat(width)];
  for (const s of sections) renderSection(s, width, out);
  return `${out.join('\n')}\n`;
}
