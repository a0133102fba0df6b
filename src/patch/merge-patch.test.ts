// JSON Merge Patch: the RFC 7386 Appendix A table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyMergePatch } from './merge-patch.ts';

const cases: [unknown, unknown, unknown][] = [
  [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
  [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
  [{ a: 'b' }, { a: null }, {}],
  [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
  [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
  [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
  [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
  [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
  [
    ['a', 'b'],
    ['c', 'd'],
    ['c', 'd'],
  ],
  [{ a: 'b' }, ['c'], ['c']],
  [{ a: 'foo' }, null, null],
  [{ a: 'foo' }, 'bar', 'bar'],
  [{ e: null }, { a: 1 }, { e: null, a: 1 }],
  [[1, 2], { a: 'b', c: null }, { a: 'b' }],
  [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
];

void test('merge patch: RFC 7386 appendix A', () => {
  for (const [target, patch, want] of cases) {
    const frozen = Object.freeze(structuredClone(target));
    assert.deepEqual(applyMergePatch(frozen, patch), want, JSON.stringify({ target, patch }));
  }
});

void test('merge patch: kubectl label/annotate shapes', () => {
  const live = { metadata: { name: 'x', labels: { app: 'a', tier: 'web' } }, spec: { replicas: 1 } };
  assert.deepEqual(applyMergePatch(live, { metadata: { labels: { tier: null, env: 'prod' } } }), {
    metadata: { name: 'x', labels: { app: 'a', env: 'prod' } },
    spec: { replicas: 1 },
  });
  assert.deepEqual(live.metadata.labels, { app: 'a', tier: 'web' });
});
