// Real kubectl (the machine's /usr/bin/kubectl dispatcher, running kubectl 1.32) against the
// ApiServer. Served over TLS with a throwaway CA: client-go sends bearer tokens only over TLS
// (clientcmd applies user credentials only when the transport is TLS), so a plain-HTTP server
// would see every request anonymous.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KUBECTL, startKubectlHarness } from './test-support/kubectl.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const APP = `apiVersion: v1
kind: Namespace
metadata:
  name: test-ns
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: test-deploy
  namespace: test-ns
  labels: {app: web}
spec:
  replicas: REPLICAS
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
  namespace: test-ns
spec:
  selector: {app: web}
  ports:
  - port: 80
`;

const POD = `apiVersion: v1
kind: Pod
metadata: {name: web-1, namespace: test-ns, labels: {app: web}}
spec:
  containers: [{name: web, image: nginxdemos/hello}]
`;

void test('real kubectl drives the API', { skip: !existsSync(KUBECTL) && 'no kubectl' }, async (t) => {
  const { dir, h, kubectl, base, env } = await startKubectlHarness(t, 'gangway-api-kubectl-');
  const ok = async (...args: string[]): Promise<string> => {
    const r = await kubectl(...args);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const file = async (name: string, text: string): Promise<string> => {
    const p = join(dir, name);
    await writeFile(p, text);
    return p;
  };

  const version = await ok('version');
  assert.match(version, /Server Version: v1\.32\.4-gangway/);
  assert.doesNotMatch(version, /WARNING/);

  const resources = await ok('api-resources');
  assert.match(resources, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
  assert.match(resources, /^ingresses\s+extensions\/v1beta1\s+true\s+Ingress$/m);
  assert.match(resources, /^virtualservices\s+vs\s+networking\.istio\.io\/v1\s+true\s+VirtualService$/m);

  const app = await file('app.yaml', APP.replace('REPLICAS', '2'));
  assert.equal(
    await ok('apply', '-f', app),
    'namespace/test-ns created\ndeployment.apps/test-deploy created\nservice/test-svc created\n',
  );
  assert.equal(
    await ok('apply', '-f', app),
    'namespace/test-ns unchanged\ndeployment.apps/test-deploy unchanged\nservice/test-svc unchanged\n',
  );
  const table = await ok('get', 'deploy', '-n', 'test-ns');
  assert.match(table, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\ntest-deploy\s+/);

  const json = JSON.parse(await ok('get', 'deploy', 'test-deploy', '-n', 'test-ns', '-o', 'json')) as {
    spec: { replicas: number };
    metadata: { annotations: Record<string, string> };
  };
  assert.equal(json.spec.replicas, 2);
  assert.ok(json.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']);
  assert.match(await ok('get', 'svc', 'test-svc', '-n', 'test-ns', '-o', 'yaml'), /^ {2}name: test-svc$/m);

  const ns = ['-n', 'test-ns'];
  assert.equal(
    await ok('patch', 'deploy', 'test-deploy', ...ns, '-p', '{"spec":{"replicas":3}}'),
    'deployment.apps/test-deploy patched\n',
  );
  assert.equal(
    await ok('patch', 'deploy', 'test-deploy', ...ns, '-p', '{"spec":{"replicas":3}}'),
    'deployment.apps/test-deploy patched (no change)\n',
  );
  assert.equal(
    await ok('patch', 'deploy', 'test-deploy', ...ns, '--type', 'merge', '-p', '{"spec":{"replicas":4}}'),
    'deployment.apps/test-deploy patched\n',
  );
  assert.equal(
    await ok(
      'patch',
      'deploy',
      'test-deploy',
      ...ns,
      '--type',
      'json',
      '-p',
      '[{"op":"replace","path":"/spec/replicas","value":5}]',
    ),
    'deployment.apps/test-deploy patched\n',
  );
  assert.equal(
    await ok('label', 'deploy', 'test-deploy', ...ns, 'tier=front'),
    'deployment.apps/test-deploy labeled\n',
  );
  assert.equal(
    await ok('label', 'deploy', 'test-deploy', ...ns, 'tier-'),
    'deployment.apps/test-deploy unlabeled\n',
  );
  assert.equal(await ok('annotate', 'svc', 'test-svc', ...ns, 'note=hi'), 'service/test-svc annotated\n');
  assert.equal(
    await ok('scale', 'deploy', 'test-deploy', ...ns, '--replicas=1'),
    'deployment.apps/test-deploy scaled\n',
  );
  assert.equal(await ok('get', 'deploy', 'test-deploy', ...ns, '-o', 'jsonpath={.spec.replicas}'), '1');
  assert.equal(
    await ok('apply', '-f', await file('app4.yaml', APP.replace('REPLICAS', '4'))),
    'namespace/test-ns unchanged\ndeployment.apps/test-deploy configured\nservice/test-svc unchanged\n',
  );
  assert.equal(
    await ok('apply', '--server-side', '-f', app),
    'namespace/test-ns serverside-applied\ndeployment.apps/test-deploy serverside-applied\nservice/test-svc serverside-applied\n',
  );

  // edit with a scripted editor
  const editor = await file(
    'editor.sh',
    '#!/bin/sh\nsed -i "s#image: nginxdemos/hello#image: nginxdemos/hello:plain-text#" "$1"\n',
  );
  await chmod(editor, 0o755);
  const edited = await new Promise<Run>((resolve) => {
    execFile(
      KUBECTL,
      [...base, 'edit', 'deploy', 'test-deploy', ...ns],
      { env: { ...env, EDITOR: editor }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? 1 : 0, stdout, stderr }),
    );
  });
  assert.equal(edited.stdout, 'deployment.apps/test-deploy edited\n', edited.stderr);

  // strict field validation, and NotFound errors as kubectl prints them
  const bad = await file(
    'bad.yaml',
    'apiVersion: v1\nkind: Service\nmetadata: {name: bad, namespace: test-ns}\nspec:\n  foo: 1\n  ports: [{port: 80}]\n',
  );
  const strict = await kubectl('create', '-f', bad);
  assert.equal(strict.code, 1);
  assert.match(
    strict.stderr,
    /Error from server \(BadRequest\): error when creating ".*bad\.yaml": Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec\.foo"/,
  );
  const missing = await kubectl('get', 'svc', 'nope', ...ns);
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, 'Error from server (NotFound): services "nope" not found\n');

  // logs
  await ok('apply', '-f', await file('pod.yaml', POD));
  h.logs.add('test-ns', 'web-1', 'web', 'GET / 200', new Date('2025-01-01T00:00:00Z'));
  h.logs.add('test-ns', 'web-1', 'web', 'GET /x 404', new Date('2025-01-01T00:00:01Z'));
  assert.equal(await ok('logs', 'web-1', ...ns), 'GET / 200\nGET /x 404\n');
  assert.equal(
    await ok('logs', 'web-1', ...ns, '--tail=1', '--timestamps'),
    '2025-01-01T00:00:01.000000000Z GET /x 404\n',
  );

  // get -w: the initial table, then one row per change; no bookmark rows
  const watcher = spawn(KUBECTL, [...base, 'get', 'deploy', ...ns, '-w'], { env });
  t.after(() => watcher.kill());
  let out = '';
  watcher.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const waitOut = async (pred: () => boolean): Promise<void> => {
    const deadline = Date.now() + 30_000;
    while (!pred() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    assert.ok(pred(), `watch output: ${out}`);
  };
  await waitOut(() => out.split('\n').length >= 3);
  await ok('scale', 'deploy', 'test-deploy', ...ns, '--replicas=7');
  await waitOut(() => /\/7\s/.test(out));
  watcher.kill();
  const rows = out.trim().split('\n');
  assert.match(rows[0]!, /^NAME\s+READY/);
  assert.ok(
    rows.slice(1).every((r) => r.startsWith('test-deploy ')),
    out,
  );

  assert.equal(await ok('delete', 'svc', 'test-svc', ...ns), 'service "test-svc" deleted\n');
  assert.equal((await kubectl('get', 'svc', 'test-svc', ...ns)).code, 1);
});
