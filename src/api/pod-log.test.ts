import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../resources/types.ts';
import { resolveContainer, rfc3339NanoFixed, selectLines } from './pod-log.ts';
import { call, openStream, startHarness } from './test-support/harness.ts';

function pod(containers: string[], init: string[] = []): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default' },
    spec: {
      containers: containers.map((name) => ({ name, image: 'x' })),
      initContainers: init.map((name) => ({ name, image: 'x' })),
    },
  };
}

void test('resolveContainer: the API server rules and messages', () => {
  const cases: [KubeObject, string | undefined, string][] = [
    [pod(['web']), undefined, 'web'],
    [pod(['web', 'side']), 'side', 'side'],
    [pod(['web'], ['init']), 'init', 'init'],
  ];
  for (const [p, requested, want] of cases) assert.equal(resolveContainer(p, requested), want);
  const errors: [KubeObject, string | undefined, string][] = [
    [
      pod(['web', 'side']),
      undefined,
      'a container name must be specified for pod p, choose one of: [web side]',
    ],
    [
      pod(['web', 'side'], ['init']),
      undefined,
      'a container name must be specified for pod p, choose one of: [web side] or one of the init containers: [init]',
    ],
    [pod(['web']), 'nope', 'container nope is not valid for pod p'],
  ];
  for (const [p, requested, message] of errors) {
    assert.throws(() => resolveContainer(p, requested), { code: 400, reason: 'BadRequest', message });
  }
});

void test('rfc3339NanoFixed pads to nine digits', () => {
  assert.equal(rfc3339NanoFixed(new Date('2025-01-02T03:04:05.120Z')), '2025-01-02T03:04:05.120000000Z');
});

void test('selectLines: since, then tail', () => {
  const now = new Date('2025-01-01T00:10:00Z');
  const lines = [0, 5, 8, 9].map((m) => ({
    time: new Date(now.getTime() - (10 - m) * 60_000),
    text: `m${m}`,
  }));
  const texts = (o: Parameters<typeof selectLines>[1]): string[] =>
    selectLines(lines, o, now).map((l) => l.text);
  const base = { follow: false, previous: false, timestamps: false };
  assert.deepEqual(texts({ ...base, tailLines: 2 }), ['m8', 'm9']);
  assert.deepEqual(texts({ ...base, tailLines: 0 }), []);
  assert.deepEqual(texts({ ...base, sinceSeconds: 300 }), ['m5', 'm8', 'm9']);
  assert.deepEqual(texts({ ...base, sinceSeconds: 300, tailLines: 1 }), ['m9']);
  assert.deepEqual(texts({ ...base, sinceTime: new Date(now.getTime() - 90_000) }), ['m9']);
});

void test('GET pods/x/log: text, options, errors, follow until the pod is deleted', async (t) => {
  const h = await startHarness();
  t.after(() => h.close());
  const pods = '/api/v1/namespaces/default/pods';
  await call(h.url, 'POST', pods, {
    body: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-1' },
      spec: { containers: [{ name: 'web' }] },
    },
  });
  await call(h.url, 'POST', pods, {
    body: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'two' },
      spec: { containers: [{ name: 'a' }, { name: 'b' }] },
      status: { containerStatuses: [{ name: 'a', state: { waiting: { reason: 'ImagePullBackOff' } } }] },
    },
  });
  h.logs.add('default', 'web-1', 'web', 'one', new Date('2025-01-01T00:00:00.5Z'));
  h.logs.add('default', 'web-1', 'web', 'two', new Date('2025-01-01T00:00:01Z'));

  const plain = await call(h.url, 'GET', `${pods}/web-1/log`);
  assert.equal(plain.status, 200);
  assert.equal(plain.headers['content-type'], 'text/plain');
  assert.equal(plain.text, 'one\ntwo\n');
  assert.equal((await call(h.url, 'GET', `${pods}/web-1/log?tailLines=1`)).text, 'two\n');
  assert.equal(
    (await call(h.url, 'GET', `${pods}/web-1/log?container=web&timestamps=true&tailLines=1`)).text,
    '2025-01-01T00:00:01.000000000Z two\n',
  );
  assert.equal((await call(h.url, 'GET', `${pods}/web-1/log?limitBytes=5`)).text, 'one\nt');

  const errors: [string, number, string][] = [
    [`${pods}/nope/log`, 404, 'pods "nope" not found'],
    [`${pods}/two/log`, 400, 'a container name must be specified for pod two, choose one of: [a b]'],
    [`${pods}/two/log?container=a`, 400, 'container "a" in pod "two" is waiting to start: ImagePullBackOff'],
    [`${pods}/web-1/log?previous=true`, 400, 'previous terminated container "web" in pod "web-1" not found'],
    [
      `${pods}/web-1/log?tailLines=-1`,
      422,
      'PodLogOptions "web-1" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0',
    ],
  ];
  for (const [path, code, message] of errors) {
    const r = await call(h.url, 'GET', path);
    assert.equal(r.status, code, path);
    assert.equal(r.json()['message'], message, path);
  }

  const s = await openStream(h.url, `${pods}/web-1/log?follow=true&tailLines=1`);
  await s.waitFor((l) => l.length === 1);
  h.logs.add('default', 'web-1', 'web', 'three');
  await s.waitFor((l) => l.length === 2);
  assert.deepEqual(s.lines, ['two', 'three']);
  assert.equal(h.logs.followers, 1);
  await call(h.url, 'DELETE', `${pods}/web-1`);
  await s.waitEnd();
  assert.equal(h.logs.followers, 0);
});
