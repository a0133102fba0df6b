// Pod volumes: secret/configMap/projected/downwardAPI files written atomically under
// $GANGWAY_HOME/pods/<ns>/<pod>/volumes/<name>/, the mount table and path resolution, and
// FailedMount for a missing Secret until it appears.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../resources/types.ts';
import type { Store } from '../store/types.ts';
import { waitFor } from './test-helpers.ts';
import { mountEnv, mountTable, PodVolumes, resolveMountPath } from './volumes.ts';

function fakeStore(objects: Record<string, KubeObject>): Store {
  return {
    get: (key: { resource: string }, ns: string, name: string) => objects[`${key.resource}/${ns}/${name}`],
  } as unknown as Store;
}

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'my-nginx-1', namespace: 'default', uid: 'u1', labels: { app: 'my-nginx', run: 'x' } },
  spec: {
    volumes: [
      { name: 'nginx-config', configMap: { name: 'nginx-configmap', defaultMode: 420 } },
      { name: 'nginx-server-certs', secret: { secretName: 'nginx-server-certs', defaultMode: 0o400 } },
      { name: 'scratch', emptyDir: {} },
      {
        name: 'mixed',
        projected: {
          sources: [
            { configMap: { name: 'nginx-configmap', items: [{ key: 'nginx.conf', path: 'conf/n.conf' }] } },
            { downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
            { serviceAccountToken: { path: 'token' } },
          ],
        },
      },
    ],
  },
};

const cm: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'nginx-configmap', namespace: 'default' },
  data: { 'nginx.conf': 'events {}\n' },
};
const secret: KubeObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'nginx-server-certs', namespace: 'default' },
  data: {
    'tls.crt': Buffer.from('CERT').toString('base64'),
    'tls.key': Buffer.from('KEY').toString('base64'),
  },
};

void test('volumes are written as the kubelet writes them; FailedMount until the Secret exists', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'gangway-vol-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const objects: Record<string, KubeObject> = { 'configmaps/default/nginx-configmap': cm };
  const events: string[] = [];
  let mounted = 0;
  const vols = new PodVolumes({
    home,
    store: fakeStore(objects),
    events: { record: (_o, type, reason, message) => events.push(`${type} ${reason} ${message}`) },
    pod: () => pod,
    onMounted: () => mounted++,
  });
  t.after(() => vols.stop());

  assert.equal(vols.ensure(), false);
  assert.deepEqual(events, [
    'Warning FailedMount MountVolume.SetUp failed for volume "nginx-server-certs" : secret "nginx-server-certs" not found',
  ]);
  assert.equal(vols.dirs?.size, undefined);
  objects['secrets/default/nginx-server-certs'] = secret;
  await waitFor('the retry to mount', () => mounted === 1);
  assert.equal(vols.ensure(), true);

  const base = join(home, 'pods', 'default', 'my-nginx-1', 'volumes');
  assert.equal(vols.dirs?.get('nginx-config'), join(base, 'nginx-config'));
  assert.equal(readFileSync(join(base, 'nginx-config', 'nginx.conf'), 'utf8'), 'events {}\n');
  assert.equal(readlinkSync(join(base, 'nginx-config', 'nginx.conf')), join('..data', 'nginx.conf'));
  assert.match(readlinkSync(join(base, 'nginx-config', '..data')), /^\.\.\d{4}_\d\d_\d\d_/);
  assert.equal(readFileSync(join(base, 'nginx-server-certs', 'tls.key'), 'utf8'), 'KEY');
  assert.equal(statSync(join(base, 'nginx-server-certs', 'tls.key')).mode & 0o777, 0o400);
  assert.ok(statSync(join(base, 'scratch')).isDirectory());
  assert.equal(readFileSync(join(base, 'mixed', 'conf', 'n.conf'), 'utf8'), 'events {}\n');
  assert.equal(readFileSync(join(base, 'mixed', 'labels'), 'utf8'), 'app="my-nginx"\nrun="x"');
  assert.match(readFileSync(join(base, 'mixed', 'token'), 'utf8'), /^[\w-]+\.[\w-]+\.$/);

  const mounts = mountTable(
    [
      { name: 'nginx-config', mountPath: '/etc/nginx', readOnly: true },
      { name: 'nginx-server-certs', mountPath: '/etc/nginx-server-certs/' },
      { name: 'mixed', mountPath: '/etc/one.conf', subPath: 'conf/n.conf' },
      { name: 'absent', mountPath: '/nowhere' },
    ],
    vols.dirs,
  );
  assert.deepEqual(mounts, [
    { mountPath: '/etc/nginx', hostPath: join(base, 'nginx-config'), readOnly: true },
    { mountPath: '/etc/nginx-server-certs', hostPath: join(base, 'nginx-server-certs'), readOnly: false },
    { mountPath: '/etc/one.conf', hostPath: join(base, 'mixed', 'conf', 'n.conf'), readOnly: false },
  ]);
  const cases: [string, string | undefined][] = [
    ['/etc/nginx/nginx.conf', join(base, 'nginx-config', 'nginx.conf')],
    ['/etc/nginx', join(base, 'nginx-config')],
    ['/etc/nginx-server-certs/tls.crt', join(base, 'nginx-server-certs', 'tls.crt')],
    ['/etc/nginxfoo', undefined],
    ['/etc/one.conf', join(base, 'mixed', 'conf', 'n.conf')],
    ['/usr/share/nginx/html/index.html', undefined],
  ];
  for (const [path, want] of cases) assert.equal(resolveMountPath(mounts, path), want, path);
  const env = mountEnv(mounts, [{ name: 'nginx-config', mountPath: '/etc/nginx' }]);
  assert.equal(env['GANGWAY_MOUNT_NGINX_CONFIG'], join(base, 'nginx-config'));
  assert.ok(env['GANGWAY_MOUNTS']?.startsWith(`/etc/nginx=${join(base, 'nginx-config')}\n`));

  vols.remove();
  assert.throws(() => statSync(join(home, 'pods', 'default', 'my-nginx-1')));
});

void test('a missing key, an optional object and the items of a configMap', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'gangway-vol-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const events: string[] = [];
  const p: KubeObject = {
    ...pod,
    spec: {
      volumes: [
        { name: 'a', configMap: { name: 'nginx-configmap', items: [{ key: 'nope', path: 'x' }] } },
        { name: 'b', secret: { secretName: 'absent', optional: true } },
      ],
    },
  };
  const vols = new PodVolumes({
    home,
    store: fakeStore({ 'configmaps/default/nginx-configmap': cm }),
    events: { record: (_o, _t, reason, message) => events.push(`${reason} ${message}`) },
    pod: () => p,
    onMounted: () => undefined,
  });
  t.after(() => vols.stop());
  assert.equal(vols.ensure(), false);
  assert.deepEqual(events, [
    'FailedMount MountVolume.SetUp failed for volume "a" : configmap references non-existent config key: nope',
  ]);
  await Promise.resolve();
});
