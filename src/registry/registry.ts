// createRegistry: the read and write path of the API over the store, shared by api/
// (kubectl) and cli/ (gangway apply -f). Reads convert from the storage version to the
// requested one; writes decode, validate, default, convert, admit and store (write-path.ts),
// patch (patch-path.ts) and delete (deletion.ts) as the Kubernetes API server does.
import type { ResourceType } from '../resources/catalogue.ts';
import { fromStorageVersion } from '../resources/convert.ts';
import type { KubeObject } from '../resources/types.ts';
import type { Store } from '../store/types.ts';
import type { Admission } from './admission.ts';
import type { Registry, WriteOptions } from './types.ts';
import { checkCreateNamespace, checkName, checkTypeMeta, parseJsonObject } from './body.ts';
import { getStored, keyOf } from './context.ts';
import type { RegistryContext } from './context.ts';
import { deleteObject } from './deletion.ts';
import { patchObject } from './patch-path.ts';
import { replicasOf, requireScale, scaleOf } from './scale.ts';
import { compileSelectors } from './selectors.ts';
import { badRequest, invalid, notFound } from './status-error.ts';
import { validateWrite } from './validation.ts';
import { createObject, storeUpdate, updateObject, updateStatus } from './write-path.ts';

export interface RegistryOptions {
  now?: () => Date;
}

function mode(opts: WriteOptions | undefined): NonNullable<WriteOptions['fieldValidation']> {
  return opts?.fieldValidation ?? 'Warn';
}

function requireStatus(rt: ResourceType, name: string): void {
  if (!rt.subresources.includes('status')) throw notFound(rt, name);
}

export function createRegistry(store: Store, admission: Admission, opts: RegistryOptions = {}): Registry {
  const ctx: RegistryContext = { store, admission, now: opts.now ?? (() => new Date()) };

  return {
    get(rt, version, namespace, name) {
      return fromStorageVersion(getStored(ctx, rt, namespace, name), rt, version);
    },

    list(rt, version, namespace, selectors) {
      const match = compileSelectors(selectors);
      const ns = rt.namespaced && namespace ? namespace : undefined;
      const items = store
        .list(keyOf(rt), ns)
        .filter(match)
        .map((o) => fromStorageVersion(o, rt, version));
      return { items, resourceVersion: String(store.resourceVersion) };
    },

    matches(obj, selectors) {
      return compileSelectors(selectors)(obj);
    },

    create(rt, version, namespace, body, wopts = {}) {
      const obj = checkTypeMeta(parseJsonObject(body), rt, version);
      checkCreateNamespace(obj, rt, namespace);
      if (obj.metadata.resourceVersion)
        throw badRequest('resourceVersion should not be set on objects to be created');
      if (!obj.metadata.name && !obj.metadata.generateName) {
        throw invalid(rt, '', [
          {
            reason: 'FieldValueRequired',
            field: 'metadata.name',
            message: 'Required value: name or generateName is required',
          },
        ]);
      }
      const warnings = validateWrite(obj, rt, version, mode(wopts), { kind: 'body' });
      return createObject(ctx, rt, version, obj, wopts, warnings);
    },

    update(rt, version, namespace, name, body, wopts = {}) {
      const obj = checkTypeMeta(parseJsonObject(body), rt, version);
      checkName(obj, rt, namespace, name);
      const old = getStored(ctx, rt, namespace, name);
      const warnings = validateWrite(obj, rt, version, mode(wopts), { kind: 'body' });
      return updateObject(ctx, rt, version, old, obj, wopts, warnings, obj.metadata.resourceVersion);
    },

    updateSubresource(rt, version, namespace, name, sub, body) {
      if (sub === 'scale') {
        requireScale(rt);
        const scale = parseJsonObject(body);
        const replicas = replicasOf(scale, name);
        const old = getStored(ctx, rt, namespace, name);
        const rv = (scale['metadata'] as { resourceVersion?: string } | undefined)?.resourceVersion;
        const next = structuredClone(old) as KubeObject;
        next['spec'] = { ...(old['spec'] as object | undefined), replicas };
        return { object: scaleOf(storeUpdate(ctx, rt, old, next, {}, rv)), warnings: [], created: false };
      }
      requireStatus(rt, name);
      const obj = checkTypeMeta(parseJsonObject(body), rt, version);
      checkName(obj, rt, namespace, name);
      const old = getStored(ctx, rt, namespace, name);
      const warnings = validateWrite(obj, rt, version, 'Ignore', { kind: 'body' });
      return updateStatus(ctx, rt, version, old, obj, {}, warnings, obj.metadata.resourceVersion);
    },

    patch(rt, version, namespace, name, type, patch, wopts = {}, sub) {
      return patchObject(ctx, rt, version, namespace, name, type, patch, wopts, sub);
    },

    delete(rt, version, namespace, name, dopts = {}) {
      return fromStorageVersion(deleteObject(ctx, rt, namespace, name, dopts), rt, version);
    },

    getScale(rt, namespace, name) {
      requireScale(rt);
      return scaleOf(getStored(ctx, rt, namespace, name));
    },
  };
}
