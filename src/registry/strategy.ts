// Per-kind rules the API server's registry strategies apply before storing: a resource with
// a status subresource ignores status on create and on updates of the main resource; a new
// Namespace is Active with the kubernetes finalizer; a new Pod is Pending with its QoS class;
// system metadata (deletionTimestamp, managedFields) is the server's, not the client's.
import type { ResourceType } from '../resources/catalogue.ts';
import { podQosClass } from '../resources/qos.ts';
import type { KubeObject } from '../resources/types.ts';

type Json = Record<string, unknown>;

function hasStatus(rt: ResourceType): boolean {
  return rt.subresources.includes('status');
}

function asMap(v: unknown): Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
}

/** Before defaulting, on the storage-version object of a create. */
export function prepareForCreate(obj: KubeObject, rt: ResourceType): void {
  delete obj.metadata.deletionTimestamp;
  delete (obj.metadata as Json)['deletionGracePeriodSeconds'];
  delete obj.metadata.managedFields;
  delete obj.metadata.uid;
  delete obj.metadata.generation;
  delete obj.metadata.creationTimestamp;
  delete (obj.metadata as Json)['selfLink'];
  if (hasStatus(rt)) delete obj['status'];
}

/** After defaulting, on a create: what PrepareForCreate sets for Namespaces and Pods. */
export function completeCreate(obj: KubeObject, rt: ResourceType): void {
  if (rt.group !== '') return;
  if (rt.kind === 'Namespace') {
    const spec = asMap(obj['spec']);
    if (!Array.isArray(spec['finalizers'])) spec['finalizers'] = ['kubernetes'];
    obj['spec'] = spec;
    const status = asMap(obj['status']);
    if (typeof status['phase'] !== 'string') status['phase'] = 'Active';
    obj['status'] = status;
  } else if (rt.kind === 'Pod') {
    const status = asMap(obj['status']);
    if (typeof status['phase'] !== 'string') status['phase'] = 'Pending';
    if (typeof status['qosClass'] !== 'string') status['qosClass'] = podQosClass(obj['spec']);
    obj['status'] = status;
  }
}

/** An update of the main resource: status and system metadata stay as stored. */
export function prepareForUpdate(obj: KubeObject, old: Readonly<KubeObject>, rt: ResourceType): void {
  const meta = obj.metadata as Json;
  const oldMeta = old.metadata as Json;
  for (const k of ['deletionTimestamp', 'deletionGracePeriodSeconds']) {
    if (oldMeta[k] === undefined) delete meta[k];
    else meta[k] = oldMeta[k];
  }
  if (meta['managedFields'] === undefined && oldMeta['managedFields'] !== undefined) {
    meta['managedFields'] = structuredClone(oldMeta['managedFields']);
  }
  if (hasStatus(rt)) {
    if (old['status'] === undefined) delete obj['status'];
    else obj['status'] = structuredClone(old['status']);
  }
  if (rt.group === '' && rt.kind === 'Namespace') {
    const spec = asMap(obj['spec']);
    const oldSpec = asMap(old['spec']);
    if (oldSpec['finalizers'] === undefined) delete spec['finalizers'];
    else spec['finalizers'] = structuredClone(oldSpec['finalizers']);
    obj['spec'] = spec;
  }
}

/** A status update: the stored object with the new status, nothing else. */
export function withStatus(old: Readonly<KubeObject>, status: unknown): KubeObject {
  const out = structuredClone(old) as KubeObject;
  if (status === undefined) delete out['status'];
  else out['status'] = structuredClone(status);
  return out;
}
