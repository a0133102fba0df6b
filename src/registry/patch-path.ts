// PATCH: json, merge, strategic merge and server-side apply on an object or its status or
// scale subresource, with the API server's answers for malformed patches, patches that do
// not apply, strategic merge on custom resources (415) and apply conflicts (409).
import { parse as parseYaml } from 'yaml';
import type { ResourceType } from '../resources/catalogue.ts';
import { apiVersionOf } from '../resources/catalogue.ts';
import { fromStorageVersion } from '../resources/convert.ts';
import type { KubeObject } from '../resources/types.ts';
import { ApplyConflictError, serverSideApply } from '../patch/apply-patch.ts';
import { goSprintV } from '../resources/go-format.ts';
import { goJsonMarshal } from '../resources/go-json.ts';
import { isObject } from '../resources/json.ts';
import { JsonPatchError, applyJsonPatch } from '../patch/json-patch.ts';
import { cloneJson, parseJsonObject } from '../patch/json.ts';
import { applyMergePatch } from '../patch/merge-patch.ts';
import { rootType } from '../patch/patch-schema.ts';
import { StrategicMergeError, applyStrategicMergePatch } from '../patch/strategic-merge.ts';
import type { PatchType, WriteOptions, WriteResult } from './types.ts';
import { checkName, checkTypeMeta } from './body.ts';
import { keyOf, scopeNamespace } from './context.ts';
import { rfc3339 } from '../resources/time.ts';
import type { RegistryContext } from './context.ts';
import { replicasOf, requireScale, scaleOf } from './scale.ts';
import { StatusError, badRequest, internalError, notFound, unsupportedMediaType } from './status-error.ts';
import { validateWrite } from './validation.ts';
import type { WriteKind } from './validation.ts';
import { createObject, storeUpdate, updateObject, updateStatus } from './write-path.ts';

const REJECTED = 'the server rejected our request due to an error in our request';
const CRD_PATCH_TYPES =
  'application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml';

type Json = Record<string, unknown>;

function parseJson(patch: unknown): unknown {
  if (typeof patch !== 'string' && !(patch instanceof Uint8Array)) return patch;
  const text = typeof patch === 'string' ? patch : Buffer.from(patch).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw badRequest((err as Error).message);
  }
}

function parseApply(patch: unknown): Json {
  let value = patch;
  if (typeof patch === 'string' || patch instanceof Uint8Array) {
    const text = typeof patch === 'string' ? patch : Buffer.from(patch).toString('utf8');
    try {
      value = parseJsonObject(text) ?? (parseYaml(text, { uniqueKeys: true }) as unknown);
    } catch (err) {
      throw badRequest(`error decoding YAML: ${(err as Error).message}`);
    }
  }
  if (!isObject(value))
    throw badRequest(`error decoding YAML: cannot unmarshal ${goSprintV(value)} into an object`);
  return cloneJson(value);
}

function genericInvalid(): StatusError {
  return new StatusError(422, 'Invalid', REJECTED, {});
}

function requireObject(patched: unknown, quoted: string): Json {
  if (isObject(patched)) return patched;
  const message = `Invalid value: ${JSON.stringify(quoted)}: json: cannot unmarshal ${Array.isArray(patched) ? 'array' : typeof patched} into Go value of type map[string]interface {}`;
  throw new StatusError(422, 'Invalid', ` "" is invalid: patch: ${message}`, {
    causes: [{ reason: 'FieldValueInvalid', field: 'patch', message }],
  });
}

function gvkString(rt: ResourceType, version: string): string {
  return `${rt.group}/${version}, Kind=${rt.kind}`;
}

function checkApplyTypeMeta(applied: Json, rt: ResourceType, version: string): void {
  const expected = apiVersionOf(rt.group, version);
  const got = typeof applied['apiVersion'] === 'string' ? applied['apiVersion'] : '';
  if (got !== expected) {
    throw badRequest(
      `Incorrect version specified in apply patch. Specified patch version: ${got}, expected: ${expected}`,
    );
  }
  const kind = typeof applied['kind'] === 'string' ? applied['kind'] : '';
  if (kind !== rt.kind) {
    throw badRequest(
      `Incorrect kind specified in apply patch. Specified patch kind: ${kind}, expected: ${rt.kind}`,
    );
  }
}

function requireFieldManager(opts: WriteOptions): string {
  if (opts.fieldManager) return opts.fieldManager;
  const message = 'Required value: is required for apply patch';
  throw new StatusError(422, 'Invalid', `PatchOptions.meta.k8s.io "" is invalid: fieldManager: ${message}`, {
    group: 'meta.k8s.io',
    kind: 'PatchOptions',
    causes: [{ reason: 'FieldValueRequired', field: 'fieldManager', message }],
  });
}

interface Patched {
  object: Json;
  how: WriteKind;
}

/** Applies a non-apply patch document to `current`. */
function applyDocument(
  current: Json,
  type: Exclude<PatchType, 'apply'>,
  patch: unknown,
  kind: string,
): Patched {
  const doc = parseJson(patch);
  if (type === 'json') {
    let out: unknown;
    try {
      out = applyJsonPatch(current, doc);
    } catch (err) {
      if (!(err instanceof JsonPatchError)) throw err;
      throw err.phase === 'decode' ? badRequest(err.message) : genericInvalid();
    }
    const quoted = goJsonMarshal(out);
    return { object: requireObject(out, quoted), how: { kind: 'patch', quoted: () => quoted } };
  }
  if (type === 'merge') {
    const out = applyMergePatch(current, doc);
    const quoted = goJsonMarshal(out);
    return { object: requireObject(out, quoted), how: { kind: 'patch', quoted: () => quoted } };
  }
  try {
    const out = applyStrategicMergePatch(current, doc, rootType(kind));
    return { object: out, how: { kind: 'patch', quoted: () => goSprintV(doc) } };
  } catch (err) {
    if (!(err instanceof StrategicMergeError)) throw err;
    if (err.kind === 'bad-request') throw badRequest(err.message);
    if (err.kind === 'invalid') throw genericInvalid();
    throw internalError(err.message);
  }
}

function apply(
  ctx: RegistryContext,
  rt: ResourceType,
  version: string,
  live: Json | undefined,
  applied: Json,
  opts: WriteOptions,
  sub: 'status' | 'scale' | undefined,
): Json {
  const resetFields =
    sub === 'status'
      ? Object.keys(applied).filter((k) => !['apiVersion', 'kind', 'metadata', 'status'].includes(k))
      : ['status'];
  try {
    return serverSideApply({
      live,
      applied,
      manager: requireFieldManager(opts),
      apiVersion: apiVersionOf(rt.group, version),
      force: opts.force ?? false,
      time: rfc3339(ctx.now()),
      type: rootType(rt.kind),
      resetFields,
      ...(sub ? { subresource: sub } : {}),
    });
  } catch (err) {
    if (!(err instanceof ApplyConflictError)) throw err;
    throw new StatusError(409, 'Conflict', err.message, {
      causes: err.conflicts.map((c) => ({
        reason: 'FieldManagerConflict',
        message: `conflict with ${c.manager}`,
        field: c.field,
      })),
    });
  }
}

function patchScale(
  ctx: RegistryContext,
  rt: ResourceType,
  old: Readonly<KubeObject>,
  name: string,
  type: PatchType,
  patch: unknown,
  opts: WriteOptions,
): WriteResult {
  requireScale(rt);
  const current = scaleOf(old) as Json;
  const patched =
    type === 'apply'
      ? { ...current, ...parseApply(patch) }
      : applyDocument(current, type, patch, 'Scale').object;
  const replicas = replicasOf(patched, name);
  const meta = (patched['metadata'] ?? {}) as { resourceVersion?: string };
  const precondition =
    meta.resourceVersion !== old.metadata.resourceVersion ? meta.resourceVersion : undefined;
  const next = structuredClone(old) as KubeObject;
  next['spec'] = { ...(next['spec'] ?? {}), replicas };
  const stored = storeUpdate(ctx, rt, old, next, opts, precondition);
  return { object: scaleOf(stored), warnings: [], created: false };
}

export function patchObject(
  ctx: RegistryContext,
  rt: ResourceType,
  version: string,
  namespace: string,
  name: string,
  type: PatchType,
  patch: unknown,
  opts: WriteOptions,
  sub: 'status' | 'scale' | undefined,
): WriteResult {
  if (type === 'strategic' && rt.crd) {
    throw unsupportedMediaType(
      `the body of the request was in an unknown format - accepted media types include: ${CRD_PATCH_TYPES}`,
    );
  }
  const mode = opts.fieldValidation ?? 'Warn';
  const old = ctx.store.get(keyOf(rt), scopeNamespace(rt, namespace), name);
  if (!old) {
    if (type !== 'apply' || sub !== undefined) throw notFound(rt, name);
    const applied = parseApply(patch);
    checkApplyTypeMeta(applied, rt, version);
    const created = apply(ctx, rt, version, undefined, applied, opts, undefined) as KubeObject;
    checkName(created, rt, namespace, name);
    const warnings = validateWrite(created, rt, version, mode, {
      kind: 'apply',
      gvk: gvkString(rt, version),
    });
    return createObject(ctx, rt, version, created, opts, warnings, true);
  }
  if (sub === 'scale') return patchScale(ctx, rt, old, name, type, patch, opts);
  if (sub === 'status' && !rt.subresources.includes('status')) throw notFound(rt, name);

  const current = fromStorageVersion(old, rt, version) as Json;
  let patched: Patched;
  if (type === 'apply') {
    const applied = parseApply(patch);
    checkApplyTypeMeta(applied, rt, version);
    patched = {
      object: apply(ctx, rt, version, current, applied, opts, sub),
      how: { kind: 'apply', gvk: gvkString(rt, version) },
    };
  } else {
    patched = applyDocument(current, type, patch, rt.kind);
  }
  const obj = checkTypeMeta(patched.object, rt, version);
  checkName(obj, rt, namespace, name);
  const warnings = validateWrite(obj, rt, version, mode, patched.how);
  const rv = obj.metadata.resourceVersion;
  const precondition = rv !== old.metadata.resourceVersion ? (rv ?? '') : undefined;
  if (sub === 'status') return updateStatus(ctx, rt, version, old, obj, opts, warnings, precondition);
  return updateObject(ctx, rt, version, old, obj, opts, warnings, precondition);
}
