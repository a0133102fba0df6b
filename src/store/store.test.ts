// Store semantics: versions, generation, no-op updates, conflicts, atomic batches, ordering,
// frozen objects, and watch (history, Expired, delivery order, writes from listeners).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../resources/types.ts';
import { openStore } from './store.ts';
import { StoreError } from './types.ts';
import type { Store, WatchEvent } from './types.ts';

const CM = { group: '', resource: 'configmaps' };
const DEPLOY = { group: 'apps', resource: 'deployments' };
const NOW = new Date('2026-11-26T14:00:00.123Z');

function cm(name: string, ns = 'default', data: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data };
}

function deploy(name: string, replicas: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: { replicas },
  };
}

async function memory(historySize?: number): Promise<Store> {
  return openStore(
    undefined,
    historySize === undefined ? { now: () => NOW } : { now: () => NOW, historySize },
  );
}

function storeError(reason: string) {
  return (err: unknown) => err instanceof StoreError && err.reason === reason;
}

void test('create fills uid, resourceVersion, generation and creationTimestamp; objects are frozen', async () => {
  const s = await memory();
  const a = s.create(CM, cm('a'));
  assert.match(a.metadata.uid ?? '', /^[0-9a-f-]{36}$/);
  assert.equal(a.metadata.resourceVersion, '1');
  assert.equal(a.metadata.generation, 1);
  assert.equal(a.metadata.creationTimestamp, '2026-11-26T14:00:00Z');
  assert.equal(s.resourceVersion, 1);
  assert.ok(Object.isFrozen(a) && Object.isFrozen(a.metadata) && Object.isFrozen(a['data']));
  assert.throws(() => s.create(CM, cm('a')), storeError('AlreadyExists'));
  const b = s.create(CM, cm('b'));
  assert.equal(b.metadata.resourceVersion, '2');
  assert.notEqual(b.metadata.uid, a.metadata.uid);
});

void test('the input object is never mutated or kept', async () => {
  const s = await memory();
  const input = cm('a', 'default', { k: 'v' });
  const a = s.create(CM, input);
  assert.equal(input.metadata.uid, undefined);
  (input['data'] as Record<string, string>)['k'] = 'changed';
  assert.deepEqual(a['data'], { k: 'v' });
});

void test('update: generation bumps only outside metadata and status; no-op returns the stored object', async () => {
  const s = await memory();
  const d = s.create(DEPLOY, deploy('d', 1));
  const cases: { change: (o: KubeObject) => void; generation: number; bumped: boolean }[] = [
    { change: (o) => (o.metadata.labels = { a: 'b' }), generation: 1, bumped: true },
    { change: (o) => (o['status'] = { replicas: 1 }), generation: 1, bumped: true },
    { change: (o) => (o['spec'] = { replicas: 2 }), generation: 2, bumped: true },
    { change: () => undefined, generation: 2, bumped: false },
  ];
  let last = d;
  for (const c of cases) {
    const next = structuredClone(last) as KubeObject;
    c.change(next);
    const out = s.update(DEPLOY, next);
    assert.equal(out.metadata.generation, c.generation);
    if (c.bumped)
      assert.equal(Number(out.metadata.resourceVersion), Number(last.metadata.resourceVersion) + 1);
    else assert.equal(out, last, 'no-op returns the very stored object');
    assert.equal(out.metadata.uid, d.metadata.uid);
    assert.equal(out.metadata.creationTimestamp, d.metadata.creationTimestamp);
    last = out;
  }
});

void test('update keeps uid and creationTimestamp even when the body carries others', async () => {
  const s = await memory();
  const a = s.create(CM, cm('a'));
  const body = structuredClone(a) as KubeObject;
  body.metadata.uid = 'forged';
  body.metadata.creationTimestamp = '2000-01-01T00:00:00Z';
  body['data'] = { x: 'y' };
  const out = s.update(CM, body);
  assert.equal(out.metadata.uid, a.metadata.uid);
  assert.equal(out.metadata.creationTimestamp, a.metadata.creationTimestamp);
});

void test('update errors: NotFound, and Conflict on a stale resourceVersion', async () => {
  const s = await memory();
  assert.throws(() => s.update(CM, cm('nope')), storeError('NotFound'));
  const a = s.create(CM, cm('a'));
  const b = s.update(CM, cm('a', 'default', { v: '1' }), a.metadata.resourceVersion);
  assert.throws(
    () => s.update(CM, cm('a', 'default', { v: '2' }), a.metadata.resourceVersion),
    storeError('Conflict'),
  );
  assert.equal(
    s.update(CM, cm('a', 'default', { v: '3' })).metadata.resourceVersion,
    String(Number(b.metadata.resourceVersion) + 1),
  );
});

void test('delete returns the last state with a new resourceVersion', async () => {
  const s = await memory();
  s.create(CM, cm('a'));
  const gone = s.delete(CM, 'default', 'a');
  assert.equal(gone?.metadata.resourceVersion, '2');
  assert.equal(s.get(CM, 'default', 'a'), undefined);
  assert.equal(s.delete(CM, 'default', 'a'), undefined);
  assert.equal(s.resourceVersion, 2);
});

void test('list is sorted by namespace then name; filters by namespace', async () => {
  const s = await memory();
  for (const [ns, n] of [
    ['b', 'x'],
    ['a', 'z'],
    ['a', 'b'],
    ['c', 'a'],
    ['a', 'a-1'],
  ] as const)
    s.create(CM, cm(n, ns));
  const names = (objs: readonly Readonly<KubeObject>[]) =>
    objs.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
  assert.deepEqual(names(s.list(CM)), ['a/a-1', 'a/b', 'a/z', 'b/x', 'c/a']);
  assert.deepEqual(names(s.list(CM, 'a')), ['a/a-1', 'a/b', 'a/z']);
  s.update(CM, cm('b', 'a', { v: '1' }));
  assert.deepEqual(names(s.list(CM, 'a')), ['a/a-1', 'a/b', 'a/z']);
  assert.deepEqual(s.list(CM, 'a')[1]?.['data'], { v: '1' });
  assert.deepEqual(s.list(DEPLOY), []);
});

void test('commit is all or nothing, and ops see the ops before them', async () => {
  const s = await memory();
  s.create(CM, cm('exists'));
  assert.throws(
    () =>
      s.commit([
        { op: 'create', key: CM, object: cm('new') },
        { op: 'create', key: CM, object: cm('exists') },
      ]),
    storeError('AlreadyExists'),
  );
  assert.equal(s.get(CM, 'default', 'new'), undefined);
  assert.equal(s.resourceVersion, 1);
  const out = s.commit([
    { op: 'create', key: CM, object: cm('new') },
    { op: 'update', key: CM, object: cm('new', 'default', { a: 'b' }) },
    { op: 'delete', key: CM, namespace: 'default', name: 'exists' },
  ]);
  assert.deepEqual(
    out.map((o) => o.metadata.resourceVersion),
    ['2', '3', '4'],
  );
  assert.deepEqual(s.get(CM, 'default', 'new')?.['data'], { a: 'b' });
  assert.throws(
    () => s.commit([{ op: 'delete', key: CM, namespace: 'default', name: 'exists' }]),
    storeError('NotFound'),
  );
});

void test('watch: events in commit order, filtered by key and namespace', async () => {
  const s = await memory();
  const seen: string[] = [];
  const stop = s.watch({ key: CM, namespace: 'a' }, undefined, (e) =>
    seen.push(`${e.type} ${e.object.metadata.name} ${e.object.metadata.resourceVersion}`),
  );
  s.create(CM, cm('x', 'a'));
  s.create(CM, cm('y', 'b'));
  s.create(DEPLOY, { ...deploy('d', 1), metadata: { name: 'd', namespace: 'a' } });
  s.update(CM, cm('x', 'a', { k: 'v' }));
  s.delete(CM, 'a', 'x');
  stop();
  s.create(CM, cm('z', 'a'));
  assert.deepEqual(seen, ['ADDED x 1', 'MODIFIED x 4', 'DELETED x 5']);
});

void test('watch from a resourceVersion replays the history; too old is Expired', async () => {
  const s = await memory(3);
  for (let i = 0; i < 5; i++) s.create(CM, cm(`o${i}`));
  const replay: string[] = [];
  s.watch({ key: CM }, 3, (e) => replay.push(e.object.metadata.resourceVersion ?? ''))();
  assert.deepEqual(replay, ['4', '5']);
  const fromOldest: string[] = [];
  s.watch({ key: CM }, 2, (e) => fromOldest.push(e.object.metadata.resourceVersion ?? ''))();
  assert.deepEqual(fromOldest, ['3', '4', '5']);
  assert.throws(
    () => s.watch({ key: CM }, 1, () => undefined),
    (err: unknown) =>
      err instanceof StoreError &&
      err.reason === 'Expired' &&
      /too old resource version: 1/.test(err.message),
  );
  const none: WatchEvent[] = [];
  s.watch({ key: CM }, 5, (e) => none.push(e))();
  assert.equal(none.length, 0);
});

void test('writes made by a listener are delivered after the current event, to everyone, once', async () => {
  const s = await memory();
  const first: string[] = [];
  const second: string[] = [];
  s.watch({ key: CM }, undefined, (e) => {
    first.push(e.object.metadata.name ?? '');
    if (e.type === 'ADDED' && e.object.metadata.name === 'a') s.create(CM, cm('b'));
  });
  s.watch({ key: CM }, undefined, (e) => {
    second.push(e.object.metadata.name ?? '');
  });
  s.create(CM, cm('a'));
  assert.deepEqual(first, ['a', 'b']);
  assert.deepEqual(second, ['a', 'b']);
});

void test('a listener that throws does not break the store or other watchers', async () => {
  const s = await memory();
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.message);
  process.on('warning', onWarning);
  try {
    const seen: string[] = [];
    s.watch({ key: CM }, undefined, () => {
      throw new Error('boom');
    });
    s.watch({ key: CM }, undefined, (e) => seen.push(e.object.metadata.name ?? ''));
    s.create(CM, cm('a'));
    assert.deepEqual(seen, ['a']);
    await new Promise((r) => setImmediate(r));
    assert.ok(warnings.some((w) => w.includes('boom')));
  } finally {
    process.off('warning', onWarning);
  }
});

void test('closed stores refuse writes', async () => {
  const s = await memory();
  await s.close();
  assert.throws(() => s.create(CM, cm('a')), /closed/);
});
