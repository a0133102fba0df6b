// JSON Patch (RFC 6902): add, remove, replace, move, copy, test. Behaviour and error texts
// follow the library the API server uses (evanphx/json-patch v4): negative array indices
// count from the end, `-` appends, a missing parent is "doc is missing path".
import { cloneJson, isMap, jsonEqual } from './json.ts';

export class JsonPatchError extends Error {
  /** 'decode': the patch document is malformed (400); 'apply': an operation failed (422). */
  readonly phase: 'decode' | 'apply';
  constructor(phase: 'decode' | 'apply', message: string) {
    super(message);
    this.phase = phase;
    this.name = 'JsonPatchError';
  }
}

type Container = Record<string, unknown> | unknown[];

function fail(message: string): never {
  throw new JsonPatchError('apply', message);
}

function decodeKey(part: string): string {
  return part.replaceAll('~1', '/').replaceAll('~0', '~');
}

function goType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'object';
  return typeof v === 'boolean' ? 'bool' : typeof v;
}

/** The container holding the last segment of `path`, and that segment; undefined when missing. */
function findParent(doc: Container, path: string): { con: Container; key: string } | undefined {
  const split = path.split('/');
  if (split.length < 2) return undefined;
  let cur: unknown = doc;
  for (const raw of split.slice(1, -1)) {
    const next = get(cur as Container, decodeKey(raw), true);
    if (next === undefined || next === null || typeof next !== 'object') return undefined;
    cur = next;
  }
  return { con: cur as Container, key: decodeKey(split[split.length - 1]!) };
}

function arrayIndex(arr: unknown[], key: string, extra: number): number {
  if (!/^-?\d+$/.test(key)) fail(`strconv.Atoi: parsing "${key}": invalid syntax`);
  let idx = Number(key);
  if (idx < 0) {
    if (idx < -(arr.length + extra)) fail(`Unable to access invalid index: ${idx}: invalid index referenced`);
    idx += arr.length + extra;
  }
  if (idx >= arr.length + extra) fail(`Unable to access invalid index: ${idx}: invalid index referenced`);
  return idx;
}

/** undefined: no such member. With `lenient`, a bad array index is also undefined. */
function get(con: Container, key: string, lenient = false): unknown {
  if (!Array.isArray(con)) return Object.hasOwn(con, key) ? con[key] : undefined;
  try {
    return con[arrayIndex(con, key, 0)];
  } catch (err) {
    if (lenient) return undefined;
    throw err;
  }
}

function add(con: Container, key: string, value: unknown): void {
  if (!Array.isArray(con)) {
    con[key] = value;
    return;
  }
  if (key === '-') {
    con.push(value);
    return;
  }
  if (!/^-?\d+$/.test(key)) {
    fail(`value was not a proper array index: '${key}': strconv.Atoi: parsing "${key}": invalid syntax`);
  }
  con.splice(arrayIndex(con, key, 1), 0, value);
}

function remove(con: Container, key: string): unknown {
  if (!Array.isArray(con)) {
    if (!Object.hasOwn(con, key)) fail(`Unable to remove nonexistent key: ${key}: missing value`);
    const v = con[key];
    delete con[key];
    return v;
  }
  const idx = arrayIndex(con, key, 0);
  return con.splice(idx, 1)[0];
}

function str(op: Record<string, unknown>, field: 'path' | 'from'): string {
  const v = op[field];
  if (v === undefined || v === null) {
    fail(
      field === 'path'
        ? 'operation missing path field: missing value'
        : 'operation, missing from field: missing value',
    );
  }
  if (typeof v !== 'string') fail(`json: cannot unmarshal ${goType(v)} into Go value of type string`);
  return v;
}

function applyOne(doc: Container, op: Record<string, unknown>): void {
  const kind = typeof op['op'] === 'string' ? op['op'] : 'unknown';
  switch (kind) {
    case 'add': {
      const path = str(op, 'path');
      const p = findParent(doc, path);
      if (!p) fail(`add operation does not apply: doc is missing path: "${path}": missing value`);
      wrap(`error in add for path: '${path}'`, () => add(p.con, p.key, cloneJson(op['value'] ?? null)));
      return;
    }
    case 'remove': {
      const path = str(op, 'path');
      const p = findParent(doc, path);
      if (!p) fail(`remove operation does not apply: doc is missing path: "${path}": missing value`);
      wrap(`error in remove for path: '${path}'`, () => remove(p.con, p.key));
      return;
    }
    case 'replace': {
      const path = str(op, 'path');
      const p = findParent(doc, path);
      if (!p) fail(`replace operation does not apply: doc is missing path: ${path}: missing value`);
      if (get(p.con, p.key, true) === undefined) {
        fail(`replace operation does not apply: doc is missing key: ${path}: missing value`);
      }
      const value = cloneJson(op['value'] ?? null);
      if (Array.isArray(p.con)) p.con[arrayIndex(p.con, p.key, 0)] = value;
      else p.con[p.key] = value;
      return;
    }
    case 'move': {
      const from = str(op, 'from');
      const src = findParent(doc, from);
      if (!src) fail(`move operation does not apply: doc is missing from path: ${from}: missing value`);
      if (get(src.con, src.key, true) === undefined) {
        fail(
          `error in move for path: '${src.key}': Unable to remove nonexistent key: ${src.key}: missing value`,
        );
      }
      const value = remove(src.con, src.key);
      const path = str(op, 'path');
      const dst = findParent(doc, path);
      if (!dst)
        fail(`move operation does not apply: doc is missing destination path: ${path}: missing value`);
      wrap(`error in move for path: '${dst.key}'`, () => add(dst.con, dst.key, value));
      return;
    }
    case 'copy': {
      const from = str(op, 'from');
      const src = findParent(doc, from);
      if (!src) fail(`copy operation does not apply: doc is missing from path: ${from}: missing value`);
      const value = get(src.con, src.key, true);
      if (value === undefined)
        fail(`copy operation does not apply: doc is missing from path: ${from}: missing value`);
      const path = str(op, 'path');
      const dst = findParent(doc, path);
      if (!dst)
        fail(`copy operation does not apply: doc is missing destination path: ${path}: missing value`);
      wrap(`error in copy for path: '${path}'`, () => add(dst.con, dst.key, cloneJson(value)));
      return;
    }
    case 'test': {
      const path = str(op, 'path');
      const p = findParent(doc, path);
      if (!p) fail(`test operation does not apply: is missing path: ${path}: missing value`);
      const value = get(p.con, p.key, true);
      const want = op['value'];
      if (value === undefined || value === null) {
        if (want === undefined || want === null) return;
        fail(`testing value ${path} failed: test failed`);
      }
      if (!jsonEqual(value, want)) fail(`testing value ${path} failed: test failed`);
      return;
    }
    default:
      fail(`Unexpected kind: ${kind}`);
  }
}

function wrap(prefix: string, fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    if (err instanceof JsonPatchError) throw new JsonPatchError('apply', `${prefix}: ${err.message}`);
    throw err;
  }
}

/** Checks that `patch` is a JSON Patch document (an array of objects). */
export function decodeJsonPatch(patch: unknown): Record<string, unknown>[] {
  if (!Array.isArray(patch)) {
    throw new JsonPatchError(
      'decode',
      `json: cannot unmarshal ${goType(patch)} into Go value of type jsonpatch.Patch`,
    );
  }
  for (const op of patch) {
    if (!isMap(op)) {
      throw new JsonPatchError(
        'decode',
        `json: cannot unmarshal ${goType(op)} into Go value of type jsonpatch.Operation`,
      );
    }
  }
  return patch as Record<string, unknown>[];
}

/** Applies `patch` to a copy of `doc` and returns the copy. Throws JsonPatchError. */
export function applyJsonPatch<T>(doc: T, patch: unknown): T {
  const ops = decodeJsonPatch(patch);
  const out = cloneJson(doc);
  if (out === null || typeof out !== 'object') return out;
  for (const op of ops) applyOne(out as Container, op);
  return out;
}
