// PATCH through the registry: each patch type on built-in kinds, CRDs and subresources, the
// "no change" answer kubectl relies on, preconditions, strict field validation of patches,
// and server-side apply (create, re-apply, conflicts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../resources/types.ts';
import { CM, DEPLOY, VS, assertStatus, configMap, deployment, setup } from './test-helpers.ts';

const containers = (o: KubeObject) =>
  (o['spec'] as { template: { spec: { containers: { name: string; image: string }[] } } }).template.spec
    .containers;

void test('strategic merge on a Deployment merges containers by name and bumps generation', async () => {
  const { reg } = await setup();
  reg.create(DEPLOY, 'v1', 'default', deployment('d'));
  const r = reg.patch(DEPLOY, 'v1', 'default', 'd', 'strategic', {
    spec: {
      template: {
        spec: {
          containers: [
            { name: 'web', image: 'nginx:2' },
            { name: 'side', image: 'envoy' },
          ],
        },
      },
    },
  });
  assert.deepEqual(
    containers(r.object).map((c) => `${c.name}=${c.image}`),
    ['web=nginx:2', 'side=envoy'],
  );
  assert.equal(r.object.metadata.generation, 2);
  assert.equal(r.created, false);
});

void test('a patch that changes nothing returns the same resourceVersion (kubectl: patched (no change))', async () => {
  const { reg } = await setup();
  const before = reg.create(CM, 'v1', 'default', configMap('a', { k: 'v' })).object;
  for (const [type, patch] of [
    ['strategic', { data: { k: 'v' } }],
    ['merge', { metadata: { labels: null } }],
    ['json', [{ op: 'test', path: '/data/k', value: 'v' }]],
  ] as const) {
    const r = reg.patch(CM, 'v1', 'default', 'a', type, patch);
    assert.equal(r.object.metadata.resourceVersion, before.metadata.resourceVersion, type);
  }
});

void test('merge patch (kubectl label / annotate) and json patch', async () => {
  const { reg } = await setup();
  reg.create(CM, 'v1', 'default', configMap('a', {}, { labels: { x: '1', y: '2' } }));
  const labeled = reg.patch(
    CM,
    'v1',
    'default',
    'a',
    'merge',
    JSON.stringify({ metadata: { labels: { x: null, z: '3' } } }),
  );
  assert.deepEqual(labeled.object.metadata.labels, { y: '2', z: '3' });
  const jp = reg.patch(CM, 'v1', 'default', 'a', 'json', [{ op: 'add', path: '/data/k', value: 'v' }]);
  assert.deepEqual(jp.object['data'], { k: 'v' });
});

void test('patch errors are worded as the API server words them', async () => {
  const { reg } = await setup();
  reg.create(CM, 'v1', 'default', configMap('a'));
  assertStatus(
    () => reg.patch(CM, 'v1', 'default', 'nope', 'merge', {}),
    404,
    'NotFound',
    'configmaps "nope" not found',
  );
  assertStatus(
    () => reg.patch(CM, 'v1', 'default', 'a', 'json', [{ op: 'test', path: '/data/k', value: 'x' }]),
    422,
    'Invalid',
    'the server rejected our request due to an error in our request',
  );
  assertStatus(
    () => reg.patch(CM, 'v1', 'default', 'a', 'json', { op: 'add' }),
    400,
    'BadRequest',
    'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
  );
  assertStatus(() => reg.patch(CM, 'v1', 'default', 'a', 'merge', '{not json'), 400, 'BadRequest');
  assertStatus(
    () => reg.patch(CM, 'v1', 'default', 'a', 'merge', { metadata: { name: 'b' } }),
    400,
    'BadRequest',
    'the name of the object (b) does not match the name on the URL (a)',
  );
  // A patched object that no longer decodes: 422 on "patch", quoting the patch as Go prints it.
  assertStatus(
    () => reg.patch(CM, 'v1', 'default', 'a', 'strategic', { metadata: { finalizers: [['x']] } }),
    422,
    'Invalid',
    /^ "" is invalid: patch: Invalid value: "map\[metadata:map\[finalizers:\[\[x\]\]\]\]": /,
  );
  assertStatus(
    () => reg.patch(CM, 'v1', 'default', 'a', 'strategic', { metadata: { $patch: 'frob' } }),
    500,
    'InternalError',
    'Internal error occurred: unknown patch type: frob in map: map[$patch:frob]',
  );
});

void test('a resourceVersion in the patch is a precondition', async () => {
  const { reg } = await setup();
  const a = reg.create(CM, 'v1', 'default', configMap('a')).object;
  reg.patch(CM, 'v1', 'default', 'a', 'merge', { data: { x: '1' } });
  assertStatus(
    () =>
      reg.patch(CM, 'v1', 'default', 'a', 'merge', {
        metadata: { resourceVersion: a.metadata.resourceVersion },
        data: { x: '2' },
      }),
    409,
    'Conflict',
    /^Operation cannot be fulfilled on configmaps "a"/,
  );
});

void test('strategic merge on a custom resource is 415 with the message kubectl prints', async () => {
  const { reg } = await setup();
  const vs = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'vs' },
    spec: { hosts: ['a'] },
  };
  reg.create(VS, 'v1', 'default', vs);
  assertStatus(
    () => reg.patch(VS, 'v1', 'default', 'vs', 'strategic', { spec: { hosts: ['b'] } }),
    415,
    'UnsupportedMediaType',
    'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
  );
  const merged = reg.patch(VS, 'v1', 'default', 'vs', 'merge', { spec: { hosts: ['b'] } });
  assert.deepEqual((merged.object['spec'] as { hosts: string[] }).hosts, ['b']);
});

void test('Strict patches with unknown fields are 422 on the "patch" field; Warn warns', async () => {
  const { reg } = await setup();
  reg.create(DEPLOY, 'v1', 'default', deployment('d'));
  const err = assertStatus(
    () =>
      reg.patch(
        DEPLOY,
        'v1',
        'default',
        'd',
        'strategic',
        { spec: { foo: 1 } },
        { fieldValidation: 'Strict' },
      ),
    422,
    'Invalid',
    ' "" is invalid: patch: Invalid value: "map[spec:map[foo:1]]": strict decoding error: unknown field "spec.foo"',
  );
  assert.deepEqual(err.details?.causes?.[0]?.field, 'patch');
  const merged = assertStatus(
    () =>
      reg.patch(DEPLOY, 'v1', 'default', 'd', 'merge', { spec: { foo: 1 } }, { fieldValidation: 'Strict' }),
    422,
    'Invalid',
  );
  assert.match(
    merged.message,
    /^ "" is invalid: patch: Invalid value: "\{\\"apiVersion\\":\\"apps\/v1\\",.*strict decoding error: unknown field "spec.foo"$/,
  );
  const warned = reg.patch(DEPLOY, 'v1', 'default', 'd', 'merge', { spec: { foo: 1 } });
  assert.deepEqual(warned.warnings, ['unknown field "spec.foo"']);
});

void test('patching status changes status only', async () => {
  const { reg } = await setup();
  reg.create(DEPLOY, 'v1', 'default', deployment('d'));
  const r = reg.patch(
    DEPLOY,
    'v1',
    'default',
    'd',
    'merge',
    { spec: { replicas: 5 }, status: { readyReplicas: 1 } },
    {},
    'status',
  );
  assert.deepEqual(r.object['status'], { readyReplicas: 1 });
  assert.equal((r.object['spec'] as { replicas: number }).replicas, 1);
  const main = reg.patch(DEPLOY, 'v1', 'default', 'd', 'merge', { status: { readyReplicas: 2 } });
  assert.deepEqual(main.object['status'], { readyReplicas: 1 }, 'the main resource ignores status');
});

void test('server-side apply creates a missing object (created), re-applies without change, and conflicts', async () => {
  const { reg } = await setup();
  const manifest = deployment('d', 2);
  const first = reg.patch(DEPLOY, 'v1', 'default', 'd', 'apply', JSON.stringify(manifest), {
    fieldManager: 'kubectl',
    fieldValidation: 'Strict',
  });
  assert.equal(first.created, true);
  const mf = first.object.metadata.managedFields as { manager: string; operation: string }[];
  assert.deepEqual(
    mf.map((e) => `${e.manager}/${e.operation}`),
    ['kubectl/Apply'],
  );
  const again = reg.patch(DEPLOY, 'v1', 'default', 'd', 'apply', manifest, { fieldManager: 'kubectl' });
  assert.equal(again.created, false);
  assert.equal(again.object.metadata.resourceVersion, first.object.metadata.resourceVersion);

  const err = assertStatus(
    () => reg.patch(DEPLOY, 'v1', 'default', 'd', 'apply', deployment('d', 5), { fieldManager: 'other' }),
    409,
    'Conflict',
    'Apply failed with 1 conflict: conflict with "kubectl" using apps/v1: .spec.replicas',
  );
  assert.deepEqual(err.details?.causes, [
    {
      reason: 'FieldManagerConflict',
      message: 'conflict with "kubectl" using apps/v1',
      field: '.spec.replicas',
    },
  ]);
  const forced = reg.patch(DEPLOY, 'v1', 'default', 'd', 'apply', deployment('d', 5), {
    fieldManager: 'other',
    force: true,
  });
  assert.equal((forced.object['spec'] as { replicas: number }).replicas, 5);
});

void test('server-side apply errors: fieldManager required, version must match, YAML must parse', async () => {
  const { reg } = await setup();
  assertStatus(
    () => reg.patch(CM, 'v1', 'default', 'a', 'apply', configMap('a'), {}),
    422,
    'Invalid',
    'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
  );
  assertStatus(
    () =>
      reg.patch(
        CM,
        'v1',
        'default',
        'a',
        'apply',
        { ...configMap('a'), apiVersion: 'v2' },
        { fieldManager: 'm' },
      ),
    400,
    'BadRequest',
    'Incorrect version specified in apply patch. Specified patch version: v2, expected: v1',
  );
  assertStatus(
    () => reg.patch(CM, 'v1', 'default', 'a', 'apply', 'a: [', { fieldManager: 'm' }),
    400,
    'BadRequest',
    /^error decoding YAML: /,
  );
  assertStatus(
    () =>
      reg.patch(
        CM,
        'v1',
        'default',
        'a',
        'apply',
        { ...configMap('a'), foo: 1 },
        { fieldManager: 'm', fieldValidation: 'Strict' },
      ),
    400,
    'BadRequest',
    'failed to create typed patch object (/v1, Kind=ConfigMap): .foo: field not declared in schema',
  );
  const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n';
  const created = reg.patch(CM, 'v1', 'default', 'a', 'apply', yaml, { fieldManager: 'm' });
  assert.deepEqual(created.object['data'], { k: 'v' });
});
