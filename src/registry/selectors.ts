// Label and field selectors of list and watch requests: parsed once per distinct string,
// parse errors answered as the API server does (400 BadRequest with its message).
import type { KubeObject } from '../resources/types.ts';
import type { Selectors } from './types.ts';
import { badRequest } from './status-error.ts';
import { labelsMatch, parseLabelSelector, type Requirement } from '../resources/label-selector.ts';
import { fieldsMatch, parseFieldSelector } from './field-selector.ts';
import type { FieldTerm } from './field-selector.ts';

const labelCache = new Map<string, Requirement[]>();
const fieldCache = new Map<string, FieldTerm[]>();

function cached<T>(cache: Map<string, T>, key: string, parse: (s: string) => T): T {
  let v = cache.get(key);
  if (v === undefined) {
    try {
      v = parse(key);
    } catch (err) {
      throw badRequest((err as Error).message);
    }
    if (cache.size > 500) cache.clear();
    cache.set(key, v);
  }
  return v;
}

/** A predicate for `selectors`. Throws StatusError 400 when one does not parse. */
export function compileSelectors(selectors: Selectors | undefined): (obj: Readonly<KubeObject>) => boolean {
  const labels = selectors?.labelSelector
    ? cached(labelCache, selectors.labelSelector, parseLabelSelector)
    : [];
  const fields = selectors?.fieldSelector
    ? cached(fieldCache, selectors.fieldSelector, parseFieldSelector)
    : [];
  if (labels.length === 0 && fields.length === 0) return () => true;
  return (obj) => labelsMatch(labels, obj.metadata.labels) && fieldsMatch(fields, obj);
}
