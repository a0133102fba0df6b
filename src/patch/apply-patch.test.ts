// Server-side apply (simplified): creation with managedFields, merge by list keys, removal
// of fields a manager stops applying, shared ownership, conflicts and --force-conflicts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApplyConflictError, serverSideApply } from './apply-patch.ts';
import type { ApplyInput, ManagedFieldsEntry } from './apply-patch.ts';
import { rootType } from './patch-schema.ts';
import type { JsonMap } from './json.ts';

const T = '2026-11-26T14:00:00Z';

function manifest(
  opts: { replicas?: number; labels?: Record<string, string>; containers?: JsonMap[] } = {},
): JsonMap {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: opts.labels ?? { app: 'web' } },
    spec: {
      replicas: opts.replicas ?? 1,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: opts.containers ?? [{ name: 'nginx', image: 'nginx:1' }] },
      },
    },
  };
}

function apply(live: JsonMap | undefined, applied: JsonMap, manager = 'kubectl', force = false): JsonMap {
  const input: ApplyInput = {
    live,
    applied,
    manager,
    apiVersion: 'apps/v1',
    force,
    time: T,
    type: rootType('Deployment'),
    resetFields: ['status'],
  };
  return serverSideApply(input);
}

const managed = (o: JsonMap) => (o['metadata'] as { managedFields: ManagedFieldsEntry[] }).managedFields;
const spec = (o: JsonMap) => o['spec'] as { replicas: number; template: { spec: { containers: JsonMap[] } } };

void test('apply creates the object with one Apply entry whose fieldsV1 reads like the real one', () => {
  const out = apply(undefined, manifest());
  assert.equal(spec(out).replicas, 1);
  assert.deepEqual(managed(out), [
    {
      manager: 'kubectl',
      operation: 'Apply',
      apiVersion: 'apps/v1',
      time: T,
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
        'f:spec': {
          'f:replicas': {},
          'f:selector': {},
          'f:template': {
            'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
            'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
          },
        },
      },
    },
  ]);
});

void test('re-applying the same configuration changes nothing (the live object comes back)', () => {
  const live = Object.freeze(apply(undefined, manifest()));
  assert.equal(apply(live, manifest()), live);
});

void test('fields a manager stops applying are removed; fields nobody manages are kept', () => {
  let live = apply(
    undefined,
    manifest({
      labels: { app: 'web', tier: 'front' },
      containers: [
        { name: 'nginx', image: 'nginx:1' },
        { name: 'log', image: 'busybox' },
      ],
    }),
  );
  // Someone (not through apply) adds an annotation and a sidecar.
  (live['metadata'] as JsonMap)['annotations'] = { note: 'kept' };
  spec(live).template.spec.containers.push({ name: 'sidecar', image: 'envoy' });
  live = apply(live, manifest({ labels: { app: 'web' } }));
  assert.deepEqual((live['metadata'] as JsonMap)['labels'], { app: 'web' });
  assert.deepEqual((live['metadata'] as JsonMap)['annotations'], { note: 'kept' });
  assert.deepEqual(
    spec(live).template.spec.containers.map((c) => c['name']),
    ['nginx', 'sidecar'],
  );
});

void test('a field another manager applied with a different value conflicts; --force-conflicts takes it over', () => {
  const live = apply(undefined, manifest({ replicas: 1 }));
  assert.throws(
    () =>
      apply(
        live,
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 3 } },
        'hpa',
      ),
    (err: unknown) =>
      err instanceof ApplyConflictError &&
      err.message === 'Apply failed with 1 conflict: conflict with "kubectl" using apps/v1: .spec.replicas' &&
      err.conflicts[0]?.field === '.spec.replicas',
  );
  const forced = apply(
    live,
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 3 } },
    'hpa',
    true,
  );
  assert.equal(spec(forced).replicas, 3);
  const entries = managed(forced);
  assert.deepEqual(
    entries.map((e) => e.manager),
    ['kubectl', 'hpa'],
  );
  assert.equal(
    (entries[0]!.fieldsV1!['f:spec'] as JsonMap)['f:replicas'],
    undefined,
    'kubectl no longer owns replicas',
  );
});

void test('the same value applied by two managers is shared, not a conflict', () => {
  const live = apply(undefined, manifest({ replicas: 2 }));
  const out = apply(
    live,
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2 } },
    'other',
  );
  assert.equal(managed(out).length, 2);
  // kubectl dropping replicas now leaves it alone: "other" still owns it.
  const m = manifest();
  delete (m['spec'] as JsonMap)['replicas'];
  const after = apply(out, m);
  assert.equal(spec(after).replicas, 2);
});

void test('several conflicts are listed by manager', () => {
  const live = apply(undefined, manifest({ replicas: 1, containers: [{ name: 'nginx', image: 'nginx:1' }] }));
  assert.throws(
    () => apply(live, manifest({ replicas: 5, containers: [{ name: 'nginx', image: 'nginx:2' }] }), 'other'),
    (err: unknown) =>
      err instanceof ApplyConflictError &&
      err.message ===
        'Apply failed with 2 conflicts: conflicts with "kubectl" using apps/v1:\n- .spec.replicas\n- .spec.template.spec.containers[name="nginx"].image',
  );
});

void test('status is not applied through the main resource', () => {
  const out = apply(undefined, { ...manifest(), status: { replicas: 9 } });
  assert.equal(out['status'], undefined);
  assert.equal(managed(out)[0]!.fieldsV1!['f:status'], undefined);
});
