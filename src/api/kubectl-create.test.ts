// Real kubectl (1.32) `create <generator>` commands, which send Kubernetes protobuf bodies,
// against the ApiServer over TLS (see kubectl.test.ts for why TLS).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { KUBECTL, startKubectlHarness } from './test-support/kubectl.ts';

void test(
  'kubectl create generators (protobuf bodies)',
  { skip: !existsSync(KUBECTL) && 'no kubectl' },
  async (t) => {
    const { h, kubectl } = await startKubectlHarness(t, 'gangway-api-kubectl-create-');
    const ok = async (...args: string[]): Promise<string> => {
      const r = await kubectl(...args);
      if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };

    assert.equal(await ok('create', 'namespace', 'x'), 'namespace/x created\n');
    assert.equal(
      await ok('create', 'secret', 'generic', 's', '--from-literal=a=b', '-n', 'x'),
      'secret/s created\n',
    );
    assert.equal(await ok('create', 'configmap', 'c', '--from-literal=a=b'), 'configmap/c created\n');
    assert.equal(
      await ok('create', 'deployment', 'd', '--image=nginxdemos/hello', '--replicas=2', '--port=8080'),
      'deployment.apps/d created\n',
    );
    assert.equal(await ok('create', 'service', 'clusterip', 's', '--tcp=80:8080'), 'service/s created\n');

    const get = (group: string, resource: string, ns: string, name: string): Record<string, unknown> => {
      const obj = h.store.get({ group, resource }, ns, name);
      assert.ok(obj, `${resource} ${ns}/${name} stored`);
      return obj;
    };
    assert.equal((get('', 'namespaces', '', 'x')['metadata'] as { name: string }).name, 'x');
    assert.deepEqual(get('', 'secrets', 'x', 's')['data'], { a: 'Yg==' });
    assert.deepEqual(get('', 'configmaps', 'default', 'c')['data'], { a: 'b' });
    const deploy = get('apps', 'deployments', 'default', 'd') as {
      metadata: { labels: Record<string, string> };
      spec: {
        replicas: number;
        selector: unknown;
        template: { spec: { containers: { name: string; image: string; ports: unknown }[] } };
      };
    };
    assert.deepEqual(deploy.metadata.labels, { app: 'd' });
    assert.equal(deploy.spec.replicas, 2);
    assert.deepEqual(deploy.spec.selector, { matchLabels: { app: 'd' } });
    const [container] = deploy.spec.template.spec.containers;
    assert.equal(container?.name, 'hello');
    assert.equal(container?.image, 'nginxdemos/hello');
    assert.deepEqual(container?.ports, [{ containerPort: 8080 }]);
    const svc = get('', 'services', 'default', 's') as {
      spec: { type: string; ports: unknown[]; selector: unknown };
    };
    assert.equal(svc.spec.type, 'ClusterIP');
    assert.deepEqual(svc.spec.selector, { app: 's' });
    assert.deepEqual(svc.spec.ports, [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }]);

    // -o yaml prints the created object; --dry-run=server stores nothing.
    assert.match(await ok('create', 'configmap', 'y', '--from-literal=k=v', '-o', 'yaml'), /^ {2}k: v$/m);
    assert.ok(h.store.get({ group: '', resource: 'configmaps' }, 'default', 'y'));
    assert.match(
      await ok('create', 'namespace', 'dry', '--dry-run=server', '-o', 'yaml'),
      /^kind: Namespace$[\s\S]*^ {2}name: dry$/m,
    );
    assert.equal(h.store.get({ group: '', resource: 'namespaces' }, '', 'dry'), undefined);
  },
);
