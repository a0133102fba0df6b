import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Histogram, percentile } from './histogram.ts';

function near(a: number, b: number): boolean {
  return Math.abs(a - b) < 1e-12;
}

void test('buckets on fortio edges, first starts at min and last ends at max', () => {
  const h = new Histogram();
  for (const ms of [0.5, 0.7, 3.2, 3.4, 3.6, 4.5, 13]) h.record(ms / 1000);
  const s = h.summary();
  assert.equal(s.count, 7);
  assert.deepEqual(
    s.buckets.map((b) => [b.start, b.end, b.count]),
    [
      [0.0005, 0.001, 2],
      [0.003, 0.004, 3],
      [0.004, 0.005, 1],
      [0.012, 0.013, 1],
    ],
  );
  assert.ok(near(s.min, 0.0005) && near(s.max, 0.013));
  assert.ok(near(s.buckets.at(-1)?.percent ?? 0, 100));
});

void test('percentiles interpolate inside the crossing bucket', () => {
  // 45% of calls at or below 4 ms, 55% at or below 5 ms: p50 is 4.5 ms (fortio's example).
  const h = new Histogram();
  for (let i = 0; i < 45; i++) h.record(0.0035);
  for (let i = 0; i < 10; i++) h.record(0.0045);
  for (let i = 0; i < 45; i++) h.record(0.0095);
  const s = h.summary();
  assert.ok(near(percentile(s, 50), 0.0045), String(percentile(s, 50)));
  assert.equal(percentile(s, 0), s.min);
  assert.equal(percentile(s, 100), s.max);
  assert.ok(percentile(s, 99.9) <= s.max);
});

void test('overflow beyond 100 s lands in a last bucket ending at the max', () => {
  const h = new Histogram();
  h.record(150);
  const s = h.summary();
  assert.deepEqual(
    s.buckets.map((b) => [b.start, b.end]),
    [[150, 150]],
  );
  assert.equal(percentile(s, 50), 150);
});

void test('an empty histogram summarises to zeros', () => {
  const s = new Histogram().summary();
  assert.equal(s.count, 0);
  assert.equal(percentile(s, 50), 0);
});
