// The flat key tables: keys whose hashes collide ("Aa" and "BB" hash alike) stay apart,
// several routes under one key come back in order, and keys added after a lookup are found.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addKey,
  addPrefix,
  collectPrefixHits,
  keyHits,
  newKeyTable,
  newPrefixTable,
  type Hits,
} from './match-table.ts';

void test('exact keys: colliding hashes, several indices, keys added after a lookup', () => {
  const t = newKeyTable();
  addKey(t, '/Aa', 1);
  addKey(t, '/BB', 2);
  addKey(t, '/BB', 5);
  assert.equal(keyHits(t, '/Aa'), 1);
  assert.deepEqual(keyHits(t, '/BB'), [2, 5]);
  assert.equal(keyHits(t, '/Ab'), undefined);
  addKey(t, '/late', 9);
  assert.equal(keyHits(t, '/late'), 9);
  assert.equal(keyHits(t, '/Aa'), 1);
});

void test('prefixes: every stored prefix of the value, shortest first, colliding hashes apart', () => {
  const t = newPrefixTable();
  addPrefix(t, '/Aa/', 3);
  addPrefix(t, '/BB/', 4);
  addPrefix(t, '/Aa/x/', 7);
  addPrefix(t, '/Aa/', 8);
  const out: Hits[] = [];
  const n = collectPrefixHits(t, '/Aa/x/page', out);
  assert.deepEqual(out.slice(0, n), [[3, 8], 7]);
  const m = collectPrefixHits(t, '/BB/page', out);
  assert.deepEqual(out.slice(0, m), [4]);
  assert.equal(collectPrefixHits(t, '/Cc/page', out), 0);
  addPrefix(t, '/', 0);
  const k = collectPrefixHits(t, '/BB/page', out);
  assert.deepEqual(out.slice(0, k), [0, 4]);
});
