// Kubernetes strategic merge patch, as apimachinery's strategicpatch applies it on the
// server: maps merge, null deletes, lists merge by their patch-merge key (or as sets) where
// the type says so and are replaced otherwise, with the directives `$patch`
// (replace/delete), `$retainKeys`, `$deleteFromPrimitiveList/<f>` and `$setElementOrder/<f>`.
// The result's list order follows the patch, then the live object, as the real one does.
import { fieldMeta } from './patch-schema.ts';
import type { TypeName } from './patch-schema.ts';
import { goSprintV } from '../resources/go-format.ts';
import { cloneJson, isMap, jsonEqual } from './json.ts';
import type { JsonMap } from './json.ts';
import { mergeSortedSlice, partition, sortByOrder } from './strategic-order.ts';

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_FROM = '$deleteFromPrimitiveList/';
const SET_ORDER = '$setElementOrder/';

/**
 * 'bad-request' answers 400, 'invalid' 422 (the API server's generic Invalid), 'internal'
 * 500: the mapping apiserver's interpretStrategicMergePatchError makes.
 */
export class StrategicMergeError extends Error {
  readonly kind: 'bad-request' | 'invalid' | 'internal';
  constructor(kind: 'bad-request' | 'invalid' | 'internal', message: string) {
    super(message);
    this.kind = kind;
    this.name = 'StrategicMergeError';
  }
}

const badRetainKeys = (): StrategicMergeError =>
  new StrategicMergeError('bad-request', 'invalid patch format of retainKeys');
const badSetOrder = (): StrategicMergeError =>
  new StrategicMergeError('bad-request', 'invalid patch format of setElementOrder list');
const noMergeKey = (m: unknown, key: string): StrategicMergeError =>
  new StrategicMergeError('internal', `map: ${goSprintV(m)} does not contain declared merge key: ${key}`);

function kindOf(v: unknown): string {
  if (Array.isArray(v)) return 'slice';
  if (v === null) return 'nil';
  return typeof v === 'object' ? 'map' : typeof v;
}

/** A value taken whole from the patch: nulls and directives mean nothing there. */
function clean(v: unknown): unknown {
  if (Array.isArray(v)) {
    return v.filter((x) => !(isMap(x) && x[DIRECTIVE] === 'delete')).map(clean);
  }
  if (!isMap(v)) return v;
  const out: JsonMap = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null || k === DIRECTIVE || k === RETAIN_KEYS) continue;
    if (k.startsWith(SET_ORDER) || k.startsWith(DELETE_FROM)) continue;
    out[k] = clean(x);
  }
  return out;
}

function handleMapDirective(directive: unknown, patch: JsonMap): JsonMap {
  if (directive === 'replace') {
    const out = { ...patch };
    delete out[DIRECTIVE];
    return clean(out) as JsonMap;
  }
  if (directive === 'delete') return {};
  throw new StrategicMergeError(
    'internal',
    `unknown patch type: ${goSprintV(directive)} in map: ${goSprintV(patch)}`,
  );
}

function applyRetainKeys(original: JsonMap, patch: JsonMap): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS)) return;
  const list = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(list)) throw badRetainKeys();
  const keep = new Set(list);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM) || k.startsWith(SET_ORDER)) continue;
    if (!keep.has(k)) throw badRetainKeys();
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

function mergeKeyValue(item: unknown, key: string): unknown {
  if (!isMap(item) || !Object.hasOwn(item, key)) throw noMergeKey(item, key);
  return item[key];
}

/** Checks that the patch list follows the order `$setElementOrder` gives. */
function validateSetOrder(patchList: unknown[], order: unknown[], key: string | undefined): void {
  const items = key ? patchList.filter((x) => !(isMap(x) && x[DIRECTIVE] === 'delete')) : patchList;
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    const item = items[p];
    if (isMap(item) && Object.hasOwn(item, DIRECTIVE)) {
      p++;
      continue;
    }
    const equal = key
      ? jsonEqual(mergeKeyValue(item, key), mergeKeyValue(order[o], key))
      : jsonEqual(item, order[o]);
    if (equal) p++;
    o++;
  }
  if (p < items.length) {
    throw new StrategicMergeError(
      'internal',
      `The order in patch list:\n${goSprintV(patchList)}\n doesn't match ${SET_ORDER} list:\n${goSprintV(order)}\n`,
    );
  }
}

function elementKind(...lists: unknown[][]): string | undefined {
  let kind: string | undefined;
  for (const list of lists) {
    for (const v of list) {
      const k = kindOf(v);
      if (kind === undefined) {
        if (k === 'slice') throw new StrategicMergeError('invalid', 'lists of lists are not supported');
        kind = k;
      } else if (k !== kind) {
        throw new StrategicMergeError(
          'internal',
          `list element types are not identical: ${goSprintV(lists)}`,
        );
      }
    }
  }
  return kind;
}

function processSetElementOrder(original: JsonMap, patch: JsonMap, type: TypeName): void {
  for (const directiveKey of Object.keys(patch)) {
    if (!directiveKey.startsWith(SET_ORDER)) continue;
    const order = patch[directiveKey];
    delete patch[directiveKey];
    if (!Array.isArray(order)) throw badSetOrder();
    const field = directiveKey.slice(SET_ORDER.length);
    const meta = fieldMeta(type, field);
    const foundOriginal = Object.hasOwn(original, field);
    const foundPatch = Object.hasOwn(patch, field);
    const originalList = original[field];
    const patchList = patch[field];
    if (foundOriginal && !Array.isArray(originalList)) throw badSetOrder();
    if (foundPatch && !Array.isArray(patchList)) throw badSetOrder();
    const origArr = (originalList as unknown[] | undefined) ?? [];
    const patchArr = (patchList as unknown[] | undefined) ?? [];
    validateSetOrder(patchArr, order, meta.key);
    let merged: unknown[];
    if (foundOriginal && foundPatch) merged = mergeListField(origArr, patchArr, meta.type, meta, false);
    else if (foundPatch) merged = clean(patchArr) as unknown[];
    else if (foundOriginal) merged = origArr;
    else continue;
    const kind = elementKind(origArr, patchArr) ?? 'map';
    const key = kind === 'map' ? meta.key : undefined;
    if (kind === 'map' && !key) {
      throw new StrategicMergeError('internal', `cannot merge lists without merge key for ${field}`);
    }
    const [patchItems, serverOnly] = partition(merged, order, key, mergeKeyValue);
    original[field] = normalizeOrder(patchItems, serverOnly, order, origArr, key);
    delete patch[field];
  }
}

function normalizeOrder(
  patchItems: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  key: string | undefined,
): unknown[] {
  const p = sortByOrder(patchItems, patchOrder, key);
  const s = sortByOrder(serverOnly, serverOrder, key);
  return mergeSortedSlice(s, p, serverOrder, key);
}

function mergeListField(
  original: unknown[],
  patch: unknown[],
  type: TypeName,
  meta: { strategy?: 'merge'; key?: string },
  isDeleteList: boolean,
): unknown[] {
  if (meta.strategy !== 'merge' && !isDeleteList) return clean(patch) as unknown[];
  if (original.length === 0 && patch.length === 0) return original;
  const kind = elementKind(original, patch);
  if (kind !== 'map') {
    if (isDeleteList) return original.filter((v) => !patch.some((d) => jsonEqual(d, v)));
    const merged: unknown[] = [];
    for (const v of [...original, ...patch]) if (!merged.some((m) => jsonEqual(m, v))) merged.push(v);
    const [patchItems, serverOnly] = partition(merged, patch, undefined, mergeKeyValue);
    return normalizeOrder(patchItems, serverOnly, patch, original, undefined);
  }
  const key = meta.key;
  if (!key)
    throw new StrategicMergeError(
      'internal',
      'cannot merge lists without merge key for map[string]interface {}',
    );

  // $patch elements: delete by key, or replace the whole list.
  let base = original;
  let items: unknown[] = [];
  let replace = false;
  for (const v of patch) {
    const m = v as JsonMap;
    if (!Object.hasOwn(m, DIRECTIVE)) {
      items.push(v);
      continue;
    }
    const d = m[DIRECTIVE];
    if (d === 'delete') {
      const want = mergeKeyValue(m, key);
      base = base.filter((o) => !(isMap(o) && jsonEqual(o[key], want)));
    } else if (d === 'replace') {
      replace = true;
    } else if (d === 'merge') {
      throw new StrategicMergeError('internal', 'merging lists cannot yet be specified in the patch');
    } else {
      throw new StrategicMergeError(
        'internal',
        `unknown patch type: ${goSprintV(d)} in map: ${goSprintV(m)}`,
      );
    }
  }
  if (replace) {
    base = clean(items) as unknown[];
    items = [];
  }
  const merged = [...base];
  for (const v of items) {
    const want = mergeKeyValue(v, key);
    const at = merged.findIndex((o) => isMap(o) && jsonEqual(o[key], want));
    if (at >= 0) merged[at] = mergeMap(merged[at] as JsonMap, v as JsonMap, type);
    else merged.push(clean(v));
  }
  const [patchItems, serverOnly] = partition(merged, items, key, mergeKeyValue);
  return normalizeOrder(patchItems, serverOnly, items, base, key);
}

function mergeMap(original: JsonMap, patch: JsonMap, type: TypeName): JsonMap {
  if (Object.hasOwn(patch, DIRECTIVE)) return handleMapDirective(patch[DIRECTIVE], patch);
  applyRetainKeys(original, patch);
  processSetElementOrder(original, patch, type);
  for (const [patchKey, patchV] of Object.entries(patch)) {
    const isDeleteList = patchKey.startsWith(DELETE_FROM);
    const k = isDeleteList ? patchKey.slice(DELETE_FROM.length) : patchKey;
    if (patchV === null) {
      delete original[k];
      continue;
    }
    if (!Object.hasOwn(original, k)) {
      if (!isDeleteList) original[k] = clean(patchV);
      continue;
    }
    const origV = original[k];
    if (kindOf(origV) !== kindOf(patchV)) {
      if (!isDeleteList) original[k] = clean(patchV);
      continue;
    }
    const meta = fieldMeta(type, k);
    if (isMap(origV)) original[k] = mergeMap(origV, patchV as JsonMap, meta.type);
    else if (Array.isArray(origV))
      original[k] = mergeListField(origV, patchV as unknown[], meta.type, meta, isDeleteList);
    else original[k] = patchV;
  }
  return original;
}

/**
 * Applies a strategic merge patch to `original` (an object of root type `type`, see
 * patch-schema.ts rootType) and returns the result. Neither input is changed.
 */
export function applyStrategicMergePatch(original: unknown, patch: unknown, type: TypeName): JsonMap {
  if (!isMap(patch)) {
    throw new StrategicMergeError(
      'bad-request',
      `json: cannot unmarshal ${Array.isArray(patch) ? 'array' : kindOf(patch) === 'nil' ? 'null' : kindOf(patch)} into Go value of type map[string]interface {}`,
    );
  }
  if (!isMap(original)) throw new StrategicMergeError('bad-request', 'invalid JSON document');
  return mergeMap(cloneJson(original), cloneJson(patch), type);
}
