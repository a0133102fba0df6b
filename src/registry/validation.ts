// Validation of a write as the API server answers it: decoding failures (400, or 422 for
// patches), unknown fields per fieldValidation (Strict rejects, Warn warns, Ignore drops),
// then the semantic causes (422 Invalid). Unknown fields never reach the store: the real
// server drops them when it decodes into its types.
import type { ResourceType } from '../resources/catalogue.ts';
import { validateObject } from '../resources/validate.ts';
import type { ValidationResult } from '../resources/validate.ts';
import type { FieldPath, KubeObject } from '../resources/types.ts';
import type { FieldValidation } from './types.ts';
import { StatusError, badRequest, invalid } from './status-error.ts';

export type WriteKind =
  | { kind: 'body' }
  /** A json/merge/strategic patch: errors quote the patched object (or the patch, Go-formatted). */
  | { kind: 'patch'; quoted: () => string }
  /** Server-side apply: errors as structured-merge-diff's typed conversion words them. */
  | { kind: 'apply'; gvk: string };

function pruneField(obj: unknown, path: FieldPath): void {
  let cur: unknown = obj;
  for (let i = 0; i < path.length - 1; i++) {
    if (cur === null || typeof cur !== 'object') return;
    cur = (cur as Record<string | number, unknown>)[path[i]!];
  }
  const last = path[path.length - 1];
  if (last === undefined || cur === null || typeof cur !== 'object' || Array.isArray(cur)) return;
  delete (cur as Record<string | number, unknown>)[last];
}

/** 422 with one `patch` cause, as apiserver's patcher reports decoding trouble. */
function patchInvalid(quoted: string, detail: string): StatusError {
  const message = `Invalid value: ${JSON.stringify(quoted)}: ${detail}`;
  return new StatusError(422, 'Invalid', ` "" is invalid: patch: ${message}`, {
    causes: [{ reason: 'FieldValueInvalid', field: 'patch', message }],
  });
}

function cannotHandle(rt: ResourceType, version: string, detail: string): StatusError {
  return badRequest(`${rt.kind} in version "${version}" cannot be handled as a ${rt.kind}: ${detail}`);
}

function dotted(path: FieldPath): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
}

/**
 * Validates `obj` (in the request's version; unknown fields are removed from it in place).
 * Returns the warnings for the response; throws StatusError.
 */
export function validateWrite(
  obj: KubeObject,
  rt: ResourceType,
  version: string,
  mode: FieldValidation,
  how: WriteKind,
): string[] {
  const result: ValidationResult = validateObject(obj, rt);
  const warnings: string[] = [];
  if (result.decodeError) {
    const d = result.decodeError;
    if (how.kind === 'patch') throw patchInvalid(how.quoted(), d.message);
    if (how.kind === 'apply')
      throw badRequest(`failed to create typed patch object (${how.gvk}): ${dotted(d.path)}: ${d.message}`);
    throw cannotHandle(rt, version, d.message);
  }
  const unknown = result.unknownFields;
  if (unknown.length > 0 && mode !== 'Ignore') {
    if (how.kind === 'apply' && mode === 'Strict') {
      const errs = unknown.map((u) => `${dotted(u.path)}: field not declared in schema`);
      throw badRequest(
        `failed to create typed patch object (${how.gvk}): ${errs.length === 1 ? errs[0]! : `errors:\n${errs.map((e) => `  ${e}`).join('\n')}`}`,
      );
    }
    const texts = unknown.map((u) => `unknown field "${u.field}"`);
    if (mode === 'Strict') {
      const detail = `strict decoding error: ${texts.join(', ')}`;
      if (how.kind === 'patch') throw patchInvalid(how.quoted(), detail);
      throw cannotHandle(rt, version, detail);
    }
    warnings.push(...texts);
  }
  for (const u of unknown) pruneField(obj, u.path);
  if (result.causes.length > 0) {
    throw invalid(
      rt,
      obj.metadata.name ?? '',
      result.causes.map((c) => ({ reason: c.reason, field: c.field, message: c.message })),
    );
  }
  return warnings;
}
