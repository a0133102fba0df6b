// `gangway delete`, `logs` and `describe` against a fake API.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startFakeApi, type FakeApi } from '../test-support/fake-api.ts';
import { fakeResources, type FakeResources } from '../test-support/fake-resources.ts';
import { deployment, namespace, pod, service } from '../test-support/objects.ts';
import { runCli } from '../test-support/run-cli.ts';

async function cluster(t: TestContext): Promise<{ api: FakeApi; res: FakeResources }> {
  const res = fakeResources([
    namespace('test-ns'),
    service('test-ns', 'test-svc', '127.1.96.10'),
    service('test-ns', 'other-svc', '127.1.96.11'),
    deployment('test-ns', 'test-deploy'),
    pod('test-ns', 'web-1'),
    pod('test-ns', 'web-2', { containers: ['web', 'sidecar'] }),
    pod('test-ns', 'web-3', { phase: 'Pending', ready: false }),
  ]);
  const api = await startFakeApi(res.handler);
  t.after(() => api.close());
  return { api, res };
}

void test("delete TYPE NAME prints kubectl 1.32's line and waits for the object to go", async (t) => {
  const { api, res } = await cluster(t);
  const r = await runCli(api.home, ['delete', 'svc', 'test-svc', '-n', 'test-ns']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'service "test-svc" deleted\n');
  const del = api.requests.find((q) => q.method === 'DELETE')!;
  assert.equal(del.path, '/api/v1/namespaces/test-ns/services/test-svc');
  assert.deepEqual(JSON.parse(del.body), { propagationPolicy: 'Background' });
  assert.ok(!res.objects.some((o) => o.metadata.name === 'test-svc'));
  const d = await runCli(api.home, ['delete', 'deploy/test-deploy', '-n', 'test-ns']);
  assert.equal(d.stdout, 'deployment.apps "test-deploy" deleted\n');
});

void test('delete: NotFound as kubectl prints it; --ignore-not-found', async (t) => {
  const { api } = await cluster(t);
  const r = await runCli(api.home, ['delete', 'svc', 'nope', 'test-svc', '-n', 'test-ns']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'Error from server (NotFound): services "nope" not found\n');
  assert.equal(r.stdout, 'service "test-svc" deleted\n');
  const i = await runCli(api.home, ['delete', 'svc', 'nope', '-n', 'test-ns', '--ignore-not-found']);
  assert.equal(i.code, 0);
  assert.equal(i.stderr, '');
});

void test('delete -f deletes the objects of a manifest; -l and --all select', async (t) => {
  const { api } = await cluster(t);
  const file = join(api.home, 'svc.yaml');
  await writeFile(
    file,
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: test-svc\n  namespace: test-ns\nspec:\n  ports:\n  - port: 80\n',
  );
  const r = await runCli(api.home, ['delete', '-f', file]);
  assert.equal(r.stdout, 'service "test-svc" deleted\n');
  const again = await runCli(api.home, ['delete', '-f', file]);
  assert.equal(again.code, 1);
  assert.equal(
    again.stderr,
    `Error from server (NotFound): error when deleting "${file}": services "test-svc" not found\n`,
  );
  const none = await runCli(api.home, ['delete', 'pods', '-n', 'test-ns']);
  assert.equal(none.code, 1);
  assert.equal(none.stderr, 'error: resource(s) were provided, but no name was specified\n');
  const all = await runCli(api.home, ['delete', 'pods', '--all', '-n', 'test-ns', '--wait=false']);
  assert.equal(all.stdout, 'pod "web-1" deleted\npod "web-2" deleted\npod "web-3" deleted\n');
  const nothing = await runCli(api.home, ['delete']);
  assert.match(nothing.stderr, /^error: You must provide one or more resources by argument or filename\./);
});

void test('logs POD, -c, the default container, deploy/NAME', async (t) => {
  const { api, res } = await cluster(t);
  res.logs.set('test-ns/web-1/web', 'line 1\nline 2\n');
  res.logs.set('test-ns/web-2/web', 'from web-2\n');
  res.logs.set('test-ns/web-2/sidecar', 'from the sidecar\n');
  const one = await runCli(api.home, ['logs', 'web-1', '-n', 'test-ns', '--tail', '2', '--timestamps']);
  assert.equal(one.code, 0, one.stderr);
  assert.equal(one.stdout, 'line 1\nline 2\n');
  const q = api.requests.at(-1)!;
  assert.equal(q.path, '/api/v1/namespaces/test-ns/pods/web-1/log');
  assert.equal(q.query.get('container'), 'web');
  assert.equal(q.query.get('tailLines'), '2');
  assert.equal(q.query.get('timestamps'), 'true');
  assert.equal(q.query.get('follow'), null);
  const two = await runCli(api.home, ['logs', 'pod/web-2', '-n', 'test-ns']);
  assert.equal(two.stderr, 'Defaulted container "web" out of: web, sidecar\n');
  assert.equal(two.stdout, 'from web-2\n');
  const side = await runCli(api.home, ['logs', 'web-2', '-c', 'sidecar', '-n', 'test-ns']);
  assert.equal(side.stdout, 'from the sidecar\n');
  const deploy = await runCli(api.home, ['logs', 'deploy/test-deploy', '-n', 'test-ns']);
  assert.equal(deploy.stderr, 'Found 3 pods, using pod/web-1\n');
  assert.equal(deploy.stdout, 'line 1\nline 2\n');
  const missing = await runCli(api.home, ['logs', 'nope', '-n', 'test-ns']);
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, 'Error from server (NotFound): pods "nope" not found\n');
});

void test('describe prints the object and asks for its events as kubectl does', async (t) => {
  const { api } = await cluster(t);
  const r = await runCli(api.home, ['describe', 'svc', 'test', '-n', 'test-ns']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Name:\s+test-svc\nNamespace:\s+test-ns\n/);
  assert.doesNotMatch(r.stdout, /other-svc/);
  assert.match(r.stdout, /Events:\s+<none>\n$/);
  const ev = api.requests.find((q) => q.path === '/api/v1/namespaces/test-ns/events')!;
  assert.equal(
    ev.query.get('fieldSelector'),
    'involvedObject.uid=uid-svc-test-svc,involvedObject.name=test-svc,involvedObject.namespace=test-ns',
  );
  assert.ok(
    api.requests.some(
      (q) =>
        q.path === '/apis/discovery.k8s.io/v1/namespaces/test-ns/endpointslices' &&
        q.query.get('labelSelector') === 'kubernetes.io/service-name=test-svc',
    ),
  );
  const both = await runCli(api.home, ['describe', 'svc', '-n', 'test-ns']);
  assert.match(
    both.stdout,
    /Name:\s+other-svc[\s\S]*\n\n\nName:\s+test-svc|Name:\s+other-svc[\s\S]*\n\nName:\s+test-svc/,
  );
  const missing = await runCli(api.home, ['describe', 'svc', 'zzz', '-n', 'test-ns']);
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, 'Error from server (NotFound): services "zzz" not found\n');
});
