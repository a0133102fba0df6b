// Small helpers over decoded JSON values shared by the patch implementations.
import { isDeepStrictEqual } from 'node:util';

export type JsonMap = Record<string, unknown>;

export function isMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b);
}

/** A deep copy that is safe to mutate (also of frozen input). */
export function cloneJson<T>(v: T): T {
  return structuredClone(v);
}
