// `gangway apply -f` against a fake API: diagnostics per file, namespaces first, server-side
// apply requests with the last-applied annotation, created/configured/unchanged.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LAST_APPLIED_ANNOTATION } from '../../resources/last-applied.ts';
import { startFakeApi, type FakeApi } from '../test-support/fake-api.ts';
import { fakeResources, type FakeResources } from '../test-support/fake-resources.ts';
import { namespace } from '../test-support/objects.ts';
import { runCli } from '../test-support/run-cli.ts';

const APP = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: test-deploy
  namespace: test-ns
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginxdemos/hello
---
apiVersion: v1
kind: Service
metadata:
  name: test-svc
spec:
  selector: {app: web}
  ports:
  - port: 80
---
apiVersion: v1
kind: Namespace
metadata:
  name: test-ns
`;

const BAD = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: bad-deploy
spec:
  replicas: "two"
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginxdemos/hello
`;

async function setup(t: TestContext): Promise<{ api: FakeApi; res: FakeResources; dir: string }> {
  const res = fakeResources([namespace('default')]);
  const api = await startFakeApi(res.handler);
  t.after(() => api.close());
  const dir = join(api.home, 'manifests');
  await mkdir(dir);
  await writeFile(join(dir, 'app.yaml'), APP);
  await writeFile(join(dir, 'bad.yaml'), BAD);
  return { api, res, dir };
}

void test('apply: a file with an error applies nothing, the others apply, namespaces first', async (t) => {
  const { api } = await setup(t);
  const r = await runCli(api.home, ['apply', '-f', 'manifests/bad.yaml', '-f', 'manifests/app.yaml'], {
    cwd: api.home,
  });
  assert.equal(r.code, 1);
  assert.equal(
    r.stdout,
    'namespace/test-ns created\ndeployment.apps/test-deploy created\nservice/test-svc created\n',
  );
  assert.match(
    r.stderr,
    /^manifests\/bad\.yaml:6:13: error: Deployment bad-deploy: spec\.replicas: json: cannot unmarshal string into Go struct field DeploymentSpec\.spec\.replicas of type int32\n/,
  );
  assert.match(r.stderr, /manifests\/bad\.yaml: not applied: 1 error\n/);

  const patches = api.requests.filter((q) => q.method === 'PATCH');
  assert.deepEqual(
    patches.map((q) => q.path),
    [
      '/api/v1/namespaces/test-ns',
      '/apis/apps/v1/namespaces/test-ns/deployments/test-deploy',
      '/api/v1/namespaces/default/services/test-svc',
    ],
  );
  for (const q of patches) {
    assert.equal(q.headers['content-type'], 'application/apply-patch+yaml');
    assert.equal(q.query.get('fieldManager'), 'gangway');
    assert.equal(q.query.get('force'), 'true');
  }
  const svc = JSON.parse(patches[2]!.body) as {
    metadata: { namespace: string; annotations: Record<string, string> };
  };
  assert.equal(svc.metadata.namespace, 'default');
  assert.equal(
    svc.metadata.annotations[LAST_APPLIED_ANNOTATION],
    '{"apiVersion":"v1","kind":"Service","metadata":{"annotations":{},"name":"test-svc","namespace":"default"},"spec":{"ports":[{"port":80}],"selector":{"app":"web"}}}\n',
  );
});

void test('apply again: unchanged; a change: configured', async (t) => {
  const { api, dir } = await setup(t);
  const first = await runCli(api.home, ['apply', '-f', join(dir, 'app.yaml')]);
  assert.equal(first.code, 0, first.stderr);
  const again = await runCli(api.home, ['apply', '-f', join(dir, 'app.yaml')]);
  assert.equal(
    again.stdout,
    'namespace/test-ns unchanged\ndeployment.apps/test-deploy unchanged\nservice/test-svc unchanged\n',
  );
  await writeFile(join(dir, 'app.yaml'), APP.replace('replicas: 1', 'replicas: 2'));
  const changed = await runCli(api.home, ['apply', '-f', join(dir, 'app.yaml')]);
  assert.equal(changed.code, 0);
  assert.equal(
    changed.stdout,
    'namespace/test-ns unchanged\ndeployment.apps/test-deploy configured\nservice/test-svc unchanged\n',
  );
});

void test('apply -n: objects without a namespace go there; a conflicting one is refused', async (t) => {
  const { api, dir } = await setup(t);
  const r = await runCli(api.home, ['apply', '-f', join(dir, 'app.yaml'), '-n', 'other']);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /error: the namespace from the provided object "test-ns" does not match the namespace "other"\. You must pass '--namespace=test-ns' to perform this operation\./,
  );
  assert.match(r.stdout, /service\/test-svc created/);
  assert.ok(api.requests.some((q) => q.path === '/api/v1/namespaces/other/services/test-svc'));
});

void test('apply: server errors are printed as kubectl prints them, with the file', async (t) => {
  const res = fakeResources([]);
  const api = await startFakeApi((req) =>
    req.method === 'PATCH' && req.path.includes('/services/')
      ? {
          status: 422,
          json: {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            reason: 'Invalid',
            code: 422,
            message:
              'Service "test-svc" is invalid: spec.ports[0].nodePort: Invalid value: 30218: provided port is already allocated',
            details: {
              name: 'test-svc',
              kind: 'Service',
              causes: [
                {
                  reason: 'FieldValueInvalid',
                  field: 'spec.ports[0].nodePort',
                  message: 'Invalid value: 30218: provided port is already allocated',
                },
              ],
            },
          },
        }
      : req.method === 'PATCH' && req.path.includes('/deployments/')
        ? {
            status: 404,
            json: {
              kind: 'Status',
              apiVersion: 'v1',
              metadata: {},
              status: 'Failure',
              reason: 'NotFound',
              code: 404,
              message: 'namespaces "test-ns" not found',
              details: { name: 'test-ns', kind: 'namespaces' },
            },
          }
        : res.handler(req),
  );
  t.after(() => api.close());
  const file = join(api.home, 'app.yaml');
  await writeFile(file, APP.replace(/---\napiVersion: v1\nkind: Namespace[\s\S]*$/, ''));
  const r = await runCli(api.home, ['apply', '-f', file]);
  assert.equal(r.code, 1);
  assert.equal(
    r.stderr,
    `Error from server (NotFound): error when creating "${file}": namespaces "test-ns" not found\n` +
      'The Service "test-svc" is invalid: spec.ports[0].nodePort: Invalid value: 30218: provided port is already allocated\n',
  );
});

void test('apply without -f, or with a missing path', async (t) => {
  const { api } = await setup(t);
  const none = await runCli(api.home, ['apply']);
  assert.equal(none.code, 1);
  assert.equal(none.stderr, 'error: must specify one of -f and -k\n');
  const missing = await runCli(api.home, ['apply', '-f', 'nope.yaml'], { cwd: api.home });
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, 'error: the path "nope.yaml" does not exist\n');
});
