// Deletion through the registry: plain deletes, finalizers, owner references (Background,
// Foreground, Orphan, several owners), and Namespace termination.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../resources/types.ts';
import {
  CM,
  DEPLOY,
  NS,
  RS,
  assertStatus,
  configMap,
  deployment,
  eventually,
  setup,
} from './test-helpers.ts';
import type { Registry } from './types.ts';

function replicaSet(name: string, owners: KubeObject[]): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      ownerReferences: owners.map((o) => ({
        apiVersion: o.apiVersion,
        kind: o.kind,
        name: o.metadata.name,
        uid: o.metadata.uid,
        controller: true,
      })),
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'd' } },
      template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'x' }] } },
    },
  };
}

function ownedConfigMap(name: string, owner: KubeObject): Record<string, unknown> {
  return configMap(
    name,
    {},
    {
      ownerReferences: [
        {
          apiVersion: owner.apiVersion,
          kind: owner.kind,
          name: owner.metadata.name,
          uid: owner.metadata.uid,
        },
      ],
    },
  );
}

const exists = (reg: Registry, rt: typeof CM, name: string, ns = 'default'): boolean => {
  try {
    reg.get(rt, 'v1', ns, name);
    return true;
  } catch {
    return false;
  }
};

void test('delete returns the last state with a new resourceVersion; a second delete is NotFound', async () => {
  const { reg } = await setup();
  const a = reg.create(CM, 'v1', 'default', configMap('a')).object;
  const gone = reg.delete(CM, 'v1', 'default', 'a', { propagationPolicy: 'Background' });
  assert.equal(gone.metadata.name, 'a');
  assert.ok(Number(gone.metadata.resourceVersion) > Number(a.metadata.resourceVersion));
  assertStatus(() => reg.delete(CM, 'v1', 'default', 'a'), 404, 'NotFound', 'configmaps "a" not found');
  const dry = reg.create(CM, 'v1', 'default', configMap('b')).object;
  reg.delete(CM, 'v1', 'default', 'b', { dryRun: true });
  assert.equal(reg.get(CM, 'v1', 'default', 'b').metadata.resourceVersion, dry.metadata.resourceVersion);
});

void test('an object with finalizers is only marked; it goes when the last finalizer is removed', async () => {
  const { reg } = await setup();
  reg.create(CM, 'v1', 'default', configMap('f', {}, { finalizers: ['example.com/hold'] }));
  const marked = reg.delete(CM, 'v1', 'default', 'f');
  assert.equal(marked.metadata.deletionTimestamp, '2026-11-26T14:00:00Z');
  assert.ok(exists(reg, CM, 'f'));
  const again = reg.update(CM, 'v1', 'default', 'f', {
    ...reg.get(CM, 'v1', 'default', 'f'),
    metadata: { ...marked.metadata, deletionTimestamp: undefined, labels: { a: 'b' } },
  });
  assert.equal(
    again.object.metadata.deletionTimestamp,
    '2026-11-26T14:00:00Z',
    'deletionTimestamp cannot be cleared',
  );
  reg.patch(CM, 'v1', 'default', 'f', 'merge', { metadata: { finalizers: null } });
  assert.equal(exists(reg, CM, 'f'), false);
});

void test('Background: dependents (and theirs) are deleted after the owner', async () => {
  const { reg } = await setup();
  const d = reg.create(DEPLOY, 'v1', 'default', deployment('d')).object;
  const rs = reg.create(RS, 'v1', 'default', replicaSet('d-1', [d])).object;
  reg.create(CM, 'v1', 'default', ownedConfigMap('of-rs', rs));
  reg.create(CM, 'v1', 'default', configMap('unrelated'));
  reg.delete(DEPLOY, 'v1', 'default', 'd', { propagationPolicy: 'Background' });
  assert.equal(exists(reg, DEPLOY, 'd'), false, 'the owner goes at once');
  await eventually('dependents deleted', () => !exists(reg, RS, 'd-1') && !exists(reg, CM, 'of-rs'));
  assert.ok(exists(reg, CM, 'unrelated'));
});

void test('Foreground: dependents are gone before the answer', async () => {
  const { reg } = await setup();
  const d = reg.create(DEPLOY, 'v1', 'default', deployment('d')).object;
  reg.create(RS, 'v1', 'default', replicaSet('d-1', [d]));
  reg.delete(DEPLOY, 'v1', 'default', 'd', { propagationPolicy: 'Foreground' });
  assert.equal(exists(reg, RS, 'd-1'), false);
});

void test('Orphan: dependents stay, without the ownerReference', async () => {
  const { reg } = await setup();
  const d = reg.create(DEPLOY, 'v1', 'default', deployment('d')).object;
  reg.create(RS, 'v1', 'default', replicaSet('d-1', [d]));
  reg.delete(DEPLOY, 'v1', 'default', 'd', { propagationPolicy: 'Orphan' });
  await new Promise((r) => setImmediate(r));
  assert.equal(reg.get(RS, 'v1', 'default', 'd-1').metadata.ownerReferences, undefined);
});

void test('a dependent with another living owner loses only the dangling reference', async () => {
  const { reg } = await setup();
  const a = reg.create(CM, 'v1', 'default', configMap('owner-a')).object;
  const b = reg.create(CM, 'v1', 'default', configMap('owner-b')).object;
  const both = configMap(
    'child',
    {},
    {
      ownerReferences: [a, b].map((o) => ({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        name: o.metadata.name,
        uid: o.metadata.uid,
      })),
    },
  );
  reg.create(CM, 'v1', 'default', both);
  reg.delete(CM, 'v1', 'default', 'owner-a');
  await eventually(
    'reference removed',
    () => reg.get(CM, 'v1', 'default', 'child').metadata.ownerReferences?.length === 1,
  );
  assert.equal(reg.get(CM, 'v1', 'default', 'child').metadata.ownerReferences?.[0]?.name, 'owner-b');
});

void test('Namespace deletion: Terminating at once, then its content and itself', async () => {
  const { reg, store } = await setup(['default', 'doomed']);
  reg.create(CM, 'v1', 'doomed', configMap('a'));
  reg.create(DEPLOY, 'v1', 'doomed', deployment('d'));
  reg.create(CM, 'v1', 'default', configMap('safe'));
  const events: string[] = [];
  store.watch({ key: { group: '', resource: 'namespaces' } }, undefined, (e) => events.push(e.type));
  const ns = reg.delete(NS, 'v1', '', 'doomed');
  assert.equal((ns['status'] as { phase: string }).phase, 'Terminating');
  assert.equal(ns.metadata.deletionTimestamp, '2026-11-26T14:00:00Z');
  assert.equal(
    (reg.delete(NS, 'v1', '', 'doomed')['status'] as { phase: string }).phase,
    'Terminating',
    'deleting again answers the same',
  );
  await eventually('namespace gone', () => !exists(reg, NS, 'doomed', ''));
  assert.deepEqual(reg.list(CM, 'v1', 'doomed').items, []);
  assert.deepEqual(reg.list(DEPLOY, 'v1', 'doomed').items, []);
  assert.ok(exists(reg, CM, 'safe'));
  assert.deepEqual(events, ['MODIFIED', 'DELETED']);
  assertStatus(
    () => reg.delete(NS, 'v1', '', 'default'),
    403,
    'Forbidden',
    'namespaces "default" is forbidden: this namespace may not be deleted',
  );
});
