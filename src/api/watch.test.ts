import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, openStream, startHarness } from './test-support/harness.ts';
import type { Harness } from './test-support/harness.ts';

const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const CM = '/api/v1/namespaces/default/configmaps';

interface Event {
  type: string;
  object: {
    kind: string;
    metadata: { name?: string; resourceVersion?: string; annotations?: Record<string, string> };
    code?: number;
    reason?: string;
    columnDefinitions?: unknown[];
    rows?: unknown[];
  };
}
const parse = (lines: string[]): Event[] => lines.filter((l) => l !== '').map((l) => JSON.parse(l) as Event);
const summary = (lines: string[]): string[] =>
  parse(lines).map((e) => `${e.type} ${e.object.metadata.name ?? ''}`);

async function harness(
  t: { after(fn: () => Promise<void>): void },
  bookmarkIntervalMs?: number,
): Promise<Harness> {
  const h = await startHarness(bookmarkIntervalMs === undefined ? {} : { bookmarkIntervalMs });
  t.after(() => h.close());
  return h;
}

function cm(name: string, labels: Record<string, string> = {}, data: Record<string, string> = {}): unknown {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data };
}

void test('resourceVersion unset: synthetic ADDED for current objects, then changes', async (t) => {
  const h = await harness(t);
  await call(h.url, 'POST', CM, { body: cm('a') });
  const s = await openStream(h.url, `${CM}?watch=true`);
  t.after(() => s.close());
  assert.equal(s.status, 200);
  await s.waitFor((l) => l.length === 1);
  await call(h.url, 'POST', CM, { body: cm('b') });
  await call(h.url, 'PATCH', `${CM}/a`, {
    body: '{"data":{"k":"v"}}',
    headers: { 'Content-Type': 'application/merge-patch+json' },
  });
  await call(h.url, 'DELETE', `${CM}/b`);
  await s.waitFor((l) => l.length === 4);
  assert.deepEqual(summary(s.lines), ['ADDED a', 'ADDED b', 'MODIFIED a', 'DELETED b']);
});

void test('resourceVersion=N: only events after N; too old is an ERROR 410 Expired event', async (t) => {
  const h = await harness(t);
  await call(h.url, 'POST', CM, { body: cm('a') });
  const rv = String(h.store.resourceVersion);
  await call(h.url, 'POST', CM, { body: cm('b') });
  const s = await openStream(h.url, `${CM}?watch=true&resourceVersion=${rv}`);
  t.after(() => s.close());
  await s.waitFor((l) => l.length === 1);
  assert.deepEqual(summary(s.lines), ['ADDED b']);

  h.store.compact();
  const old = await openStream(h.url, `${CM}?watch=true&resourceVersion=${rv}&allowWatchBookmarks=true`);
  await old.waitEnd();
  const [err] = parse(old.lines);
  assert.equal(err?.type, 'ERROR');
  assert.equal(err.object.kind, 'Status');
  assert.equal(err.object.code, 410);
  assert.equal(err.object.reason, 'Expired');
  const bad = await call(h.url, 'GET', `${CM}?watch=true&resourceVersion=abc`);
  assert.equal(bad.status, 400);
});

void test('headers are flushed before any event; the stream stays open', async (t) => {
  const h = await harness(t);
  const s = await openStream(h.url, `${CM}?watch=true&resourceVersion=${h.store.resourceVersion}`);
  t.after(() => s.close());
  assert.equal(s.status, 200);
  assert.equal(s.headers['content-type'], 'application/json');
  assert.equal(s.headers['transfer-encoding'], 'chunked');
  assert.equal(s.ended, false);
});

void test('BOOKMARKs only with allowWatchBookmarks; timeoutSeconds ends the stream', async (t) => {
  const h = await harness(t, 20);
  const plain = await openStream(h.url, `${CM}?watch=true`);
  t.after(() => plain.close());
  const informer = await openStream(h.url, `${CM}?watch=true&allowWatchBookmarks=true&timeoutSeconds=1`);
  await informer.waitFor((l) => parse(l).some((e) => e.type === 'BOOKMARK'));
  const bm = parse(informer.lines).find((e) => e.type === 'BOOKMARK')!;
  assert.equal(bm.object.kind, 'ConfigMap');
  assert.equal(bm.object.metadata.resourceVersion, String(h.store.resourceVersion));
  await informer.waitEnd();
  // a change after the informer's bookmarks: the plain stream shows it and no bookmark at all
  await call(h.url, 'POST', CM, { body: cm('x') });
  await plain.waitFor((l) => l.length >= 1);
  assert.deepEqual(summary(plain.lines), ['ADDED x']);
});

void test('sendInitialEvents: ADDEDs, then a bookmark marking the end of initial events', async (t) => {
  const h = await harness(t);
  await call(h.url, 'POST', CM, { body: cm('a') });
  const s = await openStream(
    h.url,
    `${CM}?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan`,
  );
  t.after(() => s.close());
  await s.waitFor((l) => l.length === 2);
  const [added, bookmark] = parse(s.lines);
  assert.equal(added?.type, 'ADDED');
  assert.equal(bookmark?.type, 'BOOKMARK');
  assert.equal(bookmark.object.metadata.annotations?.['k8s.io/initial-events-end'], 'true');
});

void test('selectors per event: leaving the selection is DELETED, entering it ADDED', async (t) => {
  const h = await harness(t);
  await call(h.url, 'POST', CM, { body: cm('a', { app: 'web' }) });
  await call(h.url, 'POST', CM, { body: cm('b', { app: 'db' }) });
  const s = await openStream(h.url, `${CM}?watch=true&labelSelector=app%3Dweb`);
  t.after(() => s.close());
  await s.waitFor((l) => l.length === 1);
  const relabel = (name: string, app: string): ReturnType<typeof call> =>
    call(h.url, 'PATCH', `${CM}/${name}`, {
      body: JSON.stringify({ metadata: { labels: { app } } }),
      headers: { 'Content-Type': 'application/merge-patch+json' },
    });
  await relabel('a', 'db');
  await relabel('b', 'web');
  await relabel('b', 'web'); // no-op write: no event
  await call(h.url, 'PATCH', `${CM}/b`, {
    body: '{"data":{"k":"v"}}',
    headers: { 'Content-Type': 'application/merge-patch+json' },
  });
  await s.waitFor((l) => l.length === 4);
  assert.deepEqual(summary(s.lines), ['ADDED a', 'DELETED a', 'ADDED b', 'MODIFIED b']);

  // a single object (kubectl get x -w): fieldSelector metadata.name
  const one = await openStream(h.url, `${CM}/b?watch=true`);
  t.after(() => one.close());
  await one.waitFor((l) => l.length === 1);
  assert.deepEqual(summary(one.lines), ['ADDED b']);
});

void test('Table watches: columnDefinitions on the first event only', async (t) => {
  const h = await harness(t);
  await call(h.url, 'POST', CM, { body: cm('a') });
  const s = await openStream(h.url, `${CM}?watch=true`, { Accept: TABLE_ACCEPT });
  t.after(() => s.close());
  await s.waitFor((l) => l.length === 1);
  await call(h.url, 'POST', CM, { body: cm('b') });
  await s.waitFor((l) => l.length === 2);
  const [first, second] = parse(s.lines);
  assert.equal(first?.object.kind, 'Table');
  assert.ok((first.object.columnDefinitions ?? []).length > 0);
  assert.equal(second?.object.kind, 'Table');
  assert.deepEqual(second.object.columnDefinitions, []);
  assert.equal(second.object.rows?.length, 1);
});

void test('legacy /watch/ paths, all-namespace watches, and stop() ends every stream', async (t) => {
  const h = await startHarness();
  let stopped = false;
  t.after(async () => {
    if (!stopped) await h.close();
  });
  const legacy = await openStream(h.url, '/api/v1/watch/namespaces/default/configmaps');
  const all = await openStream(h.url, '/api/v1/configmaps?watch=1');
  await call(h.url, 'POST', '/api/v1/namespaces/kube-system/configmaps', { body: cm('sys') });
  await all.waitFor((l) => l.length === 1);
  assert.deepEqual(summary(all.lines), ['ADDED sys']);
  assert.deepEqual(legacy.lines, []);
  assert.equal(h.store.watchers, 2);
  await h.close();
  stopped = true;
  await legacy.waitEnd();
  await all.waitEnd();
  assert.equal(h.store.watchers, 0);
});

void test('a client going away releases its watch', async (t) => {
  const h = await harness(t);
  const s = await openStream(h.url, `${CM}?watch=true`);
  assert.equal(h.store.watchers, 1);
  s.close();
  const deadline = Date.now() + 20_000;
  const watchers = (): number => h.store.watchers;
  while (watchers() !== 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  assert.equal(watchers(), 0);
});
