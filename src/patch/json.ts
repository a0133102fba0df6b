// Small helpers over decoded JSON values shared by the patch implementations.
import { isDeepStrictEqual } from 'node:util';

export type JsonMap = Record<string, unknown>;

export function isMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b);
}

/**
 * A deep copy that is safe to mutate (also of frozen input). Plain objects and arrays are
 * copied by hand (several times faster than structuredClone on large decoded JSON); anything
 * else that is not a primitive (a Date, a typed array) goes through structuredClone.
 */
export function cloneJson<T>(v: T): T {
  return copy(v) as T;
}

function copy(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    const n = v.length;
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = copy(v[i]);
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return structuredClone(v);
  const out: Record<string, unknown> = {};
  for (const k in v) {
    const item = copy((v as Record<string, unknown>)[k]);
    if (k === '__proto__')
      Object.defineProperty(out, k, { value: item, enumerable: true, writable: true, configurable: true });
    else out[k] = item;
  }
  return out;
}

/** `text` decoded as JSON when it is a JSON object; undefined when it is not (e.g. YAML). */
export function parseJsonObject(text: string): JsonMap | undefined {
  if (!/^\s*\{/.test(text)) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return isMap(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
