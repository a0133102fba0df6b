// `gangway get` against a fake API: tables, formats, names, errors in kubectl's words.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeApi, type FakeApi } from '../test-support/fake-api.ts';
import { fakeResources, type FakeResources } from '../test-support/fake-resources.ts';
import { deployment, namespace, pod, service } from '../test-support/objects.ts';
import { runCli } from '../test-support/run-cli.ts';

async function cluster(t: TestContext): Promise<{ api: FakeApi; res: FakeResources }> {
  const res = fakeResources([
    namespace('default'),
    namespace('test-ns'),
    service('test-ns', 'test-svc', '127.1.96.10'),
    service('default', 'kubernetes', '127.1.96.1'),
    pod('test-ns', 'web-1'),
    deployment('test-ns', 'test-deploy'),
  ]);
  const api = await startFakeApi(res.handler);
  t.after(() => api.close());
  return { api, res };
}

void test('get TYPE prints the server Table as kubectl does', async (t) => {
  const { api } = await cluster(t);
  const r = await runCli(api.home, ['get', 'svc', '-n', 'test-ns']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    'NAME       TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)   AGE\n' +
      'test-svc   ClusterIP   127.1.96.10   <none>        80/TCP    10m\n',
  );
  const req = api.requests.at(-1)!;
  assert.equal(req.path, '/api/v1/namespaces/test-ns/services');
  assert.equal(req.query.get('limit'), '500');
  assert.match(String(req.headers.accept), /as=Table;v=v1;g=meta\.k8s\.io/);
});

void test('get -o wide, -A and several types', async (t) => {
  const { api } = await cluster(t);
  const wide = await runCli(api.home, ['get', 'svc', '-n', 'test-ns', '-o', 'wide']);
  assert.match(wide.stdout, /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\s+SELECTOR\n/);
  const all = await runCli(api.home, ['get', 'svc', '-A']);
  assert.match(all.stdout, /^NAMESPACE\s+NAME\s+TYPE/);
  assert.match(all.stdout, /\ndefault\s+kubernetes\s+ClusterIP/);
  assert.equal(api.requests.at(-1)!.path, '/api/v1/services');
  const multi = await runCli(api.home, ['get', 'deploy,svc', '-n', 'test-ns']);
  assert.match(
    multi.stdout,
    /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\ndeployment\.apps\/test-deploy\s+1\/1/,
  );
  assert.match(multi.stdout, /\n\nNAME\s+TYPE\s+CLUSTER-IP.*\nservice\/test-svc\s+ClusterIP/);
});

void test('an empty list says so on stderr, as kubectl does', async (t) => {
  const { api } = await cluster(t);
  const r = await runCli(api.home, ['get', 'pods']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'No resources found in default namespace.\n');
  const a = await runCli(api.home, ['get', 'ing', '-A']);
  assert.equal(a.stderr, 'No resources found\n');
});

void test('a missing object is reported after the found ones and exits 1', async (t) => {
  const { api } = await cluster(t);
  const r = await runCli(api.home, ['get', 'svc', 'test-svc', 'nope', '-n', 'test-ns']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^NAME\s+TYPE.*\ntest-svc\s+ClusterIP/);
  assert.equal(r.stderr, 'Error from server (NotFound): services "nope" not found\n');
  const g = await runCli(api.home, ['get', 'deploy/nope', '-n', 'test-ns']);
  assert.equal(g.stderr, 'Error from server (NotFound): deployments.apps "nope" not found\n');
  const i = await runCli(api.home, ['get', 'svc', 'nope', '--ignore-not-found']);
  assert.equal(i.code, 0);
  assert.equal(i.stderr, '');
});

void test('get -o yaml / json: a named object bare, several in a List', async (t) => {
  const { api } = await cluster(t);
  const one = await runCli(api.home, ['get', 'svc', 'test-svc', '-n', 'test-ns', '-o', 'yaml']);
  assert.equal(one.code, 0);
  assert.match(
    one.stdout,
    /^apiVersion: v1\nkind: Service\nmetadata:\n {2}creationTimestamp: "2025-01-01T00:00:00Z"\n/,
  );
  const list = await runCli(api.home, ['get', 'svc', '-n', 'test-ns', '-o', 'json']);
  const parsed = JSON.parse(list.stdout) as { kind: string; items: { kind: string }[]; metadata: unknown };
  assert.equal(parsed.kind, 'List');
  assert.deepEqual(parsed.metadata, { resourceVersion: '' });
  assert.equal(parsed.items[0]!.kind, 'Service');
  assert.match(list.stdout, /^\{\n {4}"apiVersion": "v1",\n {4}"items": \[/);
});

void test('get -o name and -o jsonpath', async (t) => {
  const { api } = await cluster(t);
  const names = await runCli(api.home, ['get', 'deploy,svc,po', '-n', 'test-ns', '-o', 'name']);
  assert.equal(names.stdout, 'deployment.apps/test-deploy\nservice/test-svc\npod/web-1\n');
  const jp = await runCli(api.home, ['get', 'svc', '-A', '-o', 'jsonpath={.items[*].metadata.name}']);
  assert.equal(jp.stdout, 'kubernetes test-svc');
  const one = await runCli(api.home, [
    'get',
    'svc',
    'test-svc',
    '-n',
    'test-ns',
    '-o=jsonpath={.spec.clusterIP}',
  ]);
  assert.equal(one.stdout, '127.1.96.10');
});

void test('get -l sends the label selector', async (t) => {
  const { api } = await cluster(t);
  const r = await runCli(api.home, ['get', 'svc', '-A', '-l', 'app=test-svc', '-o', 'name']);
  assert.equal(r.stdout, 'service/test-svc\n');
  assert.equal(api.requests.at(-1)!.query.get('labelSelector'), 'app=test-svc');
});

const ERRORS: { argv: string[]; stderr: RegExp }[] = [
  { argv: ['get'], stderr: /^You must specify the type of resource to get\./ },
  { argv: ['get', 'nope'], stderr: /^error: the server doesn't have a resource type "nope"\n$/ },
  {
    argv: ['get', 'svc', 'x', '-A'],
    stderr: /^error: a resource cannot be retrieved by name across all namespaces\n$/,
  },
  {
    argv: ['get', 'svc', '-o', 'foo'],
    stderr: /^error: unable to match a printer suitable for the output format "foo"/,
  },
  {
    argv: ['get', 'svc', '-o', 'jsonpath'],
    stderr: /^error: template format specified but no template given\n$/,
  },
  {
    argv: ['get', 'svc', '-o', 'jsonpath={.items[}'],
    stderr: /^error: error parsing jsonpath \{\.items\[\}/,
  },
];

for (const e of ERRORS) {
  void test(`gangway ${e.argv.join(' ')} fails as kubectl would`, async (t) => {
    const { api } = await cluster(t);
    const r = await runCli(api.home, e.argv);
    assert.equal(r.code, 1);
    assert.match(r.stderr, e.stderr);
  });
}
