// One manifest -> a validated object and its resource type, or diagnostics at
// FILE:LINE:COLUMN naming the object and field, in the API server's and kubectl's words.
import type { Manifest } from '../manifest/types.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { kindsNamed, resourceForKind, apiVersionOf, type ResourceType } from './catalogue.ts';
import { formatFieldPath, objectRef, type FieldPath, type KubeObject } from './types.ts';
import { isObject } from './json.ts';
import { validateObject } from './validate.ts';
import { deprecationWarning } from './deprecation.ts';

export interface Decoded {
  /** Present when the manifest has no error-level diagnostic. */
  object?: KubeObject;
  rt?: ResourceType;
  diagnostics: Diagnostic[];
}

/** Compact JSON with sorted keys, as Go marshals a map (for `Object 'Kind' is missing in '...'`). */
function goJSON(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goJSON).join(',')}]`;
  if (isObject(v)) {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${goJSON(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'object' ? 'object' : typeof v;
}

function noMatch(apiVersion: string, kind: string): string {
  const base = `no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)}; ensure CRDs are installed first`;
  const served = kindsNamed(kind).flatMap((rt) => rt.versions.map((v) => apiVersionOf(rt.group, v)));
  return served.length > 0 ? `${base} (gangway serves ${kind} in ${served.join(', ')})` : base;
}

export function decodeManifest(m: Manifest): Decoded {
  const obj = m.object;
  const diag = (code: string, message: string, path: FieldPath, field = true): Diagnostic => {
    const d: Diagnostic = {
      code,
      severity: 'error',
      message,
      object: objectRef(isObject(obj) ? obj : {}),
      at: m.source.locate(path),
    };
    if (field && path.length > 0) d.field = formatFieldPath(path);
    return d;
  };
  if (!isObject(obj)) {
    const message = `json: cannot unmarshal ${jsonKind(obj)} into Go value of type map[string]interface {}`;
    return { diagnostics: [{ ...diag('KUBE-DECODE', message, []), object: '<unknown kind> <unnamed>' }] };
  }
  for (const key of ['apiVersion', 'kind'] as const) {
    const v = obj[key];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      const message = `json: cannot unmarshal ${jsonKind(v)} into Go struct field .${key} of type string`;
      return { diagnostics: [diag('KUBE-DECODE', message, [key])] };
    }
  }
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  if (!kind)
    return { diagnostics: [diag('KUBE-DECODE', `Object 'Kind' is missing in '${goJSON(obj)}'`, [], false)] };
  if (!apiVersion) {
    return {
      diagnostics: [diag('KUBE-DECODE', `Object 'apiVersion' is missing in '${goJSON(obj)}'`, [], false)],
    };
  }
  const rt = resourceForKind(apiVersion, kind);
  if (!rt) return { diagnostics: [diag('KUBE-NO-KIND', noMatch(apiVersion, kind), ['kind'], false)] };

  const v = validateObject(obj, rt);
  const diagnostics: Diagnostic[] = [];
  const deprecated = deprecationWarning(apiVersion, kind);
  if (deprecated)
    diagnostics.push({ ...diag('KUBE-DEPRECATED', deprecated, ['apiVersion'], false), severity: 'warning' });
  if (v.decodeError) diagnostics.push(diag('KUBE-DECODE', v.decodeError.message, v.decodeError.path));
  for (const c of v.causes) diagnostics.push({ ...diag('KUBE-INVALID', c.message, c.path), field: c.field });
  for (const u of v.unknownFields) {
    const d = diag('KUBE-UNKNOWN-FIELD', `unknown field ${JSON.stringify(u.field)}`, u.path);
    diagnostics.push({
      ...d,
      severity: 'warning',
      at: m.source.locateKey?.(u.path) ?? m.source.locate(u.path),
    });
  }
  const failed = diagnostics.some((d) => d.severity === 'error');
  return failed ? { rt, diagnostics } : { object: obj as KubeObject, rt, diagnostics };
}
