// Go's encoding/json Marshal of decoded JSON values (sorted keys, HTML-safe escapes), as the
// API server and kubectl write them: last-applied annotations, -o json, patch error texts.

/** encoding/json.Marshal of a decoded JSON value: compact, map keys sorted, <>& escaped. */
export function goJsonMarshal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goJsonString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map((v) => goJsonMarshal(v)).join(',')}]`;
  if (typeof value === 'object') {
    const rec = value as Record<string, unknown>;
    const keys = Object.keys(rec).sort(compareStrings);
    return `{${keys.map((k) => `${goJsonString(k)}:${goJsonMarshal(rec[k])}`).join(',')}}`;
  }
  return 'null';
}

function goJsonString(s: string): string {
  return goJsonEscapeHtml(JSON.stringify(s));
}

/** encoding/json's HTML-safe escapes in JSON text: `<`, `>`, `&`, U+2028 and U+2029 as \u00XX. */
export function goJsonEscapeHtml(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Byte-wise string order (Go's sort.Strings) for the strings kubectl sorts. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
