// X-Amzn-Trace-Id roots: `1-<8 hex epoch seconds>-<24 hex>` whatever the order of the clock
// readings (the epoch part is cached per second), all distinct over several pool refills.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newTraceId } from './upstream-headers.ts';

void test('newTraceId: format, epoch seconds, uniqueness across pool refills', () => {
  const seen = new Set<string>();
  const times = [0, 999, 1000, 1_700_000_000_500, 1_700_000_001_000, 1_700_000_000_000, 4_294_967_295_000];
  for (let i = 0; i < 2000; i++) {
    const ms = times[i % times.length]!;
    const id = newTraceId(new Date(ms));
    const m = /^1-([0-9a-f]{8})-([0-9a-f]{24})$/.exec(id);
    assert.ok(m, id);
    assert.equal(parseInt(m[1]!, 16), Math.floor(ms / 1000), id);
    assert.ok(!seen.has(m[2]!), `repeated ${id}`);
    seen.add(m[2]!);
  }
});
