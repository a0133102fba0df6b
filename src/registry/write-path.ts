// The common tail of every write: storage-version conversion, strategy, defaults, the
// namespace lifecycle check, generateName, admission, then the store. Inputs are objects
// already decoded and validated in the request's version.
import { randomUUID } from 'node:crypto';
import type { ResourceType } from '../resources/catalogue.ts';
import { applyDefaults } from '../resources/defaults.ts';
import { fromStorageVersion, toStorageVersion } from '../resources/convert.ts';
import type { KubeObject } from '../resources/types.ts';
import { StoreError } from '../store/types.ts';
import type { WriteOptions, WriteResult } from './types.ts';
import { admit, keyOf, scopeNamespace, storageType, toStatusError } from './context.ts';
import { rfc3339 } from '../resources/time.ts';
import type { RegistryContext } from './context.ts';
import { generateName } from './generate-name.ts';
import { StatusError, conflict, notFound, qualifiedResource } from './status-error.ts';
import { completeCreate, prepareForCreate, prepareForUpdate, withStatus } from './strategy.ts';

const NAMESPACES = { group: '', plural: 'namespaces' } as const;

export function isTerminating(ns: Readonly<KubeObject>): boolean {
  return (
    (ns['status'] as { phase?: string } | undefined)?.phase === 'Terminating' ||
    !!ns.metadata.deletionTimestamp
  );
}

/** NamespaceLifecycle: creating in a namespace needs it to exist and not be terminating. */
export function checkNamespaceLifecycle(
  ctx: RegistryContext,
  rt: ResourceType,
  namespace: string,
  name: string,
): void {
  if (!rt.namespaced) return;
  const ns = ctx.store.get({ group: '', resource: 'namespaces' }, '', namespace);
  if (!ns) throw notFound(NAMESPACES, namespace);
  if (isTerminating(ns)) {
    const details: NonNullable<StatusError['details']> = { name, kind: rt.plural };
    if (rt.group) details.group = rt.group;
    details.causes = [
      {
        reason: 'NamespaceTerminating',
        message: `namespace ${namespace} is being terminated`,
        field: 'metadata.namespace',
      },
    ];
    throw new StatusError(
      403,
      'Forbidden',
      `${qualifiedResource(rt)} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
      details,
    );
  }
}

function result(
  obj: Readonly<KubeObject>,
  rt: ResourceType,
  version: string,
  warnings: string[],
  created: boolean,
): WriteResult {
  return { object: fromStorageVersion(obj, rt, version), warnings, created };
}

/** Stores a new object. `keepManagedFields`: the managedFields server-side apply computed. */
export function createObject(
  ctx: RegistryContext,
  rt: ResourceType,
  version: string,
  obj: KubeObject,
  opts: WriteOptions,
  warnings: string[],
  keepManagedFields = false,
): WriteResult {
  const managedFields = obj.metadata.managedFields;
  let stored = toStorageVersion(obj, rt);
  prepareForCreate(stored, rt);
  if (keepManagedFields && managedFields) stored.metadata.managedFields = structuredClone(managedFields);
  stored = applyDefaults(stored, storageType(rt));
  completeCreate(stored, rt);
  const namespace = scopeNamespace(rt, stored.metadata.namespace);
  checkNamespaceLifecycle(ctx, rt, namespace, stored.metadata.name ?? '');
  const dryRun = opts.dryRun ?? false;
  admit(ctx, { operation: 'CREATE', rt, object: stored, dryRun });

  const generate = !stored.metadata.name && !!stored.metadata.generateName;
  for (let attempt = 0; ; attempt++) {
    if (generate) stored.metadata.name = generateName(stored.metadata.generateName!);
    const name = stored.metadata.name ?? '';
    try {
      if (dryRun) {
        if (ctx.store.get(keyOf(rt), namespace, name)) throw new StoreError('AlreadyExists', name);
        const out = structuredClone(stored);
        out.metadata.uid = randomUUID();
        out.metadata.creationTimestamp = rfc3339(ctx.now());
        out.metadata.generation = 1;
        return result(out, rt, version, warnings, true);
      }
      return result(ctx.store.create(keyOf(rt), stored), rt, version, warnings, true);
    } catch (err) {
      if (generate && attempt < 7 && err instanceof StoreError && err.reason === 'AlreadyExists') continue;
      throw toStatusError(err, rt, name);
    }
  }
}

/** Deletes an object whose deletion waited for its finalizers once the last one is gone. */
function finishFinalized(
  ctx: RegistryContext,
  rt: ResourceType,
  obj: Readonly<KubeObject>,
): Readonly<KubeObject> {
  if (!obj.metadata.deletionTimestamp || (obj.metadata.finalizers?.length ?? 0) > 0) return obj;
  if (rt.storage.group === '' && rt.storage.resource === 'namespaces') return obj;
  return (
    ctx.store.delete(keyOf(rt), scopeNamespace(rt, obj.metadata.namespace), obj.metadata.name ?? '') ?? obj
  );
}

/**
 * Replaces the stored `old` with `obj` (main resource). `precondition`: a resourceVersion the
 * request requires (a PUT body's, or one a patch sets).
 */
export function updateObject(
  ctx: RegistryContext,
  rt: ResourceType,
  version: string,
  old: Readonly<KubeObject>,
  obj: KubeObject,
  opts: WriteOptions,
  warnings: string[],
  precondition: string | undefined,
): WriteResult {
  let stored = toStorageVersion(obj, rt);
  prepareForUpdate(stored, old, rt);
  stored = applyDefaults(stored, storageType(rt));
  return commitUpdate(ctx, rt, version, old, stored, opts, warnings, precondition);
}

/** The status subresource: only status changes. */
export function updateStatus(
  ctx: RegistryContext,
  rt: ResourceType,
  version: string,
  old: Readonly<KubeObject>,
  obj: KubeObject,
  opts: WriteOptions,
  warnings: string[],
  precondition: string | undefined,
): WriteResult {
  const stored = withStatus(old, toStorageVersion(obj, rt)['status']);
  return commitUpdate(ctx, rt, version, old, stored, opts, warnings, precondition);
}

/** Admission and the store write of an update; returns the stored object. */
export function storeUpdate(
  ctx: RegistryContext,
  rt: ResourceType,
  old: Readonly<KubeObject>,
  stored: KubeObject,
  opts: WriteOptions,
  precondition: string | undefined,
): Readonly<KubeObject> {
  const name = old.metadata.name ?? '';
  if (precondition !== undefined && precondition !== '' && precondition !== old.metadata.resourceVersion) {
    throw conflict(rt, name);
  }
  const dryRun = opts.dryRun ?? false;
  admit(ctx, { operation: 'UPDATE', rt, object: stored, old, dryRun });
  if (dryRun) {
    for (const k of ['uid', 'creationTimestamp', 'resourceVersion', 'generation'] as const) {
      if (old.metadata[k] !== undefined) (stored.metadata as Record<string, unknown>)[k] = old.metadata[k];
    }
    return stored;
  }
  try {
    return finishFinalized(ctx, rt, ctx.store.update(keyOf(rt), stored, old.metadata.resourceVersion));
  } catch (err) {
    throw toStatusError(err, rt, name);
  }
}

export function commitUpdate(
  ctx: RegistryContext,
  rt: ResourceType,
  version: string,
  old: Readonly<KubeObject>,
  stored: KubeObject,
  opts: WriteOptions,
  warnings: string[],
  precondition: string | undefined,
): WriteResult {
  return result(storeUpdate(ctx, rt, old, stored, opts, precondition), rt, version, warnings, false);
}
