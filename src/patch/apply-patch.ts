// Server-side apply, simplified: the applied configuration is merged onto the live object
// with the list keys of patch-schema.ts; fields this manager applied before and no longer
// applies are removed unless another manager owns them; a field another Apply manager owns
// with a different value is a conflict unless forced. One `Apply` entry per manager is kept
// in metadata.managedFields (no `Update` entries, so kubectl never starts its migration).
import { fieldMeta } from './patch-schema.ts';
import type { TypeName } from './patch-schema.ts';
import { cloneJson, isMap, jsonEqual } from './json.ts';
import type { JsonMap } from './json.ts';
import {
  deleteAt,
  fieldsOf,
  hasPath,
  leaves,
  pathString,
  removePath,
  touches,
  valueAt,
} from './field-set.ts';
import type { FieldPathElems, FieldTree } from './field-set.ts';

export interface ManagedFieldsEntry {
  manager: string;
  operation: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: FieldTree;
  subresource?: string;
}

export interface ApplyConflict {
  manager: string; // the other manager, as printed: `"kubectl" using apps/v1`
  field: string; // `.spec.replicas`
}

export class ApplyConflictError extends Error {
  readonly conflicts: ApplyConflict[];
  constructor(conflicts: ApplyConflict[]) {
    super(conflictMessage(conflicts));
    this.conflicts = conflicts;
    this.name = 'ApplyConflictError';
  }
}

function conflictMessage(conflicts: ApplyConflict[]): string {
  if (conflicts.length === 1) {
    const c = conflicts[0]!;
    return `Apply failed with 1 conflict: conflict with ${c.manager}: ${c.field}`;
  }
  const byManager = new Map<string, string[]>();
  for (const c of conflicts) byManager.set(c.manager, [...(byManager.get(c.manager) ?? []), c.field]);
  const lines: string[] = [];
  for (const m of [...byManager.keys()].sort()) {
    lines.push(`conflicts with ${m}:`);
    for (const f of byManager.get(m)!) lines.push(`- ${f}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

export interface ApplyInput {
  /** The live object (any frozen value is fine), or undefined when the apply creates it. */
  live: JsonMap | undefined;
  /** The applied configuration (apiVersion, kind, metadata.name, ...). */
  applied: JsonMap;
  manager: string;
  /** The request's apiVersion, recorded in the manager's entry. */
  apiVersion: string;
  force: boolean;
  /** RFC 3339 time for the manager's entry. */
  time: string;
  type: TypeName;
  /** Top-level fields this request cannot set (status on the main resource, spec on /status). */
  resetFields?: readonly string[];
  subresource?: string;
}

const NOT_MANAGED = new Set([
  'f:metadata.f:name',
  'f:metadata.f:namespace',
  'f:metadata.f:uid',
  'f:metadata.f:resourceVersion',
  'f:metadata.f:generation',
  'f:metadata.f:creationTimestamp',
  'f:metadata.f:deletionTimestamp',
  'f:metadata.f:deletionGracePeriodSeconds',
  'f:metadata.f:managedFields',
  'f:metadata.f:selfLink',
]);

function managedEntries(obj: JsonMap | undefined): ManagedFieldsEntry[] {
  const meta = obj?.['metadata'];
  const mf = isMap(meta) ? meta['managedFields'] : undefined;
  return Array.isArray(mf)
    ? (cloneJson(mf as unknown[]).filter(isMap) as unknown as ManagedFieldsEntry[])
    : [];
}

function printManager(e: ManagedFieldsEntry): string {
  let s = JSON.stringify(e.manager);
  if (e.subresource) s += ` with subresource ${JSON.stringify(e.subresource)}`;
  if (e.operation === 'Update' && e.time) return `${s} using ${e.apiVersion ?? ''} at ${e.time}`;
  return `${s} using ${e.apiVersion ?? ''}`;
}

/** Merges the applied configuration into `live` in place, lists by their keys. */
function mergeApplied(live: JsonMap, applied: JsonMap, type: TypeName): void {
  for (const [k, v] of Object.entries(applied)) {
    if (v === null) {
      delete live[k];
      continue;
    }
    const meta = fieldMeta(type, k);
    const cur = live[k];
    if (isMap(v) && isMap(cur) && !meta.atomic) {
      mergeApplied(cur, v, meta.type);
    } else if (Array.isArray(v) && Array.isArray(cur) && meta.strategy === 'merge') {
      const list = cur as unknown[];
      for (const item of v as unknown[]) {
        if (meta.key !== undefined && isMap(item)) {
          const key = meta.key;
          const at = list.find((x) => isMap(x) && jsonEqual(x[key], item[key]));
          if (isMap(at)) mergeApplied(at, item, meta.type);
          else list.push(withoutNulls(item));
        } else if (!list.some((x) => jsonEqual(x, item))) {
          list.push(item);
        }
      }
    } else {
      live[k] = withoutNulls(v);
    }
  }
}

function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (!isMap(v)) return v;
  const out: JsonMap = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = withoutNulls(x);
  return out;
}

function withoutManagedFields(obj: JsonMap): JsonMap {
  const out = { ...obj };
  if (isMap(out['metadata'])) {
    const meta = { ...out['metadata'] };
    delete meta['managedFields'];
    out['metadata'] = meta;
  }
  return out;
}

/**
 * Applies `input.applied` and returns the new object with its managedFields, or `live`
 * itself when the apply changes nothing. Throws ApplyConflictError.
 */
export function serverSideApply(input: ApplyInput): JsonMap {
  const reset = new Set(input.resetFields ?? []);
  const skip = (path: FieldPathElems): boolean =>
    NOT_MANAGED.has(path.slice(0, 2).join('.')) ||
    (path.length === 1 &&
      (path[0] === 'f:apiVersion' || path[0] === 'f:kind' || reset.has(path[0]!.slice(2))));
  const applied = cloneJson(input.applied);
  for (const f of reset) delete applied[f];
  const newSet = fieldsOf(applied, input.type, skip);
  const entries = managedEntries(input.live);
  const mine = entries.find((e) => e.manager === input.manager && e.operation === 'Apply');
  const oldSet: FieldTree = mine?.fieldsV1 ?? {};

  // Conflicts: fields another manager owns that this apply sets to a different value.
  const conflicts: ApplyConflict[] = [];
  const forced = new Map<ManagedFieldsEntry, FieldTree>();
  for (const e of entries) {
    if (e === mine || !e.fieldsV1) continue;
    let set = e.fieldsV1;
    for (const path of leaves(newSet)) {
      if (!hasPath(e.fieldsV1, path) || path[path.length - 1] === '.') continue;
      const want = valueAt(applied, path);
      const have = valueAt(input.live, path);
      if (have.found && jsonEqual(want.value, have.value)) continue;
      if (input.force) set = removePath(set, path);
      else conflicts.push({ manager: printManager(e), field: pathString(path) });
    }
    if (set !== e.fieldsV1) forced.set(e, set);
  }
  if (conflicts.length > 0) throw new ApplyConflictError(conflicts);

  const others = entries
    .filter((e) => e !== mine)
    .map((e) => ({ ...e, fieldsV1: forced.get(e) ?? e.fieldsV1 ?? {} }));
  const merged = cloneJson(input.live ?? {});
  mergeApplied(merged, applied, input.type);
  // Fields this manager stops applying go away, unless someone else still owns them.
  for (const path of leaves(oldSet)) {
    if (hasPath(newSet, path)) continue;
    const target = path[path.length - 1] === '.' ? path.slice(0, -1) : path;
    if (hasPath(newSet, target) || others.some((e) => touches(e.fieldsV1, target))) continue;
    deleteAt(merged, target);
  }

  const entry: ManagedFieldsEntry = {
    manager: input.manager,
    operation: 'Apply',
    apiVersion: input.apiVersion,
    time: input.time,
    fieldsType: 'FieldsV1',
    fieldsV1: newSet,
  };
  if (input.subresource) entry.subresource = input.subresource;
  const unchanged =
    input.live !== undefined &&
    forced.size === 0 &&
    jsonEqual(oldSet, newSet) &&
    mine !== undefined &&
    jsonEqual(withoutManagedFields(merged), withoutManagedFields(input.live));
  if (unchanged) return input.live!;

  const managed: ManagedFieldsEntry[] = [];
  let placed = false;
  for (const e of entries) {
    if (e === mine) {
      managed.push(entry);
      placed = true;
    } else {
      const set = forced.get(e);
      if (set === undefined) managed.push(e);
      else if (Object.keys(set).length > 0) managed.push({ ...e, fieldsV1: set });
    }
  }
  if (!placed) managed.push(entry);
  const meta = isMap(merged['metadata']) ? merged['metadata'] : {};
  meta['managedFields'] = managed;
  merged['metadata'] = meta;
  return merged;
}
