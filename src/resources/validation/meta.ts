// ObjectMeta validation (apimachinery ValidateObjectMeta): name, namespace, labels and
// annotations, plus label selectors (metav1 validation), shared by every kind.
import type { FieldPath } from '../types.ts';
import { isObject } from '../json.ts';
import { invalid, invalidEach, required, tooLong, forbidden, type Cause } from './field-errors.ts';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './names.ts';

/** A name check; `prefix` when checking generateName (its trailing dash is allowed). */
export type NameFn = (name: string, prefix: boolean) => string[];

const maskTrailingDash = (s: string): string => (s.length > 1 && s.endsWith('-') ? `${s.slice(0, -1)}a` : s);

export const nameIsDNSSubdomain: NameFn = (n, prefix) => isDNS1123Subdomain(prefix ? maskTrailingDash(n) : n);
export const nameIsDNSLabel: NameFn = (n, prefix) => isDNS1123Label(prefix ? maskTrailingDash(n) : n);

const TOTAL_ANNOTATION_SIZE = 256 * 1024;

/** ValidateLabels: causes name `path`; `at` is where the map sits in the manifest when it differs. */
export function validateLabels(labels: unknown, path: FieldPath, at: FieldPath = path): Cause[] {
  if (!isObject(labels)) return [];
  const out: Cause[] = [];
  for (const [k, v] of Object.entries(labels)) {
    out.push(...invalidEach(path, k, isQualifiedName(k), [...at, k]));
    if (typeof v === 'string') out.push(...invalidEach(path, v, isValidLabelValue(v), [...at, k]));
  }
  return out;
}

export function validateAnnotations(annotations: unknown, path: FieldPath): Cause[] {
  if (!isObject(annotations)) return [];
  const out: Cause[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) {
    out.push(...invalidEach(path, k, isQualifiedName(k.toLowerCase()), [...path, k]));
    size += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  }
  if (size > TOTAL_ANNOTATION_SIZE) out.push(tooLong(path, TOTAL_ANNOTATION_SIZE));
  return out;
}

export interface MetaOptions {
  namespaced: boolean;
  nameFn: NameFn;
}

export function validateObjectMeta(
  meta: unknown,
  opts: MetaOptions,
  path: FieldPath = ['metadata'],
): Cause[] {
  const m = isObject(meta) ? meta : {};
  const out: Cause[] = [];
  const name = typeof m.name === 'string' ? m.name : '';
  const generateName = typeof m.generateName === 'string' ? m.generateName : '';
  if (generateName)
    out.push(...invalidEach([...path, 'generateName'], generateName, opts.nameFn(generateName, true)));
  if (name) out.push(...invalidEach([...path, 'name'], name, opts.nameFn(name, false)));
  else if (!generateName) out.push(required([...path, 'name'], 'name or generateName is required'));
  const ns = typeof m.namespace === 'string' ? m.namespace : '';
  if (opts.namespaced && ns) out.push(...invalidEach([...path, 'namespace'], ns, isDNS1123Label(ns)));
  if (typeof m.generation === 'number' && m.generation < 0) {
    out.push(invalid([...path, 'generation'], m.generation, 'must be greater than or equal to 0'));
  }
  out.push(...validateLabels(m.labels, [...path, 'labels']));
  out.push(...validateAnnotations(m.annotations, [...path, 'annotations']));
  return out;
}

/** metav1validation.ValidateLabelSelector. */
export function validateLabelSelector(selector: unknown, path: FieldPath): Cause[] {
  if (!isObject(selector)) return [];
  const out: Cause[] = [];
  const exprs = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  exprs.forEach((e: unknown, i) => {
    if (!isObject(e)) return;
    const p = [...path, 'matchExpressions', i];
    const op = typeof e.operator === 'string' ? e.operator : '';
    const values = Array.isArray(e.values) ? e.values : [];
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) {
        out.push(required([...p, 'values'], "must be specified when `operator` is 'In' or 'NotIn'"));
      }
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) {
        out.push(
          forbidden([...p, 'values'], "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        );
      }
    } else {
      out.push(invalid([...p, 'operator'], op, 'not a valid selector operator'));
    }
    const key = typeof e.key === 'string' ? e.key : '';
    out.push(...invalidEach([...p, 'key'], key, isQualifiedName(key)));
  });
  out.push(...validateLabels(selector.matchLabels, [...path, 'matchLabels']));
  return out;
}
