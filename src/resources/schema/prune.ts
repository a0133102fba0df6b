// Dropping the fields a kind does not know, as decoding into Go structs (built-in kinds) and
// structural pruning (CRDs) do: with fieldValidation Warn or Ignore the API server accepts
// an object with unknown fields and stores it without them.
import { isObject } from '../json.ts';
import { elementOf, rootStruct, struct, type FieldSchema, type StructSchema } from './field-schema.ts';

function pruneStruct(obj: Record<string, unknown>, s: StructSchema): void {
  for (const [key, value] of Object.entries(obj)) {
    const t = s.fields[key];
    if (t === undefined) delete obj[key];
    else pruneValue(value, t);
  }
}

function pruneValue(value: unknown, t: FieldSchema): void {
  if (t.startsWith('#')) {
    const s = struct(t);
    if (s && isObject(value)) pruneStruct(value, s);
    return;
  }
  const elem = elementOf(t);
  if (elem === undefined) return;
  if (t.startsWith('[]') && Array.isArray(value)) for (const v of value) pruneValue(v, elem);
  else if (isObject(value)) for (const v of Object.values(value)) pruneValue(v, elem);
}

/** Removes unknown fields from `obj` (in place), by the table of its own apiVersion and kind. */
export function pruneUnknownFields(obj: Record<string, unknown>): void {
  const root =
    typeof obj.apiVersion === 'string' && typeof obj.kind === 'string'
      ? rootStruct(obj.apiVersion, obj.kind)
      : undefined;
  if (root) pruneStruct(obj, root);
}
