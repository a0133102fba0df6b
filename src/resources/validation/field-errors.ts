// Field errors worded as apimachinery's field.Error prints them (`Invalid value: "x": ...`,
// `Required value`, `Unsupported value: "Foo": supported values: ...`), with the path both
// as the API server names the field and as the manifest path that locates it.
import type { StatusCause } from '../../registry/status-error.ts';
import { formatFieldPath, type FieldPath } from '../types.ts';

export type Cause = StatusCause & { path: FieldPath };

/** A value as field.Error prints it: strings quoted (%q), numbers and bools bare (%v), else %#v. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return goSyntax(v);
}

/** Go's %#v for the JSON shapes that reach error messages (maps of strings, lists of strings). */
export function goSyntax(v: unknown): string {
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string'))
      return `[]string{${v.map((x) => JSON.stringify(x)).join(', ')}}`;
    return `[]interface {}{${v.map(goSyntax).join(', ')}}`;
  }
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (entries.every(([, x]) => typeof x === 'string')) {
      return `map[string]string{${entries.map(([k, x]) => `${JSON.stringify(k)}:${JSON.stringify(x)}`).join(', ')}}`;
    }
    return `map[string]interface {}{${entries.map(([k, x]) => `${JSON.stringify(k)}:${goSyntax(x)}`).join(', ')}}`;
  }
  return goValue(v);
}

function cause(reason: string, path: FieldPath, message: string, at?: FieldPath): Cause {
  return { reason, field: formatFieldPath(path), message, path: at ?? path };
}

export function required(path: FieldPath, detail = '', at?: FieldPath): Cause {
  return cause('FieldValueRequired', path, detail ? `Required value: ${detail}` : 'Required value', at);
}

/** `Invalid value: <value>: <detail>`; `value` is printed with goValue unless `raw` gives its text. */
export function invalid(
  path: FieldPath,
  value: unknown,
  detail: string,
  at?: FieldPath,
  raw?: string,
): Cause {
  return cause('FieldValueInvalid', path, `Invalid value: ${raw ?? goValue(value)}: ${detail}`, at);
}

export function notSupported(
  path: FieldPath,
  value: unknown,
  supported: readonly string[],
  at?: FieldPath,
): Cause {
  const list = supported.map((s) => JSON.stringify(s)).join(', ');
  const detail = supported.length > 0 ? `: supported values: ${list}` : '';
  return cause('FieldValueNotSupported', path, `Unsupported value: ${goValue(value)}${detail}`, at);
}

export function duplicate(path: FieldPath, value: unknown, at?: FieldPath): Cause {
  return cause('FieldValueDuplicate', path, `Duplicate value: ${goValue(value)}`, at);
}

export function forbidden(path: FieldPath, detail: string, at?: FieldPath): Cause {
  return cause('FieldValueForbidden', path, `Forbidden: ${detail}`, at);
}

export function notFound(path: FieldPath, value: unknown, at?: FieldPath): Cause {
  return cause('FieldValueNotFound', path, `Not found: ${goValue(value)}`, at);
}

export function tooLong(path: FieldPath, max: number, at?: FieldPath): Cause {
  return cause('FieldValueTooLong', path, `Too long: may not be more than ${max} bytes`, at);
}

export function typeInvalid(path: FieldPath, value: unknown, detail: string, at?: FieldPath): Cause {
  return cause('FieldValueTypeInvalid', path, `Invalid value: ${goValue(value)}: ${detail}`, at);
}

/** Several messages of one check on one value (IsDNS1123Label returns a list), as Invalid causes. */
export function invalidEach(
  path: FieldPath,
  value: unknown,
  msgs: readonly string[],
  at?: FieldPath,
): Cause[] {
  return msgs.map((m) => invalid(path, value, m, at));
}
