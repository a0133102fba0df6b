// List ordering after a strategic merge, as apimachinery's strategicpatch orders it: items
// named in the patch (or in `$setElementOrder`) keep the patch's order, items only on the
// server keep theirs, and the two are interleaved by where they stood on the server.
import { jsonEqual } from './json.ts';

type KeyOf = (item: unknown, key: string) => unknown;

/** Position of `item` in `list`, comparing merge keys (maps) or values (primitives). */
export function indexIn(list: readonly unknown[], item: unknown, key: string | undefined): number {
  if (key === undefined) return list.findIndex((x) => jsonEqual(x, item));
  const want = (item as Record<string, unknown>)[key];
  return list.findIndex(
    (x) => typeof x === 'object' && x !== null && jsonEqual((x as Record<string, unknown>)[key], want),
  );
}

/** Splits `merged` into the items present in `by` and the rest (server-only). */
export function partition(
  merged: readonly unknown[],
  by: readonly unknown[],
  key: string | undefined,
  keyOf: KeyOf,
): [unknown[], unknown[]] {
  const inPatch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const item of merged) {
    if (key !== undefined) keyOf(item, key);
    (indexIn(by, item, key) >= 0 ? inPatch : serverOnly).push(item);
  }
  return [inPatch, serverOnly];
}

/** A stable sort of `items` by their position in `order`; unknown items keep their place at the end. */
export function sortByOrder(
  items: readonly unknown[],
  order: readonly unknown[],
  key: string | undefined,
): unknown[] {
  const ranked = items.map((item, i) => ({ item, i, at: indexIn(order, item, key) }));
  ranked.sort((a, b) => {
    if (a.at >= 0 && b.at >= 0) return a.at - b.at || a.i - b.i;
    if (a.at >= 0) return -1;
    if (b.at >= 0) return 1;
    return a.i - b.i;
  });
  return ranked.map((r) => r.item);
}

/**
 * Inserts each item of `left` (server-only, sorted) into `right` (patch items, sorted),
 * before the first right item that stands after it on the server.
 */
export function mergeSortedSlice(
  left: readonly unknown[],
  right: readonly unknown[],
  serverOrder: readonly unknown[],
  key: string | undefined,
): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], key);
      const ri = indexIn(serverOrder, right[j], key);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}
