// Query parameters of resource requests, converted as apimachinery's parameter codec does
// (booleans: anything but "0"/"false" is true; integers strict) and validated as the API
// server validates List/Create/Update/Patch/DeleteOptions.
import { StatusError, badRequest } from '../registry/status-error.ts';
import type { FieldValidation, PatchType, WriteOptions } from '../registry/types.ts';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface ReadQuery {
  watch: boolean;
  resourceVersion?: string;
  timeoutSeconds?: number;
  allowWatchBookmarks: boolean;
  labelSelector?: string;
  fieldSelector?: string;
  includeObject: IncludeObject;
  limit?: number;
}

export type OptionsKind =
  'CreateOptions' | 'UpdateOptions' | 'PatchOptions' | 'DeleteOptions' | 'ListOptions';

/** 422 on an options object: `PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: ...`. */
export function invalidOptions(
  kind: OptionsKind,
  field: string,
  reason: string,
  message: string,
): StatusError {
  return new StatusError(422, 'Invalid', `${kind}.meta.k8s.io "" is invalid: ${field}: ${message}`, {
    group: 'meta.k8s.io',
    kind,
    causes: [{ reason, field, message }],
  });
}

export function boolParam(q: URLSearchParams, name: string): boolean | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  return !(v === '0' || v.toLowerCase() === 'false');
}

export function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^[+-]?\d+$/.test(v)) {
    throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  }
  return Number(v);
}

function nonEmpty(q: URLSearchParams, name: string): string | undefined {
  const v = q.get(name);
  return v === null || v === '' ? undefined : v;
}

export function readQuery(q: URLSearchParams): ReadQuery {
  const out: ReadQuery = {
    watch: boolParam(q, 'watch') ?? false,
    allowWatchBookmarks: boolParam(q, 'allowWatchBookmarks') ?? false,
    includeObject: 'Metadata',
  };
  const rv = nonEmpty(q, 'resourceVersion');
  if (rv !== undefined) out.resourceVersion = rv;
  const timeout = intParam(q, 'timeoutSeconds');
  if (timeout !== undefined) out.timeoutSeconds = timeout;
  const limit = intParam(q, 'limit');
  if (limit !== undefined) out.limit = limit;
  const ls = nonEmpty(q, 'labelSelector');
  if (ls !== undefined) out.labelSelector = ls;
  const fs = nonEmpty(q, 'fieldSelector');
  if (fs !== undefined) out.fieldSelector = fs;
  const inc = nonEmpty(q, 'includeObject');
  if (inc !== undefined) {
    if (inc !== 'None' && inc !== 'Metadata' && inc !== 'Object') {
      throw badRequest(
        `includeObject must be one of "None", "Metadata" or "Object", got ${JSON.stringify(inc)}`,
      );
    }
    out.includeObject = inc;
  }
  return out;
}

function dryRunParam(q: URLSearchParams, kind: OptionsKind): boolean {
  const values = q.getAll('dryRun').filter((v) => v !== '');
  for (const v of values) {
    if (v !== 'All') {
      throw invalidOptions(
        kind,
        'dryRun',
        'FieldValueNotSupported',
        `Unsupported value: ${JSON.stringify(v)}: supported values: "All"`,
      );
    }
  }
  return values.length > 0;
}

function fieldValidationParam(q: URLSearchParams, kind: OptionsKind): FieldValidation | undefined {
  const v = nonEmpty(q, 'fieldValidation');
  if (v === undefined) return undefined;
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw invalidOptions(
    kind,
    'fieldValidation',
    'FieldValueNotSupported',
    `Unsupported value: ${JSON.stringify(v)}: supported values: "Ignore", "Strict", "Warn"`,
  );
}

/** Create/Update/Patch options; `patchType` is set for PATCH (apply-only rules). */
export function writeOptions(q: URLSearchParams, kind: OptionsKind, patchType?: PatchType): WriteOptions {
  const opts: WriteOptions = {};
  const fv = fieldValidationParam(q, kind);
  if (fv !== undefined) opts.fieldValidation = fv;
  if (dryRunParam(q, kind)) opts.dryRun = true;
  const manager = nonEmpty(q, 'fieldManager');
  if (manager !== undefined) {
    if (manager.length > 128) {
      throw invalidOptions(
        kind,
        'fieldManager',
        'FieldValueTooLong',
        `Too long: may not be more than 128 bytes`,
      );
    }
    opts.fieldManager = manager;
  }
  const force = boolParam(q, 'force');
  if (patchType === 'apply') {
    if (manager === undefined) {
      throw invalidOptions(
        kind,
        'fieldManager',
        'FieldValueRequired',
        'Required value: is required for apply patch',
      );
    }
    if (force !== undefined) opts.force = force;
  } else if (force !== undefined && kind === 'PatchOptions') {
    throw invalidOptions(
      kind,
      'force',
      'FieldValueForbidden',
      'Forbidden: may not be specified for non-apply patch',
    );
  }
  return opts;
}

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export interface DeleteRequest {
  dryRun: boolean;
  propagationPolicy?: PropagationPolicy;
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** DeleteOptions from the query and the (optional) JSON body, the body winning as in the API server. */
export function deleteOptions(q: URLSearchParams, body: unknown): DeleteRequest {
  const out: DeleteRequest = { dryRun: dryRunParam(q, 'DeleteOptions') };
  let policy: string | undefined = nonEmpty(q, 'propagationPolicy');
  if (body !== undefined && body !== null) {
    if (typeof body !== 'object' || Array.isArray(body))
      throw badRequest('the body of a delete must be DeleteOptions');
    const b = body as Record<string, unknown>;
    if (typeof b['propagationPolicy'] === 'string') policy = b['propagationPolicy'];
    if (Array.isArray(b['dryRun'])) {
      for (const v of b['dryRun'] as unknown[]) {
        if (v !== 'All') {
          throw invalidOptions(
            'DeleteOptions',
            'dryRun',
            'FieldValueNotSupported',
            `Unsupported value: ${JSON.stringify(v)}: supported values: "All"`,
          );
        }
        out.dryRun = true;
      }
    }
    const pre = b['preconditions'];
    if (pre && typeof pre === 'object') {
      const p = pre as Record<string, unknown>;
      const preconditions: { uid?: string; resourceVersion?: string } = {};
      if (typeof p['uid'] === 'string') preconditions.uid = p['uid'];
      if (typeof p['resourceVersion'] === 'string') preconditions.resourceVersion = p['resourceVersion'];
      out.preconditions = preconditions;
    }
  }
  if (policy !== undefined) {
    if (policy !== 'Background' && policy !== 'Foreground' && policy !== 'Orphan') {
      throw invalidOptions(
        'DeleteOptions',
        'propagationPolicy',
        'FieldValueNotSupported',
        `Unsupported value: ${JSON.stringify(policy)}: supported values: "Foreground", "Background", "Orphan", "nil"`,
      );
    }
    out.propagationPolicy = policy;
  }
  return out;
}
