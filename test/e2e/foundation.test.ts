// Issue 2 acceptance, end to end: `gangway up -d`, the real kubectl applies SCENARIO.md step 4,
// two Ready pods, `get -o wide` as a cluster prints it, the Service as NodePort serves the
// nginxdemos/hello page from both pods; invalid files apply nothing; down/up keeps every object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, curl, eventually, newCluster } from './harness.ts';

const SEED = join(ROOT, 'examples', 'seed', '4-test-app.yaml');
const FIXTURES = join(ROOT, 'test', 'fixtures');

void test('foundation: kubectl drives gangway, pods serve on NodePorts, state survives restarts', async (t) => {
  const c = newCluster();
  t.after(() => c.stop());

  const up = await c.gangway(['up', '-d', '--api-port', '0']);
  assert.equal(up.code, 0, `up -d failed:\n${up.stdout}\n${up.stderr}`);
  assert.match(up.stdout, /KUBECONFIG/);

  const again = await c.gangway(['up', '-d', '--api-port', '0']);
  assert.notEqual(again.code, 0);
  assert.match(again.stdout + again.stderr, /already running/);

  const status = await c.gangway(['status']);
  assert.equal(status.code, 0, status.stdout + status.stderr);

  await t.test('kubectl apply of step 4 gives two Ready pods', async () => {
    const r = await c.kubectl(['apply', '-f', SEED]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /namespace\/test-ns created/);
    assert.match(r.stdout, /deployment\.apps\/test-deploy created/);
    assert.match(r.stdout, /service\/test-svc created/);
    const rollout = await c.kubectl([
      '-n',
      'test-ns',
      'rollout',
      'status',
      'deployment/test-deploy',
      '--timeout=120s',
    ]);
    assert.equal(rollout.code, 0, rollout.stdout + rollout.stderr);
    assert.match(rollout.stdout, /deployment "test-deploy" successfully rolled out/);
  });

  await t.test('get pods,svc,endpoints -o wide prints as a cluster would', async () => {
    const r = await c.kubectl(['-n', 'test-ns', 'get', 'pods,svc,endpoints', '-o', 'wide']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.match(
      lines[0]!,
      /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/,
    );
    const pods = lines.filter((l) => l.startsWith('pod/test-deploy-'));
    assert.equal(pods.length, 2, r.stdout);
    for (const p of pods) {
      assert.match(
        p,
        /^pod\/test-deploy-[bcdfghjklmnpqrstvwxz2456789]{9,10}-[bcdfghjklmnpqrstvwxz2456789]{5}\s+1\/1\s+Running\s+0\s+\S+\s+127\.\d+\.\d+\.\d+\s+gangway-node-1\s+<none>\s+<none>$/,
      );
    }
    assert.ok(
      lines.some((l) => /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\s+SELECTOR$/.test(l)),
      r.stdout,
    );
    assert.ok(
      lines.some((l) =>
        /^service\/test-svc\s+ClusterIP\s+127\.\d+\.\d+\.\d+\s+<none>\s+80\/TCP\s+\S+\s+app=test-app$/.test(
          l,
        ),
      ),
      r.stdout,
    );
    assert.ok(
      lines.some((l) => /^endpoints\/test-svc\s+127\.\d+\.\d+\.\d+:80,127\.\d+\.\d+\.\d+:80\s+\S+$/.test(l)),
      r.stdout,
    );
  });

  await t.test('as NodePort, curl reaches the nginxdemos/hello page of both pods', async () => {
    const p = await c.kubectl([
      '-n',
      'test-ns',
      'patch',
      'svc',
      'test-svc',
      '-p',
      '{"spec":{"type":"NodePort"}}',
    ]);
    assert.equal(p.code, 0, p.stderr);
    assert.match(p.stdout, /service\/test-svc patched/);
    const np = await c.kubectl([
      '-n',
      'test-ns',
      'get',
      'svc',
      'test-svc',
      '-o',
      'jsonpath={.spec.ports[0].nodePort}',
    ]);
    const nodePort = Number(np.stdout);
    assert.ok(nodePort >= 30000 && nodePort <= 32767, np.stdout);
    const names = new Set<string>();
    await eventually('both pods answering through the NodePort', async () => {
      const r = await curl(`http://${c.nodeIP}:${nodePort}/`);
      assert.equal(r.status, 200);
      assert.match(r.head, /content-type: text\/html/i);
      assert.match(r.body, /<title>Hello World<\/title>/);
      const pod = /test-deploy-[a-z0-9]+-[a-z0-9]{5}/.exec(r.body)?.[0];
      assert.ok(pod, 'the page names the pod that served it');
      names.add(pod);
      return names.size >= 2 ? true : undefined;
    });
  });

  await t.test('an invalid file applies nothing and names FILE:LINE:COLUMN and the field', async () => {
    const bad = join(FIXTURES, 'replicas-two.yaml');
    const r = await c.gangway(['apply', '-f', bad]);
    assert.notEqual(r.code, 0);
    assert.match(
      r.stderr,
      /replicas-two\.yaml:15:\d+: error: Deployment default\/bad-replicas: spec\.replicas/,
    );
    const syntax = join(FIXTURES, 'yaml-syntax-error.yaml');
    const s = await c.gangway(['apply', '-f', syntax]);
    assert.notEqual(s.code, 0);
    assert.match(s.stderr, /yaml-syntax-error\.yaml:\d+:\d+: error:/);
    const cms = await c.kubectl(['get', 'configmaps', '-n', 'default', '-o', 'name']);
    assert.doesNotMatch(cms.stdout, /valid-but-same-file|syntax-ok-object/);
    const deploy = await c.kubectl(['get', 'deploy', 'bad-replicas', '-n', 'default']);
    assert.notEqual(deploy.code, 0);
  });

  await t.test('down then up brings every object back', async () => {
    const before = await c.kubectl(['get', 'ns,deploy,svc,cm', '-A', '-o', 'name']);
    const down = await c.gangway(['down']);
    assert.equal(down.code, 0, down.stderr);
    const up2 = await c.gangway(['up', '-d', '--api-port', '0']);
    assert.equal(up2.code, 0, up2.stdout + up2.stderr);
    const after = await c.kubectl(['get', 'ns,deploy,svc,cm', '-A', '-o', 'name']);
    assert.equal(after.stdout, before.stdout);
    const rollout = await c.kubectl([
      '-n',
      'test-ns',
      'rollout',
      'status',
      'deployment/test-deploy',
      '--timeout=120s',
    ]);
    assert.equal(rollout.code, 0, rollout.stdout + rollout.stderr);
  });
});
