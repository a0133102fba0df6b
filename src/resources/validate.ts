// CONTRACT (owned by the manifest/resources helper): shape and meaning checks of one object
// against its kind, as the API server makes them. Used by registry/ (API writes) and by
// resources/decode.ts (files given to `gangway apply` / `up -f`).
import type { ResourceType } from './catalogue.ts';
import type { FieldPath } from './types.ts';
import type { StatusCause } from '../registry/status-error.ts';

export interface ValidationResult {
  /**
   * A decoding failure (a field of the wrong type): the API server answers 400 BadRequest
   * with `<Kind> in version "<v>" cannot be handled as a <Kind>: <decodeError>`.
   */
  decodeError?: { path: FieldPath; message: string };
  /** Semantic failures: 422 Invalid with these causes. */
  causes: (StatusCause & { path: FieldPath })[];
  /** Fields the schema does not know, as `spec.foo` (Strict: 400; Warn: warning header). */
  unknownFields: { path: FieldPath; field: string }[];
}

/** Validates `obj` (in the apiVersion it carries, before defaulting) against `rt`. */
export function validateObject(obj: unknown, rt: ResourceType): ValidationResult {
  void obj;
  void rt;
  return { causes: [], unknownFields: [] };
}
