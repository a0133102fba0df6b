// Small helpers for reading and filling loosely typed JSON objects (decoded manifests and
// stored objects), shared by defaulting, conversion and validation.
import type { JsonObject } from './types.ts';

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The object at `o[key]`, or undefined when it is absent or not an object. */
export function objectAt(o: unknown, key: string): JsonObject | undefined {
  if (!isObject(o)) return undefined;
  const v = o[key];
  return isObject(v) ? v : undefined;
}

/** The object at `o[key]`, created empty when absent (or null). */
export function ensureObject(o: JsonObject, key: string): JsonObject {
  const v = o[key];
  if (isObject(v)) return v;
  const created: JsonObject = {};
  o[key] = created;
  return created;
}

/** The objects of the list at `o[key]` (non-objects skipped). */
export function objectsAt(o: unknown, key: string): JsonObject[] {
  if (!isObject(o)) return [];
  const v = o[key];
  return Array.isArray(v) ? v.filter(isObject) : [];
}

export function stringAt(o: unknown, key: string): string | undefined {
  if (!isObject(o)) return undefined;
  const v = o[key];
  return typeof v === 'string' ? v : undefined;
}

export function numberAt(o: unknown, key: string): number | undefined {
  if (!isObject(o)) return undefined;
  const v = o[key];
  return typeof v === 'number' ? v : undefined;
}

/** Sets `o[key]` when Go would see its zero value there: absent, null, or `zero` (e.g. ''). */
export function setDefault(o: JsonObject, key: string, value: unknown, zero?: unknown): void {
  const v = o[key];
  if (v === undefined || v === null || (zero !== undefined && v === zero)) o[key] = value;
}

/** A map of strings (labels, selectors); non-string values are skipped. */
export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(v)) return out;
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}

/** Removes null-valued fields everywhere, as decoding into Go structs and re-encoding does. */
export function dropNulls(v: unknown): void {
  if (Array.isArray(v)) {
    for (const item of v) dropNulls(item);
  } else if (isObject(v)) {
    for (const [k, val] of Object.entries(v)) {
      if (val === null) delete v[k];
      else dropNulls(val);
    }
  }
}
