import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, startHarness } from './test-support/harness.ts';
import type { Harness } from './test-support/harness.ts';
import { resourceForPlural } from '../resources/catalogue.ts';

const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

async function withServer(t: { after(fn: () => Promise<void>): void }): Promise<Harness> {
  const h = await startHarness();
  t.after(() => h.close());
  return h;
}

const deployment = (
  name: string,
  ns = 'default',
  extra: Record<string, unknown> = {},
): Record<string, unknown> => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: ns, labels: { app: name } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'web', image: 'nginx' }] },
    },
    ...extra,
  },
});

void test('create, get, list (sorted, Table), update, delete', async (t) => {
  const h = await withServer(t);
  const base = '/apis/apps/v1/namespaces/default/deployments';
  for (const name of ['b', 'a']) {
    const r = await call(h.url, 'POST', `${base}?fieldManager=kubectl-create&fieldValidation=Strict`, {
      body: deployment(name),
    });
    assert.equal(r.status, 201);
  }
  const dup = await call(h.url, 'POST', base, { body: deployment('a') });
  assert.equal(dup.status, 409);
  assert.equal(dup.json()['message'], 'deployments.apps "a" already exists');

  const got = (await call(h.url, 'GET', `${base}/a`)).json() as { metadata: { resourceVersion: string } };
  assert.ok(got.metadata.resourceVersion);
  const list = (await call(h.url, 'GET', `${base}?limit=500`)).json() as {
    kind: string;
    metadata: { resourceVersion: string };
    items: { metadata: { name: string } }[];
  };
  assert.equal(list.kind, 'DeploymentList');
  assert.equal(list.metadata.resourceVersion, String(h.store.resourceVersion));
  assert.deepEqual(
    list.items.map((i) => i.metadata.name),
    ['a', 'b'],
  );
  const all = (await call(h.url, 'GET', '/apis/apps/v1/deployments')).json() as { items: unknown[] };
  assert.equal(all.items.length, 2);

  const table = await call(h.url, 'GET', `${base}?limit=500`, { headers: { Accept: TABLE_ACCEPT } });
  assert.equal(table.headers['content-type'], 'application/json;as=Table;v=v1;g=meta.k8s.io');
  assert.equal(table.json()['kind'], 'Table');
  const one = await call(h.url, 'GET', `${base}/a`, { headers: { Accept: TABLE_ACCEPT } });
  assert.equal(one.json()['kind'], 'Table');
  const partial = await call(h.url, 'GET', `${base}/a`, {
    headers: { Accept: 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1' },
  });
  assert.equal(partial.json()['kind'], 'PartialObjectMetadata');

  const mismatch = await call(h.url, 'PUT', `${base}/a`, { body: deployment('b') });
  assert.equal(mismatch.status, 400);
  assert.equal(
    mismatch.json()['message'],
    'the name of the object (b) does not match the name on the URL (a)',
  );
  const wrongNs = await call(h.url, 'POST', base, { body: deployment('c', 'kube-system') });
  assert.equal(wrongNs.status, 400);

  const stale = { ...deployment('a'), metadata: { name: 'a', namespace: 'default', resourceVersion: '1' } };
  const conflict = await call(h.url, 'PUT', `${base}/a`, { body: stale });
  assert.equal(conflict.status, 409);
  assert.equal(conflict.json()['reason'], 'Conflict');
  const put = await call(h.url, 'PUT', `${base}/a?fieldManager=kubectl-replace`, {
    body: deployment('a', 'default', { replicas: 3 }),
  });
  assert.equal(put.status, 200);

  const del = await call(h.url, 'DELETE', `${base}/a`, { body: { propagationPolicy: 'Background' } });
  assert.equal(del.status, 200);
  assert.equal((del.json()['metadata'] as { name: string }).name, 'a');
  assert.equal((await call(h.url, 'GET', `${base}/a`)).status, 404);
  const gone = await call(h.url, 'DELETE', `${base}/a`);
  assert.equal(gone.json()['message'], 'deployments.apps "a" not found');

  const pre = await call(h.url, 'DELETE', `${base}/b`, { body: { preconditions: { uid: 'nope' } } });
  assert.equal(pre.status, 409);
  assert.match(pre.json()['message'] as string, /^Precondition failed: UID in precondition: nope/);
  const coll = await call(h.url, 'DELETE', `${base}?labelSelector=app%3Db`);
  assert.equal(coll.status, 200);
  assert.equal((coll.json()['items'] as unknown[]).length, 1);
});

void test('POST into a missing namespace is 404 namespaces "x" not found', async (t) => {
  const h = await withServer(t);
  const r = await call(h.url, 'POST', '/apis/apps/v1/namespaces/ghost/deployments', {
    body: deployment('a', 'ghost'),
  });
  assert.equal(r.status, 404);
  assert.equal(r.json()['message'], 'namespaces "ghost" not found');
});

void test('patch types, 201 on apply-create, 415s, option validation', async (t) => {
  const h = await withServer(t);
  const base = '/apis/apps/v1/namespaces/default/deployments';
  await call(h.url, 'POST', base, { body: deployment('d') });
  const patch = (type: string, body: unknown, query = ''): ReturnType<typeof call> =>
    call(h.url, 'PATCH', `${base}/d${query}`, {
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'Content-Type': type },
    });
  const merge = await patch('application/merge-patch+json', { spec: { replicas: 2 } });
  assert.equal(merge.status, 200);
  assert.equal((merge.json()['spec'] as { replicas: number }).replicas, 2);
  const json = await patch('application/json-patch+json', [
    { op: 'replace', path: '/spec/replicas', value: 4 },
  ]);
  assert.equal((json.json()['spec'] as { replicas: number }).replicas, 4);
  const smp = await patch('application/strategic-merge-patch+json', { spec: { replicas: 5 } });
  assert.equal(smp.status, 200);
  const yaml = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: e\nspec:\n  replicas: 1\n';
  const applied = await call(h.url, 'PATCH', `${base}/e?fieldManager=kubectl&force=false`, {
    body: yaml,
    headers: { 'Content-Type': 'application/apply-patch+yaml' },
  });
  assert.equal(applied.status, 201);
  const noManager = await call(h.url, 'PATCH', `${base}/e`, {
    body: yaml,
    headers: { 'Content-Type': 'application/apply-patch+yaml' },
  });
  assert.equal(noManager.status, 422);
  assert.equal(
    noManager.json()['message'],
    'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
  );
  const forced = await patch('application/merge-patch+json', {}, '?force=true');
  assert.equal(forced.status, 422);
  const unknown = await patch('text/plain', 'x');
  assert.equal(unknown.status, 415);
  const badJson = await patch('application/merge-patch+json', '{nope');
  assert.equal(badJson.status, 400);
  const dry = await patch('application/merge-patch+json', {}, '?dryRun=Some');
  assert.equal(dry.status, 422);

  await call(h.url, 'POST', '/apis/networking.istio.io/v1/namespaces/default/virtualservices', {
    body: {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'vs' },
      spec: {},
    },
  });
  const crdSmp = await call(
    h.url,
    'PATCH',
    '/apis/networking.istio.io/v1/namespaces/default/virtualservices/vs',
    {
      body: '{}',
      headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
    },
  );
  assert.equal(crdSmp.status, 415);
  assert.equal(
    crdSmp.json()['message'],
    'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
  );
});

void test('scale subresource: GET, PUT and PATCH', async (t) => {
  const h = await withServer(t);
  const base = '/apis/apps/v1/namespaces/default/deployments';
  await call(h.url, 'POST', base, { body: deployment('d') });
  const scale = (await call(h.url, 'GET', `${base}/d/scale`)).json();
  assert.equal(scale['kind'], 'Scale');
  assert.equal(scale['apiVersion'], 'autoscaling/v1');
  const patched = await call(h.url, 'PATCH', `${base}/d/scale?fieldManager=kubectl-scale`, {
    body: '{"spec":{"replicas":3}}',
    headers: { 'Content-Type': 'application/merge-patch+json' },
  });
  assert.equal(patched.status, 200);
  assert.equal((patched.json()['spec'] as { replicas: number }).replicas, 3);
  const put = await call(h.url, 'PUT', `${base}/d/scale`, {
    body: {
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: { name: 'd', namespace: 'default' },
      spec: { replicas: 6 },
    },
  });
  assert.equal(put.status, 200);
  const d = (await call(h.url, 'GET', `${base}/d`)).json() as { spec: { replicas: number } };
  assert.equal(d.spec.replicas, 6);
});

void test('warnings: deprecated versions and fieldValidation=Warn', async (t) => {
  const h = await withServer(t);
  const ing = await call(h.url, 'GET', '/apis/extensions/v1beta1/namespaces/default/ingresses');
  assert.equal(
    ing.headers['warning'],
    '299 - "extensions/v1beta1 Ingress is deprecated in v1.14+, unavailable in v1.22+; use networking.k8s.io/v1 Ingress"',
  );
  const warn = await call(h.url, 'POST', '/api/v1/namespaces/default/services?fieldValidation=Warn', {
    body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { foo: 1 } },
  });
  assert.equal(warn.status, 201);
  assert.equal(warn.headers['warning'], '299 - "unknown field \\"spec.foo\\""');
  const strict = await call(h.url, 'POST', '/api/v1/namespaces/default/services?fieldValidation=Strict', {
    body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 't' }, spec: { foo: 1 } },
  });
  assert.equal(strict.status, 400);
});

void test('bodies over 3 MiB are 413; handler bugs are 500 InternalError and the server lives on', async (t) => {
  const h = await withServer(t);
  const big = await call(h.url, 'POST', '/api/v1/namespaces/default/configmaps', {
    body: { metadata: { name: 'x' }, data: { a: 'x'.repeat(3 * 1024 * 1024) } },
  });
  assert.equal(big.status, 413);
  assert.equal(big.json()['reason'], 'RequestEntityTooLarge');

  const pods = resourceForPlural('', 'pods')!;
  const original = h.registry.list.bind(h.registry);
  h.registry.list = (rt, ...rest) => {
    if (rt === pods) throw new Error('boom');
    return original(rt, ...rest);
  };
  const r = await call(h.url, 'GET', '/api/v1/namespaces/default/pods');
  assert.equal(r.status, 500);
  assert.equal(r.json()['reason'], 'InternalError');
  assert.equal(r.json()['message'], 'Internal error occurred: boom');
  assert.equal((await call(h.url, 'GET', '/version')).status, 200);
});
