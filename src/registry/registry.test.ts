// The registry's create, read, update and subresource paths, and the API server's wording
// of every error kubectl prints from them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../resources/types.ts';
import { CM, DEPLOY, NS, SVC, assertStatus, configMap, deployment, setup } from './test-helpers.ts';

void test('create stores the object, answers created, and reads back in the request version', async () => {
  const { reg, store } = await setup();
  const r = reg.create(CM, 'v1', 'default', configMap('a', { k: 'v' }), { fieldValidation: 'Strict' });
  assert.equal(r.created, true);
  assert.deepEqual(r.warnings, []);
  assert.equal(r.object.metadata.namespace, 'default');
  assert.equal(r.object.metadata.creationTimestamp, '2026-11-26T14:00:00Z');
  assert.equal(r.object.metadata.resourceVersion, String(store.resourceVersion));
  assert.deepEqual(reg.get(CM, 'v1', 'default', 'a'), r.object);
  assert.equal(Object.isFrozen(reg.get(CM, 'v1', 'default', 'a')), false, 'callers get their own copy');
  const list = reg.list(CM, 'v1', 'default');
  assert.deepEqual(
    list.items.map((o) => o.metadata.name),
    ['a'],
  );
  assert.equal(list.resourceVersion, String(store.resourceVersion));
  assertStatus(() => reg.get(CM, 'v1', 'default', 'nope'), 404, 'NotFound', 'configmaps "nope" not found');
  assertStatus(
    () => reg.get(DEPLOY, 'v1', 'default', 'nope'),
    404,
    'NotFound',
    'deployments.apps "nope" not found',
  );
});

void test('a body without apiVersion and kind takes them from the URL', async () => {
  const { reg } = await setup();
  const r = reg.create(CM, 'v1', 'default', { metadata: { name: 'bare' } });
  assert.equal(r.object.apiVersion, 'v1');
  assert.equal(r.object.kind, 'ConfigMap');
});

void test('a body sent as JSON text is parsed', async () => {
  const { reg } = await setup();
  const r = reg.create(CM, 'v1', 'default', JSON.stringify(configMap('text')));
  assert.equal(r.object.metadata.name, 'text');
});

const createErrors: {
  name: string;
  body: unknown;
  ns?: string;
  code: number;
  reason: string;
  message: string | RegExp;
}[] = [
  {
    name: 'not an object',
    body: [1],
    code: 400,
    reason: 'BadRequest',
    message:
      'couldn\'t get version/kind; json parse error: json: cannot unmarshal array into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }',
  },
  {
    name: 'another apiVersion',
    body: { ...configMap('x'), apiVersion: 'apps/v1' },
    code: 400,
    reason: 'BadRequest',
    message: 'the API version in the data (apps/v1) does not match the expected API version (v1)',
  },
  {
    name: 'another kind',
    body: { ...configMap('x'), kind: 'Secret' },
    code: 400,
    reason: 'BadRequest',
    message:
      /^Secret in version "v1" cannot be handled as a ConfigMap: no kind "Secret" is registered for version "v1"/,
  },
  {
    name: 'a namespace other than the URL',
    body: configMap('x', {}, { namespace: 'other' }),
    code: 400,
    reason: 'BadRequest',
    message: 'the namespace of the provided object does not match the namespace sent on the request',
  },
  {
    name: 'a missing namespace',
    body: configMap('x'),
    ns: 'ghost',
    code: 404,
    reason: 'NotFound',
    message: 'namespaces "ghost" not found',
  },
  {
    name: 'neither name nor generateName',
    body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} },
    code: 422,
    reason: 'Invalid',
    message: 'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required',
  },
  {
    name: 'a resourceVersion',
    body: configMap('x', {}, { resourceVersion: '12' }),
    code: 400,
    reason: 'BadRequest',
    message: 'resourceVersion should not be set on objects to be created',
  },
  {
    name: 'already there',
    body: configMap('exists'),
    code: 409,
    reason: 'AlreadyExists',
    message: 'configmaps "exists" already exists',
  },
];

for (const c of createErrors) {
  void test(`create error: ${c.name}`, async () => {
    const { reg } = await setup();
    reg.create(CM, 'v1', 'default', configMap('exists'));
    assertStatus(
      () => reg.create(CM, 'v1', c.ns ?? 'default', c.body, { fieldValidation: 'Strict' }),
      c.code,
      c.reason,
      c.message,
    );
  });
}

void test('AlreadyExists names a grouped resource with its group', async () => {
  const { reg } = await setup();
  reg.create(DEPLOY, 'v1', 'default', deployment('d'));
  const err = assertStatus(
    () => reg.create(DEPLOY, 'v1', 'default', deployment('d')),
    409,
    'AlreadyExists',
    'deployments.apps "d" already exists',
  );
  assert.deepEqual(err.details, { name: 'd', group: 'apps', kind: 'deployments' });
});

const svc = (spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 's' },
  spec,
});

void test('fieldValidation: Strict rejects unknown fields (400), Warn warns and drops them, Ignore drops them', async () => {
  const { reg } = await setup();
  assertStatus(
    () =>
      reg.create(SVC, 'v1', 'default', svc({ ports: [{ port: 80 }], foo: 1 }), { fieldValidation: 'Strict' }),
    400,
    'BadRequest',
    'Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.foo"',
  );
  const warned = reg.create(SVC, 'v1', 'default', svc({ ports: [{ port: 80 }], foo: 1 }), {
    fieldValidation: 'Warn',
  });
  assert.deepEqual(warned.warnings, ['unknown field "spec.foo"']);
  assert.equal((warned.object['spec'] as Record<string, unknown>)['foo'], undefined);
  reg.delete(SVC, 'v1', 'default', 's');
  const ignored = reg.create(SVC, 'v1', 'default', svc({ ports: [{ port: 80 }], foo: 1 }), {
    fieldValidation: 'Ignore',
  });
  assert.deepEqual(ignored.warnings, []);
  assert.equal((ignored.object['spec'] as Record<string, unknown>)['foo'], undefined);
});

void test("a field of the wrong type is a 400 in the decoder's words", async () => {
  const { reg } = await setup();
  assertStatus(
    () => reg.create(SVC, 'v1', 'default', svc({ ports: 'eighty' })),
    400,
    'BadRequest',
    /^Service in version "v1" cannot be handled as a Service: /,
  );
});

void test('semantic failures are 422 Invalid with causes', async () => {
  const { reg } = await setup();
  const err = assertStatus(() => reg.create(CM, 'v1', 'default', configMap('Not_Valid')), 422, 'Invalid');
  assert.equal(err.details?.kind, 'ConfigMap');
  assert.equal(err.details?.name, 'Not_Valid');
  assert.ok(err.details?.causes?.some((c) => c.field === 'metadata.name'));
});

void test('generateName appends five characters from the Kubernetes alphabet', async () => {
  const { reg } = await setup();
  const names = new Set<string>();
  for (let i = 0; i < 20; i++) {
    const r = reg.create(CM, 'v1', 'default', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { generateName: 'web-' },
    });
    assert.match(r.object.metadata.name ?? '', /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    names.add(r.object.metadata.name ?? '');
  }
  assert.equal(names.size, 20);
});

void test('a namespace that is being terminated refuses new content with 403', async () => {
  const { reg } = await setup(['default', 'doomed']);
  reg.create(CM, 'v1', 'doomed', configMap('keep-it-busy'));
  reg.delete(NS, 'v1', '', 'doomed');
  const err = assertStatus(
    () => reg.create(DEPLOY, 'v1', 'doomed', deployment('late')),
    403,
    'Forbidden',
    'deployments.apps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated',
  );
  assert.deepEqual(err.details?.causes, [
    {
      reason: 'NamespaceTerminating',
      message: 'namespace doomed is being terminated',
      field: 'metadata.namespace',
    },
  ]);
});

void test('new Namespaces are Active with the kubernetes finalizer; cluster-scoped objects have no namespace', async () => {
  const { reg } = await setup([]);
  const r = reg.create(NS, 'v1', 'ignored', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'n', namespace: 'x' },
    status: { phase: 'Terminating' },
  });
  assert.equal(r.object.metadata.namespace, undefined);
  assert.deepEqual(r.object['status'], { phase: 'Active' });
  assert.deepEqual((r.object['spec'] as { finalizers: string[] }).finalizers, ['kubernetes']);
});

void test('update: Conflict on a stale resourceVersion, unconditional without one, no-op keeps the version', async () => {
  const { reg } = await setup();
  const a = reg.create(CM, 'v1', 'default', configMap('a', { v: '1' })).object;
  const b = reg.update(CM, 'v1', 'default', 'a', { ...a, data: { v: '2' } }).object;
  assert.notEqual(b.metadata.resourceVersion, a.metadata.resourceVersion);
  const err = assertStatus(
    () => reg.update(CM, 'v1', 'default', 'a', { ...a, data: { v: '3' } }),
    409,
    'Conflict',
    'Operation cannot be fulfilled on configmaps "a": the object has been modified; please apply your changes to the latest version and try again',
  );
  assert.deepEqual(err.details, { name: 'a', kind: 'configmaps' });
  const c = reg.update(CM, 'v1', 'default', 'a', configMap('a', { v: '3' })).object;
  assert.deepEqual(c['data'], { v: '3' });
  const same = reg.update(CM, 'v1', 'default', 'a', c);
  assert.equal(same.object.metadata.resourceVersion, c.metadata.resourceVersion);
  assert.equal(same.created, false);
});

void test('update errors: name and namespace must match the URL; the object must exist', async () => {
  const { reg } = await setup();
  reg.create(CM, 'v1', 'default', configMap('a'));
  assertStatus(
    () => reg.update(CM, 'v1', 'default', 'a', configMap('b')),
    400,
    'BadRequest',
    'the name of the object (b) does not match the name on the URL (a)',
  );
  assertStatus(
    () => reg.update(CM, 'v1', 'default', 'a', configMap('a', {}, { namespace: 'x' })),
    400,
    'BadRequest',
    'the namespace of the object (x) does not match the namespace on the request (default)',
  );
  assertStatus(
    () => reg.update(CM, 'v1', 'default', 'zz', configMap('zz')),
    404,
    'NotFound',
    'configmaps "zz" not found',
  );
});

void test('the main resource ignores status; generation follows spec; the status subresource changes status only', async () => {
  const { reg } = await setup();
  const d = reg.create(DEPLOY, 'v1', 'default', { ...deployment('d'), status: { replicas: 5 } }).object;
  assert.equal(d['status'], undefined);
  assert.equal(d.metadata.generation, 1);
  const withStatus = reg.update(DEPLOY, 'v1', 'default', 'd', { ...d, status: { replicas: 9 } });
  assert.equal(
    withStatus.object.metadata.resourceVersion,
    d.metadata.resourceVersion,
    'a status-only change through the main resource is a no-op',
  );
  const scaled = reg.update(DEPLOY, 'v1', 'default', 'd', {
    ...d,
    spec: { ...(d['spec'] as object), replicas: 3 },
  }).object;
  assert.equal(scaled.metadata.generation, 2);
  const st = reg.updateSubresource(DEPLOY, 'v1', 'default', 'd', 'status', {
    ...scaled,
    spec: { ...(scaled['spec'] as object), replicas: 7 },
    status: { replicas: 3, observedGeneration: 2 },
  }).object;
  assert.deepEqual(st['status'], { replicas: 3, observedGeneration: 2 });
  assert.equal((st['spec'] as { replicas: number }).replicas, 3, 'spec is not changed through status');
  assert.equal(st.metadata.generation, 2);
  assertStatus(
    () => reg.updateSubresource(CM, 'v1', 'default', 'x', 'status', configMap('x')),
    404,
    'NotFound',
  );
});

void test('scale: autoscaling/v1 Scale with the selector as a string; writes set spec.replicas', async () => {
  const { reg } = await setup();
  const d = reg.create(DEPLOY, 'v1', 'default', deployment('d', 2)).object;
  const scale = reg.getScale(DEPLOY, 'default', 'd');
  assert.deepEqual(scale, {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: 'd',
      namespace: 'default',
      uid: d.metadata.uid,
      resourceVersion: d.metadata.resourceVersion,
      creationTimestamp: d.metadata.creationTimestamp,
    },
    spec: { replicas: 2 },
    status: { replicas: 0, selector: 'app=d' },
  });
  const put = reg.updateSubresource(DEPLOY, 'v1', 'default', 'd', 'scale', {
    ...scale,
    spec: { replicas: 4 },
  });
  assert.equal((put.object['spec'] as { replicas: number }).replicas, 4);
  assert.equal((reg.get(DEPLOY, 'v1', 'default', 'd')['spec'] as { replicas: number }).replicas, 4);
  const patched = reg.patch(DEPLOY, 'v1', 'default', 'd', 'merge', { spec: { replicas: 3 } }, {}, 'scale');
  assert.equal(patched.object.kind, 'Scale');
  assert.equal((reg.get(DEPLOY, 'v1', 'default', 'd')['spec'] as { replicas: number }).replicas, 3);
  assertStatus(
    () => reg.patch(DEPLOY, 'v1', 'default', 'd', 'merge', { spec: { replicas: -1 } }, {}, 'scale'),
    422,
    'Invalid',
    /^Scale.autoscaling "d" is invalid: spec\.replicas: Invalid value: -1: must be greater than or equal to 0$/,
  );
  assertStatus(
    () => reg.updateSubresource(DEPLOY, 'v1', 'default', 'd', 'scale', { ...scale, spec: { replicas: 1 } }),
    409,
    'Conflict',
    /^Operation cannot be fulfilled on deployments\.apps "d"/,
  );
  assertStatus(() => reg.getScale(CM, 'default', 'x'), 405, 'MethodNotAllowed');
});

void test('dry run answers as if written and writes nothing', async () => {
  const { reg, store } = await setup();
  const rv = store.resourceVersion;
  const r = reg.create(CM, 'v1', 'default', configMap('dry'), { dryRun: true });
  assert.equal(r.created, true);
  assert.ok(r.object.metadata.uid);
  assert.equal(store.resourceVersion, rv);
  assertStatus(() => reg.get(CM, 'v1', 'default', 'dry'), 404, 'NotFound');
});

void test('admission plugins see the defaulted storage object and can reject it', async () => {
  const seen: string[] = [];
  const admission = new Map([
    [
      '/configmaps',
      [
        (req: { operation: string; object: KubeObject }) => {
          seen.push(`${req.operation} ${req.object.metadata.name ?? ''}`);
          return req.object.metadata.name === 'bad'
            ? [
                {
                  reason: 'FieldValueInvalid',
                  field: 'metadata.name',
                  message: 'Invalid value: "bad": not here',
                },
              ]
            : [];
        },
      ],
    ],
  ]);
  const { reg } = await setup(['default'], admission);
  reg.create(CM, 'v1', 'default', configMap('good'));
  assertStatus(
    () => reg.create(CM, 'v1', 'default', configMap('bad')),
    422,
    'Invalid',
    'ConfigMap "bad" is invalid: metadata.name: Invalid value: "bad": not here',
  );
  reg.delete(CM, 'v1', 'default', 'good');
  assert.deepEqual(seen, ['CREATE good', 'CREATE bad', 'DELETE good']);
});
