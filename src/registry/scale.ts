// The scale subresource of Deployments and ReplicaSets: an autoscaling/v1 Scale built from
// the object (spec.replicas, status.replicas, the selector as a string), and a Scale written
// back as spec.replicas.
import type { ResourceType } from '../resources/catalogue.ts';
import type { KubeObject } from '../resources/types.ts';
import { selectorString, type LabelSelector } from '../resources/label-selector.ts';
import { badRequest, invalid, methodNotSupported } from './status-error.ts';

export const SCALE_RT = { group: 'autoscaling', kind: 'Scale' } as const;

export function requireScale(rt: ResourceType): void {
  if (!rt.subresources.includes('scale')) {
    throw methodNotSupported(`the server does not allow this method on the requested resource`);
  }
}

export function scaleOf(obj: Readonly<KubeObject>): KubeObject {
  const spec = (obj['spec'] ?? {}) as { replicas?: number; selector?: LabelSelector };
  const status = (obj['status'] ?? {}) as { replicas?: number };
  const metadata: KubeObject['metadata'] = { name: obj.metadata.name ?? '' };
  if (obj.metadata.namespace) metadata.namespace = obj.metadata.namespace;
  for (const k of ['uid', 'resourceVersion', 'creationTimestamp'] as const) {
    if (obj.metadata[k] !== undefined) metadata[k] = obj.metadata[k];
  }
  const scaleStatus: Record<string, unknown> = { replicas: status.replicas ?? 0 };
  const selector = selectorString(spec.selector);
  if (selector) scaleStatus['selector'] = selector;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata,
    spec: spec.replicas === undefined ? {} : { replicas: spec.replicas },
    status: scaleStatus,
  };
}

/** Checks a Scale body (already parsed) and returns its replicas. */
export function replicasOf(scale: Record<string, unknown>, name: string): number {
  const text = (v: unknown, dflt: string): string =>
    typeof v === 'string' && v !== '' ? v : v === undefined ? dflt : JSON.stringify(v);
  const apiVersion = text(scale['apiVersion'], 'autoscaling/v1');
  const kind = text(scale['kind'], 'Scale');
  if (apiVersion !== 'autoscaling/v1') {
    throw badRequest(
      `the API version in the data (${apiVersion}) does not match the expected API version (autoscaling/v1)`,
    );
  }
  if (kind !== 'Scale') {
    throw badRequest(
      `${kind} in version "v1" cannot be handled as a Scale: no kind "${kind}" is registered for version "autoscaling/v1" in scheme "pkg/api/legacyscheme/scheme.go:30"`,
    );
  }
  const meta = (scale['metadata'] ?? {}) as { name?: unknown };
  const objName = text(meta.name, '');
  if (objName !== name) {
    throw badRequest(`the name of the object (${objName}) does not match the name on the URL (${name})`);
  }
  const spec = (scale['spec'] ?? {}) as { replicas?: unknown };
  const replicas = spec.replicas ?? 0;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas)) {
    throw badRequest(
      `Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal ${typeof replicas} into Go struct field ScaleSpec.spec.replicas of type int32`,
    );
  }
  if (replicas < 0) {
    throw invalid(SCALE_RT, name, [
      {
        reason: 'FieldValueInvalid',
        field: 'spec.replicas',
        message: `Invalid value: ${replicas}: must be greater than or equal to 0`,
      },
    ]);
  }
  return replicas;
}
