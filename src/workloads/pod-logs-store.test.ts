// The log store: bounded rings, tail and since, previous instances, follow and its end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PodLogStore } from './pod-logs-store.ts';

void test('bounded ring, tailLines, sinceSeconds', () => {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const logs = new PodLogStore({ maxLines: 3, now: () => new Date(now) });
  assert.equal(logs.read('ns', 'p', 'c'), undefined);
  logs.startInstance('ns', 'p', 'c');
  for (const text of ['a', 'b', 'c', 'd']) {
    logs.append('ns', 'p', 'c', text);
    now += 10_000;
  }
  assert.deepEqual(
    logs.read('ns', 'p', 'c')?.map((l) => l.text),
    ['b', 'c', 'd'],
  );
  assert.deepEqual(
    logs.read('ns', 'p', 'c', { tailLines: 2 })?.map((l) => l.text),
    ['c', 'd'],
  );
  assert.deepEqual(logs.read('ns', 'p', 'c', { tailLines: 0 }), []);
  assert.deepEqual(
    logs.read('ns', 'p', 'c', { sinceSeconds: 25 })?.map((l) => l.text),
    ['c', 'd'],
  );
  assert.equal(logs.read('ns', 'p', 'c', { previous: true }), undefined);
  assert.equal(logs.read('ns', 'p', 'other'), undefined);
});

void test('a restart keeps the previous instance; follow ends with its instance', async () => {
  const logs = new PodLogStore();
  logs.startInstance('ns', 'p', 'c');
  logs.append('ns', 'p', 'c', 'first');
  const got: string[] = [];
  let ended = 0;
  const stop = logs.follow(
    'ns',
    'p',
    'c',
    (l) => got.push(l.text),
    () => ended++,
  );
  logs.append('ns', 'p', 'c', 'second');
  logs.endInstance('ns', 'p', 'c');
  logs.append('ns', 'p', 'c', 'late'); // lines after the end still land in the ring
  assert.deepEqual(got, ['second']);
  assert.equal(ended, 1);
  stop();

  logs.startInstance('ns', 'p', 'c');
  logs.append('ns', 'p', 'c', 'again');
  assert.deepEqual(
    logs.read('ns', 'p', 'c')?.map((l) => l.text),
    ['again'],
  );
  assert.deepEqual(
    logs.read('ns', 'p', 'c', { previous: true })?.map((l) => l.text),
    ['first', 'second', 'late'],
  );

  let ended2 = 0;
  logs.follow(
    'ns',
    'p',
    'c',
    () => undefined,
    () => ended2++,
  );
  logs.removePod('ns', 'p');
  assert.equal(ended2, 1);
  assert.equal(logs.read('ns', 'p', 'c'), undefined);

  let ended3 = 0;
  logs.follow(
    'ns',
    'gone',
    'c',
    () => undefined,
    () => ended3++,
  );
  await Promise.resolve();
  assert.equal(ended3, 1, 'nothing to follow: onEnd on a microtask');
});
