// Reading annotation JSON the way the controller's Go structs decode it: field names match
// case-insensitively (so `{"Type": "redirect", "RedirectConfig": {...}}` works), unknown
// fields are ignored, and a value of the wrong type fails with encoding/json's message.
import { goField } from '../annotations.ts';
import { BuildError } from './types.ts';

export type JsonRecord = Readonly<Record<string, unknown>>;

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'object' : typeof v;
}

export function isRecord(v: unknown): v is JsonRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Where a value sits, for messages: the Go struct and the JSON path. */
export interface At {
  struct: string;
  path: string;
}

function mismatch(v: unknown, at: At, field: string, goType: string): BuildError {
  return new BuildError(
    `json: cannot unmarshal ${jsonKind(v)} into Go struct field ${at.struct}.${at.path ? `${at.path}.` : ''}${field} of type ${goType}`,
  );
}

export function optString(o: JsonRecord, field: string, at: At): string | undefined {
  const v = goField(o, field);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw mismatch(v, at, field, 'string');
  return v;
}

export function optInt(o: JsonRecord, field: string, at: At, goType = 'int32'): number | undefined {
  const v = goField(o, field);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw mismatch(v, at, field, goType);
  return v;
}

export function optBool(o: JsonRecord, field: string, at: At): boolean | undefined {
  const v = goField(o, field);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw mismatch(v, at, field, 'bool');
  return v;
}

/** intstr.IntOrString: a JSON number or string. */
export function optIntOrString(o: JsonRecord, field: string, at: At): number | string | undefined {
  const v = goField(o, field);
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string') return v;
  throw mismatch(v, at, field, 'intstr.IntOrString');
}

export function optObject(o: JsonRecord, field: string, at: At, goType: string): JsonRecord | undefined {
  const v = goField(o, field);
  if (v === undefined || v === null) return undefined;
  if (!isRecord(v)) throw mismatch(v, at, field, goType);
  return v;
}

export function optArray(o: JsonRecord, field: string, at: At, goType: string): unknown[] | undefined {
  const v = goField(o, field);
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw mismatch(v, at, field, goType);
  return v as unknown[];
}

export function optStringArray(o: JsonRecord, field: string, at: At): string[] | undefined {
  const arr = optArray(o, field, at, '[]string');
  if (!arr) return undefined;
  return arr.map((v) => {
    if (typeof v !== 'string') throw mismatch(v, at, field, 'string');
    return v;
  });
}

/** The top-level value must be an object of `goType`. */
export function expectRecord(v: unknown, goType: string): JsonRecord {
  if (!isRecord(v))
    throw new BuildError(`json: cannot unmarshal ${jsonKind(v)} into Go value of type ${goType}`);
  return v;
}
