// Deletion as the API server and its controllers carry it out: objects with finalizers are
// marked (deletionTimestamp) until the last finalizer goes; dependents named by
// ownerReferences are deleted (Background: right after answering; Foreground: before the
// owner) or orphaned (their ownerReference removed); a Namespace turns Terminating, its
// content is deleted, then the Namespace itself.
import type { ResourceType } from '../resources/catalogue.ts';
import { RESOURCES, parseApiVersion } from '../resources/catalogue.ts';
import type { KubeObject, OwnerReference } from '../resources/types.ts';
import type { Key, WriteOp } from '../store/types.ts';
import { admit, getStored, keyOf, scopeNamespace } from './context.ts';
import { rfc3339 } from '../resources/time.ts';
import type { RegistryContext } from './context.ts';
import { StatusError } from './status-error.ts';
import { isTerminating } from './write-path.ts';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

const NAMESPACE_KEY: Key = { group: '', resource: 'namespaces' };
const IMMORTAL = new Set(['default', 'kube-system', 'kube-public']);

interface Stored {
  key: Key;
  object: Readonly<KubeObject>;
}

/** Every storage key once (aliases share their target's), with its scope. */
function storageKeys(): { key: Key; namespaced: boolean }[] {
  const seen = new Map<string, { key: Key; namespaced: boolean }>();
  for (const rt of RESOURCES) {
    const id = `${rt.storage.group}/${rt.storage.resource}`;
    if (!seen.has(id)) seen.set(id, { key: keyOf(rt), namespaced: rt.namespaced });
  }
  return [...seen.values()];
}

function dependentsOf(ctx: RegistryContext, owner: Readonly<KubeObject>): Stored[] {
  const uid = owner.metadata.uid;
  if (!uid) return [];
  const ns = owner.metadata.namespace;
  const out: Stored[] = [];
  for (const { key, namespaced } of storageKeys()) {
    if (ns && !namespaced) continue; // a namespaced owner has no cluster-scoped dependents
    for (const object of ctx.store.list(key, ns && namespaced ? ns : undefined)) {
      if (object.metadata.ownerReferences?.some((r) => r.uid === uid)) out.push({ key, object });
    }
  }
  return out;
}

/** Does the owner an ownerReference names still exist (same uid)? */
function ownerExists(ctx: RegistryContext, ref: OwnerReference, namespace: string | undefined): boolean {
  const { group } = parseApiVersion(ref.apiVersion);
  const rt = RESOURCES.find((r) => r.group === group && r.kind === ref.kind);
  if (!rt) return false;
  const obj = ctx.store.get(keyOf(rt), rt.namespaced ? (namespace ?? '') : '', ref.name);
  return obj?.metadata.uid === ref.uid;
}

function withoutOwner(obj: Readonly<KubeObject>, uid: string): KubeObject {
  const out = structuredClone(obj) as KubeObject;
  const refs = (out.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
  if (refs.length > 0) out.metadata.ownerReferences = refs;
  else delete out.metadata.ownerReferences;
  return out;
}

function report(err: unknown): void {
  if (err instanceof Error && err.message === 'store: closed') return;
  process.emitWarning(`garbage collection failed: ${err instanceof Error ? err.message : String(err)}`);
}

/** Deletes the dependents of an owner that is gone, and theirs, as the garbage collector does. */
export function collectGarbage(ctx: RegistryContext, owner: Readonly<KubeObject>): void {
  const queue: Readonly<KubeObject>[] = [owner];
  for (let o = queue.shift(); o; o = queue.shift()) {
    const uid = o.metadata.uid ?? '';
    for (const d of dependentsOf(ctx, o)) {
      const others = (d.object.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
      if (others.some((r) => ownerExists(ctx, r, d.object.metadata.namespace))) {
        ctx.store.update(d.key, withoutOwner(d.object, uid));
        continue;
      }
      const gone = ctx.store.delete(d.key, d.object.metadata.namespace ?? '', d.object.metadata.name ?? '');
      if (gone) queue.push(gone);
    }
  }
}

function orphanDependents(ctx: RegistryContext, owner: Readonly<KubeObject>): void {
  const uid = owner.metadata.uid ?? '';
  const ops: WriteOp[] = dependentsOf(ctx, owner).map((d) => ({
    op: 'update',
    key: d.key,
    object: withoutOwner(d.object, uid),
  }));
  if (ops.length > 0) ctx.store.commit(ops);
}

/** Namespace deletion: Terminating now; content and the namespace itself right after. */
function terminateNamespace(ctx: RegistryContext, ns: Readonly<KubeObject>): Readonly<KubeObject> {
  const name = ns.metadata.name ?? '';
  if (IMMORTAL.has(name)) {
    throw new StatusError(
      403,
      'Forbidden',
      `namespaces "${name}" is forbidden: this namespace may not be deleted`,
      {
        name,
        kind: 'namespaces',
      },
    );
  }
  if (isTerminating(ns)) return ns;
  const marked = structuredClone(ns) as KubeObject;
  marked.metadata.deletionTimestamp = rfc3339(ctx.now());
  marked['status'] = { ...(ns['status'] ?? {}), phase: 'Terminating' };
  const out = ctx.store.update(NAMESPACE_KEY, marked);
  setImmediate(() => {
    try {
      const ops: WriteOp[] = [];
      for (const { key, namespaced } of storageKeys()) {
        if (!namespaced) continue;
        for (const o of ctx.store.list(key, name))
          ops.push({ op: 'delete', key, namespace: name, name: o.metadata.name ?? '' });
      }
      ops.push({ op: 'delete', key: NAMESPACE_KEY, namespace: '', name });
      ctx.store.commit(ops);
    } catch (err) {
      report(err);
    }
  });
  return out;
}

/** DELETE: returns the deleted object, or the object marked for deletion (stored version). */
export function deleteObject(
  ctx: RegistryContext,
  rt: ResourceType,
  namespace: string,
  name: string,
  opts: { dryRun?: boolean; propagationPolicy?: PropagationPolicy },
): Readonly<KubeObject> {
  const old = getStored(ctx, rt, namespace, name);
  const dryRun = opts.dryRun ?? false;
  admit(ctx, { operation: 'DELETE', rt, object: structuredClone(old), old, dryRun });
  if (dryRun) return old;
  const key = keyOf(rt);
  if (key.group === '' && key.resource === 'namespaces') return terminateNamespace(ctx, old);
  if ((old.metadata.finalizers?.length ?? 0) > 0) {
    if (old.metadata.deletionTimestamp) return old;
    const marked = structuredClone(old) as KubeObject;
    marked.metadata.deletionTimestamp = rfc3339(ctx.now());
    (marked.metadata as Record<string, unknown>)['deletionGracePeriodSeconds'] = 0;
    return ctx.store.update(key, marked);
  }
  const policy = opts.propagationPolicy ?? 'Background';
  if (policy === 'Orphan') orphanDependents(ctx, old);
  else if (policy === 'Foreground') collectGarbage(ctx, old);
  const gone = ctx.store.delete(key, scopeNamespace(rt, namespace), name) ?? old;
  if (policy === 'Background') {
    setImmediate(() => {
      try {
        collectGarbage(ctx, gone);
      } catch (err) {
        report(err);
      }
    });
  }
  return gone;
}
