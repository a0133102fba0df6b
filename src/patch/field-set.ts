// Field sets as server-side apply records them in metadata.managedFields (FieldsV1):
// `f:<field>` for struct and map members, `k:{"name":"web"}` for keyed list items,
// `v:"value"` for set members, `.` for "the map or item itself". Built from an applied
// configuration with the list keys of patch-schema.ts.
import { fieldMeta } from './patch-schema.ts';
import type { TypeName } from './patch-schema.ts';
import { isMap, jsonEqual } from './json.ts';
import type { JsonMap } from './json.ts';

/** A FieldsV1 tree: every member maps to its children; leaves are empty. */
export interface FieldTree {
  [pe: string]: FieldTree;
}

/** One path through a tree, e.g. ['f:spec', 'f:containers', 'k:{"name":"web"}', 'f:image']. */
export type FieldPathElems = readonly string[];

export function keyElem(key: string, value: unknown): string {
  return `k:${JSON.stringify({ [key]: value })}`;
}

/** The fields `value` (of type `type`) sets. `skip(path)` leaves out a member and all below it. */
export function fieldsOf(
  value: JsonMap,
  type: TypeName,
  skip: (path: FieldPathElems) => boolean = () => false,
): FieldTree {
  const walk = (obj: JsonMap, t: TypeName, at: string[]): FieldTree => {
    const tree: FieldTree = {};
    for (const [k, v] of Object.entries(obj)) {
      const path = [...at, `f:${k}`];
      if (v === null || skip(path)) continue;
      const meta = fieldMeta(t, k);
      if (isMap(v) && !meta.atomic && Object.keys(v).length > 0) {
        const child = walk(v, meta.type, path);
        if (meta.map) tree[`f:${k}`] = { '.': {}, ...child };
        else if (Object.keys(child).length > 0) tree[`f:${k}`] = child; // only unmanaged members (metadata.name)
      } else if (Array.isArray(v) && meta.strategy === 'merge' && v.length > 0) {
        const child: FieldTree = {};
        for (const item of v) {
          if (meta.key !== undefined && isMap(item)) {
            const pe = keyElem(meta.key, item[meta.key]);
            child[pe] = { '.': {}, ...walk(item, meta.type, [...path, pe]) };
          } else if (meta.key === undefined) {
            child[`v:${JSON.stringify(item)}`] = {};
          }
        }
        tree[`f:${k}`] = child;
      } else {
        tree[`f:${k}`] = {};
      }
    }
    return tree;
  };
  return walk(value, type, []);
}

/** Every leaf path of a tree. */
export function leaves(tree: FieldTree, at: string[] = []): string[][] {
  const out: string[][] = [];
  for (const [pe, child] of Object.entries(tree)) {
    const path = [...at, pe];
    if (Object.keys(child).length === 0) out.push(path);
    else out.push(...leaves(child, path));
  }
  return out;
}

export function hasPath(tree: FieldTree, path: FieldPathElems): boolean {
  let cur: FieldTree | undefined = tree;
  for (const pe of path) {
    cur = cur[pe];
    if (!cur) return false;
  }
  return true;
}

/** Does the tree own `path` itself, or anything below or above it? */
export function touches(tree: FieldTree, path: FieldPathElems): boolean {
  let cur: FieldTree | undefined = tree;
  for (const pe of path) {
    if (Object.keys(cur).length === 0 && cur !== tree) return true; // an ancestor is a leaf
    cur = cur[pe];
    if (!cur) return false;
  }
  return true;
}

export function removePath(tree: FieldTree, path: FieldPathElems): FieldTree {
  const copy = structuredClone(tree);
  const walk = (t: FieldTree, i: number): boolean => {
    const pe = path[i]!;
    const child = t[pe];
    if (!child) return false;
    if (i === path.length - 1 || walk(child, i + 1)) delete t[pe];
    return Object.keys(t).length === 0;
  };
  if (path.length > 0) walk(copy, 0);
  return copy;
}

/** `.spec.containers[name="web"].image`, as server-side apply prints a path in conflicts. */
export function pathString(path: FieldPathElems): string {
  let out = '';
  for (const pe of path) {
    if (pe === '.') continue;
    if (pe.startsWith('f:')) out += `.${pe.slice(2)}`;
    else if (pe.startsWith('v:')) out += `[=${pe.slice(2)}]`;
    else if (pe.startsWith('k:')) {
      const key = JSON.parse(pe.slice(2)) as JsonMap;
      out += `[${Object.entries(key)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',')}]`;
    }
  }
  return out;
}

/** The value `path` names in `obj`: { found: false } when it is absent. */
export function valueAt(obj: unknown, path: FieldPathElems): { found: boolean; value?: unknown } {
  let cur: unknown = obj;
  for (const pe of path) {
    if (pe === '.') continue;
    if (pe.startsWith('f:')) {
      if (!isMap(cur) || !Object.hasOwn(cur, pe.slice(2))) return { found: false };
      cur = cur[pe.slice(2)];
    } else if (pe.startsWith('k:')) {
      const key = JSON.parse(pe.slice(2)) as JsonMap;
      if (!Array.isArray(cur)) return { found: false };
      cur = cur.find((item) => isMap(item) && Object.entries(key).every(([k, v]) => jsonEqual(item[k], v)));
      if (cur === undefined) return { found: false };
    } else if (pe.startsWith('v:')) {
      const want = JSON.parse(pe.slice(2)) as unknown;
      if (!Array.isArray(cur) || !cur.some((x) => jsonEqual(x, want))) return { found: false };
      cur = want;
    }
  }
  return { found: true, value: cur };
}

/** Removes what `path` names from `obj` (in place). */
export function deleteAt(obj: unknown, path: FieldPathElems): void {
  const elems = path.filter((pe) => pe !== '.');
  if (elems.length === 0) return;
  const parent = valueAt(obj, elems.slice(0, -1));
  if (!parent.found) return;
  const last = elems[elems.length - 1]!;
  const con = parent.value;
  if (last.startsWith('f:') && isMap(con)) delete con[last.slice(2)];
  else if (Array.isArray(con)) {
    const target = valueAt(con, [last]).value;
    const i = last.startsWith('v:') ? con.findIndex((x) => jsonEqual(x, target)) : con.indexOf(target);
    if (i >= 0) con.splice(i, 1);
  }
}
