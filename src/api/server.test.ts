import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, startHarness } from './test-support/harness.ts';
import type { Harness } from './test-support/harness.ts';

const DISCOVERY_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

async function withServer(t: { after(fn: () => Promise<void>): void }): Promise<Harness> {
  const h = await startHarness();
  t.after(() => h.close());
  return h;
}

void test('auth: wrong token is 401 everywhere; anonymous only reads version and health', async (t) => {
  const h = await withServer(t);
  const cases: [string, string | null, number][] = [
    ['/version', 'wrong', 401],
    ['/api/v1/namespaces', 'wrong', 401],
    ['/api/v1/namespaces', null, 401],
    ['/apis', null, 401],
    ['/version', null, 200],
    ['/readyz', null, 200],
    ['/api/v1/namespaces', undefined as unknown as string, 200],
  ];
  for (const [path, token, code] of cases) {
    const r = await call(h.url, 'GET', path, token === undefined ? {} : { token });
    assert.equal(r.status, code, `${path} token=${String(token)}`);
    if (code === 401) {
      assert.deepEqual(r.json(), {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      });
    }
  }
});

void test('/version reports minor 32 with every field', async (t) => {
  const h = await withServer(t);
  const v = (await call(h.url, 'GET', '/version?timeout=32s')).json();
  assert.equal(v['major'], '1');
  assert.equal(v['minor'], '32');
  assert.equal(v['gitVersion'], 'v1.32.4-gangway');
  for (const f of ['gitCommit', 'gitTreeState', 'buildDate', 'goVersion', 'compiler', 'platform']) {
    assert.equal(typeof v[f], 'string', f);
  }
});

void test('health endpoints: ok, verbose, failing readiness, single checks', async (t) => {
  let ready = true;
  const h = await startHarness({ readiness: () => ({ ready, checks: [{ name: 'store', ok: ready }] }) });
  t.after(() => h.close());
  assert.equal((await call(h.url, 'GET', '/healthz')).text, 'ok');
  assert.equal((await call(h.url, 'GET', '/livez')).text, 'ok');
  const verbose = await call(h.url, 'GET', '/readyz?verbose');
  assert.equal(verbose.text, '[+]ping ok\n[+]log ok\n[+]store ok\n[+]shutdown ok\nreadyz check passed\n');
  assert.equal((await call(h.url, 'GET', '/readyz/ping')).text, 'ok');
  assert.equal((await call(h.url, 'GET', '/readyz/nope')).status, 404);
  ready = false;
  const failing = await call(h.url, 'GET', '/readyz');
  assert.equal(failing.status, 500);
  assert.match(failing.text, /\[-\]store failed: reason withheld\n/);
  assert.match(failing.text, /readyz check failed\n$/);
  assert.equal((await call(h.url, 'GET', '/readyz?exclude=store')).status, 200);
  assert.equal((await call(h.url, 'GET', '/livez')).status, 200);
});

void test('discovery: aggregated v2 with the exact content type, legacy otherwise', async (t) => {
  const h = await withServer(t);
  const agg = await call(h.url, 'GET', '/apis', { headers: { Accept: DISCOVERY_ACCEPT } });
  assert.equal(
    agg.headers['content-type'],
    'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
  );
  const body = agg.json() as { kind: string; items: { metadata: { name: string } }[] };
  assert.equal(body.kind, 'APIGroupDiscoveryList');
  assert.ok(body.items.some((i) => i.metadata.name === 'apps'));
  const core = (await call(h.url, 'GET', '/api', { headers: { Accept: DISCOVERY_ACCEPT } })).json() as {
    items: { metadata: Record<string, unknown> }[];
  };
  assert.equal(core.items.length, 1);
  assert.equal(core.items[0]!.metadata['name'], undefined);

  const legacy = await call(h.url, 'GET', '/api', { headers: { Accept: 'application/json, */*' } });
  assert.equal(legacy.headers['content-type'], 'application/json');
  assert.deepEqual((legacy.json() as { versions: string[] }).versions, ['v1']);
  const groups = (await call(h.url, 'GET', '/apis')).json() as { kind: string; groups: { name: string }[] };
  assert.equal(groups.kind, 'APIGroupList');
  assert.ok(groups.groups.some((g) => g.name === 'extensions'));
  const apps = (await call(h.url, 'GET', '/apis/apps/v1')).json() as { resources: { name: string }[] };
  assert.ok(apps.resources.some((r) => r.name === 'deployments/scale'));
  assert.equal((await call(h.url, 'GET', '/apis/apps')).json()['kind'], 'APIGroup');
});

void test('openapi: v3 index and documents, v2 is 404', async (t) => {
  const h = await withServer(t);
  const index = (await call(h.url, 'GET', '/openapi/v3')).json() as {
    paths: Record<string, { serverRelativeURL: string }>;
  };
  for (const p of [
    'api/v1',
    'apis/apps/v1',
    'apis/extensions/v1beta1',
    'apis/networking.istio.io/v1alpha3',
  ]) {
    assert.ok(index.paths[p], p);
  }
  const r = await call(h.url, 'GET', index.paths['apis/apps/v1']!.serverRelativeURL);
  assert.equal(r.status, 200);
  assert.equal(r.headers['cache-control'], 'public, immutable');
  const doc = r.json() as { paths: Record<string, Record<string, { parameters?: { name: string }[] }>> };
  const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']!['patch']!;
  assert.ok(patch.parameters!.some((p) => p.name === 'fieldValidation'));
  assert.equal((await call(h.url, 'GET', '/openapi/v2')).status, 404);
});

void test('unknown paths and resources are NotFound Status; unsupported verbs 405', async (t) => {
  const h = await withServer(t);
  for (const path of ['/nope', '/api/v1/namespaces/default/foos', '/apis/nope/v1/things', '/api/v1/pods/x']) {
    const r = await call(h.url, 'GET', path);
    assert.equal(r.status, 404, path);
    assert.deepEqual(r.json(), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server could not find the requested resource',
      reason: 'NotFound',
      details: {},
      code: 404,
    });
  }
  const cases: [string, string][] = [
    ['POST', '/api/v1/pods'],
    ['PUT', '/api/v1/namespaces/default/pods'],
    ['POST', '/api/v1/namespaces/default/pods/p'],
    ['DELETE', '/api/v1/namespaces'], // namespaces have no deletecollection
    ['PUT', '/api/v1/namespaces/default/pods/p/log'],
    ['POST', '/version'],
  ];
  for (const [method, path] of cases) {
    const r = await call(h.url, method, path, { body: {} });
    assert.equal(r.status, 405, `${method} ${path}`);
    assert.equal(r.json()['reason'], 'MethodNotAllowed');
  }
});

void test('status() and url reflect the listening server', async () => {
  const h = await startHarness();
  assert.equal(h.server.status().ready, true);
  assert.match(h.server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  await h.close();
  assert.equal(h.server.status().ready, false);
});
