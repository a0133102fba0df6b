// Maps a field path (`spec.template.spec.containers[0].image`) to its line and column in a
// parsed YAML document, so diagnostics can point at the text the user wrote.
import {
  isAlias,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  type Document,
  type LineCounter,
  type Node,
} from 'yaml';
import type { SourcePosition } from '../diagnostics/diagnostic.ts';
import type { FieldPath } from '../resources/types.ts';

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}

/** The value node a key path leads to, resolving aliases; undefined when a step is missing. */
function step(
  doc: Document,
  node: Node,
  seg: string | number,
): { key?: Node; value: Node | null } | undefined {
  const target = isAlias(node) ? node.resolve(doc) : node;
  if (isMap(target) && typeof seg === 'string') {
    for (const pair of target.items) {
      if (!isPair(pair) || keyText(pair.key) !== seg) continue;
      // `key:` with nothing after it has an empty null scalar: treat it as no value.
      const empty =
        isScalar(pair.value) && pair.value.value === null && pair.value.range?.[0] === pair.value.range?.[1];
      const value = isNode(pair.value) && !empty ? pair.value : null;
      return isNode(pair.key) ? { key: pair.key, value } : { value };
    }
  } else if (isSeq(target) && typeof seg === 'number') {
    const item = target.items[seg];
    if (isNode(item)) return { value: item };
  }
  return undefined;
}

function startOf(node: Node): number | undefined {
  return node.range?.[0];
}

/** The offset of the node at `path`: its value for a scalar, else its key; see locator. */
function offsetOf(doc: Document, path: FieldPath, preferKey: boolean): number {
  let node = doc.contents;
  let offset = node ? startOf(node) : undefined;
  if (!node) return 0;
  for (const seg of path) {
    const next = step(doc, node, seg);
    if (!next) break;
    const keyStart = next.key ? startOf(next.key) : undefined;
    if (!next.value) {
      offset = keyStart ?? offset;
      break;
    }
    node = next.value;
    const scalar = isScalar(node) || isAlias(node);
    offset = scalar && !(preferKey && keyStart !== undefined) ? startOf(node) : (keyStart ?? startOf(node));
  }
  return offset ?? 0;
}

export interface Locator {
  /** The value node for a scalar, the key for a mapping or list value; for a path that does not exist, the key (or start) of its nearest existing ancestor. */
  locate: (path: FieldPath) => SourcePosition;
  /** Like locate, but the key for scalars too (where an unknown field is named). */
  locateKey: (path: FieldPath) => SourcePosition;
}

/** Locate functions for one document; `base` is prepended to every path (a List item's `items[i]`). */
export function locator(doc: Document, lines: LineCounter, file: string, base: FieldPath = []): Locator {
  const at = (path: FieldPath, preferKey: boolean): SourcePosition => {
    const pos = lines.linePos(offsetOf(doc, [...base, ...path], preferKey));
    return { file, line: pos.line, column: pos.col };
  };
  return { locate: (path) => at(path, false), locateKey: (path) => at(path, true) };
}
