// One pass over an object against its field table, in document order, doing what the API
// server's JSON decoding does: report every field the type does not know (strict decoding)
// and the decoding error encoding/json would return (first hard error from a custom
// unmarshaller such as Quantity's, else the first type mismatch), in Go's wording.
import { formatFieldPath, type FieldPath } from '../types.ts';
import { isObject } from '../json.ts';
import { parseQuantityText } from '../quantity.ts';
import { elementOf, goTypeName, struct, type FieldSchema, type StructSchema } from './field-schema.ts';

export interface WalkResult {
  decodeError?: { path: FieldPath; message: string };
  unknownFields: { path: FieldPath; field: string }[];
}

interface Ctx {
  crd: boolean;
  saved?: { path: FieldPath; message: string };
  hard?: { path: FieldPath; message: string };
  unknown: { path: FieldPath; field: string }[];
}

/** Where encoding/json is: the innermost struct and the JSON field names from the root. */
interface GoContext {
  struct?: string;
  fields: readonly string[];
}

const INT_RANGE: Record<string, readonly [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [-(2 ** 63), 2 ** 63 - 1],
};

/** Walks `obj` against `root`. CRDs (`crd`) get unknown fields only: their types are checked by schema. */
export function walkFields(obj: Record<string, unknown>, root: StructSchema, crd: boolean): WalkResult {
  const ctx: Ctx = { crd, unknown: [] };
  walkStruct(obj, root, [], { fields: [] }, ctx);
  const decodeError = ctx.hard ?? ctx.saved;
  return decodeError ? { decodeError, unknownFields: ctx.unknown } : { unknownFields: ctx.unknown };
}

/** The JSON kind of a value as encoding/json names it (`number 1.5` for a number that did not fit). */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'string';
  return 'object';
}

function typeError(value: string, go: GoContext, goType: string): string {
  const into = go.struct ? `Go struct field ${go.struct}.${go.fields.join('.')}` : 'Go value';
  return `json: cannot unmarshal ${value} into ${into} of type ${goType}`;
}

function save(ctx: Ctx, path: FieldPath, message: string): void {
  if (!ctx.crd) ctx.saved ??= { path, message };
}

function fail(ctx: Ctx, path: FieldPath, message: string): void {
  if (!ctx.crd) ctx.hard ??= { path, message };
}

function walkStruct(
  obj: Record<string, unknown>,
  s: StructSchema,
  path: FieldPath,
  go: GoContext,
  ctx: Ctx,
): void {
  for (const [key, value] of Object.entries(obj)) {
    const t = s.fields[key];
    const p = [...path, key];
    if (t === undefined) {
      ctx.unknown.push({ path: p, field: formatFieldPath(p) });
      continue;
    }
    const inner: GoContext = s.go
      ? { struct: s.go.slice(s.go.indexOf('.') + 1), fields: [...go.fields, key] }
      : go;
    walkValue(value, t, p, inner, ctx);
  }
}

function walkValue(value: unknown, t: FieldSchema, path: FieldPath, go: GoContext, ctx: Ctx): void {
  if (value === null || value === undefined || t === 'any') return;
  const elem = elementOf(t);
  if (t.startsWith('#')) {
    const s = struct(t);
    if (!s) return;
    if (isObject(value)) walkStruct(value, s, path, go, ctx);
    else save(ctx, path, typeError(jsonKind(value), go, goTypeName(t)));
  } else if (elem !== undefined && t.startsWith('[]')) {
    if (Array.isArray(value)) value.forEach((v, i) => walkValue(v, elem, [...path, i], go, ctx));
    else save(ctx, path, typeError(jsonKind(value), go, goTypeName(t)));
  } else if (elem !== undefined) {
    if (isObject(value))
      for (const [k, v] of Object.entries(value)) walkValue(v, elem, [...path, k], go, ctx);
    else save(ctx, path, typeError(jsonKind(value), go, goTypeName(t)));
  } else {
    walkScalar(value, t, path, go, ctx);
  }
}

function walkScalar(value: unknown, t: FieldSchema, path: FieldPath, go: GoContext, ctx: Ctx): void {
  switch (t) {
    case 'string':
      if (typeof value !== 'string') save(ctx, path, typeError(jsonKind(value), go, 'string'));
      return;
    case 'bool':
      if (typeof value !== 'boolean') save(ctx, path, typeError(jsonKind(value), go, 'bool'));
      return;
    case 'int32':
    case 'int64': {
      const [min, max] = INT_RANGE[t]!;
      if (typeof value !== 'number') save(ctx, path, typeError(jsonKind(value), go, t));
      else if (!Number.isInteger(value) || value < min || value > max) {
        save(ctx, path, typeError(`number ${String(value)}`, go, t));
      }
      return;
    }
    case 'float64':
      if (typeof value !== 'number') save(ctx, path, typeError(jsonKind(value), go, 'float64'));
      return;
    case 'intstr':
      // IntOrString.UnmarshalJSON: a JSON string is the string form, anything else must be an int32.
      if (typeof value === 'string') return;
      if (typeof value !== 'number') fail(ctx, path, typeError(jsonKind(value), go, 'int32'));
      else if (!Number.isInteger(value) || value < -(2 ** 31) || value > 2 ** 31 - 1) {
        fail(ctx, path, typeError(`number ${String(value)}`, go, 'int32'));
      }
      return;
    case 'quantity': {
      const text =
        typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
      const r = parseQuantityText(text);
      if (!r.ok) fail(ctx, path, r.error);
      return;
    }
    case 'time':
      if (typeof value !== 'string') fail(ctx, path, typeError(jsonKind(value), go, 'string'));
      else if (!isRFC3339(value)) {
        fail(
          ctx,
          path,
          `parsing time ${JSON.stringify(value)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(value)} as "2006"`,
        );
      }
      return;
    case 'bytes':
      if (typeof value !== 'string') save(ctx, path, typeError(jsonKind(value), go, '[]uint8'));
      else {
        const bad = base64ErrorAt(value);
        if (bad !== undefined) save(ctx, path, `illegal base64 data at input byte ${bad}`);
      }
      return;
    default:
      return; // CRD scalars: checked by the CRD schema validator
  }
}

function isRFC3339(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(s);
}

/** The offset Go's base64.StdEncoding reports for a malformed string, or undefined if it decodes. */
function base64ErrorAt(s: string): number | undefined {
  const clean = s.replace(/[\r\n]/g, '');
  const bad = /[^A-Za-z0-9+/=]/.exec(clean);
  if (bad) return bad.index;
  const pad = clean.indexOf('=');
  if (pad >= 0 && (pad < clean.length - 2 || !/^=*$/.test(clean.slice(pad)))) return pad;
  if (clean.length % 4 !== 0) return clean.length - (clean.length % 4);
  return undefined;
}
