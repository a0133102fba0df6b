// What go-httpbin and kennethreitz/httpbin share: reading a request into the fields their
// JSON answers echo (args, headers, form, body), the two JSON dialects (Go's encoder and
// Python 2's json.dumps), weighted status lists, and the delay and cookie parsers.
import { parseGoDuration } from '../../load/go-format.ts';
import type { IncomingMessage } from 'node:http';

export interface Pair {
  name: string;
  value: string;
}

/** Query pairs in order, decoded as URL query values (`+` is a space). */
export function queryPairs(url: string): Pair[] {
  const q = url.indexOf('?');
  if (q < 0) return [];
  const out: Pair[] = [];
  for (const [name, value] of new URLSearchParams(url.slice(q + 1))) out.push({ name, value });
  return out;
}

export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/** Go's CanonicalMIMEHeaderKey: `x-request-id` -> `X-Request-Id`. */
export function canonicalHeader(name: string): string {
  let out = '';
  let upper = true;
  for (const ch of name) {
    out += upper ? ch.toUpperCase() : ch.toLowerCase();
    upper = ch === '-';
  }
  return out;
}

/** The request's headers in arrival order, names canonical, Host first as Go adds it. */
export function headerPairs(req: IncomingMessage): Pair[] {
  const raw = req.rawHeaders;
  const out: Pair[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    out.push({ name: canonicalHeader(raw[i] ?? ''), value: raw[i + 1] ?? '' });
  }
  return out;
}

/** name -> every value, keys sorted (Go's url.Values / http.Header when marshalled). */
export function multiMap(pairs: readonly Pair[]): Record<string, string[]> {
  const m = new Map<string, string[]>();
  for (const p of pairs) {
    const list = m.get(p.name);
    if (list) list.push(p.value);
    else m.set(p.name, [p.value]);
  }
  return Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Go's encoding/json with SetIndent("", "  "): HTML-safe escapes, trailing newline. */
export function goJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}

function pyString(s: string): string {
  return JSON.stringify(s).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Python 2 json.dumps(sort_keys=True, indent=2): `, ` item separators, ASCII only. */
export function pyJson(value: unknown, indent = 0): string {
  const pad = ' '.repeat(indent + 2);
  const end = ' '.repeat(indent);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return pyString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => pad + pyJson(v, indent + 2)).join(', \n')}\n${end}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${pad}${pyString(k)}: ${pyJson(v, indent + 2)}`).join(', \n')}\n${end}}`;
}

/** `200`, `200,503`, `200:0.9,503:0.1` -> [code, weight][]; undefined when malformed. */
export function parseStatusList(spec: string): [number, number][] | undefined {
  const out: [number, number][] = [];
  for (const part of spec.split(',')) {
    const [code, weight] = part.split(':', 2);
    if (!code || !/^\d+$/.test(code)) return undefined;
    const w = weight === undefined ? 1 : Number(weight);
    if (!Number.isFinite(w) || w < 0) return undefined;
    out.push([Number(code), w]);
  }
  return out.length ? out : undefined;
}

export function pickWeighted(choices: readonly [number, number][]): number {
  const total = choices.reduce((s, [, w]) => s + w, 0);
  let r = Math.random() * total;
  for (const [code, w] of choices) {
    if (r < w) return code;
    r -= w;
  }
  return choices[choices.length - 1]?.[0] ?? 200;
}

/** `1.5` (seconds) or a Go duration (`500ms`, `1m2s`) -> milliseconds; undefined if bad. */
export function parseDelay(text: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  return parseGoDuration(text);
}

/** The Cookie header as name -> value (the last one wins). */
export function cookies(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/** The media type of a Content-Type value, lower case, without parameters. */
export function mediaType(ct: string | undefined): string {
  return (ct ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
}

export function formPairs(body: Buffer): Pair[] {
  const out: Pair[] = [];
  for (const [name, value] of new URLSearchParams(body.toString('utf8'))) out.push({ name, value });
  return out;
}
