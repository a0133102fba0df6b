// isoTime: the access log's START_TIME matches Date#toISOString across second, millisecond
// and year boundaries, however the per-second cache was left by the previous call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoTime } from './access-log.ts';

void test('isoTime equals toISOString', () => {
  const cases = [
    0, 1, 9, 10, 99, 100, 999, 1000, 1001, 1_700_000_000_000, 1_700_000_000_007, 1_700_000_000_070,
    1_700_000_000_999, 1_700_000_001_000, -1, -999, -1000, -1001, 253_402_300_799_999, 253_402_300_800_000,
    -62_198_755_200_000, 1_700_000_000_123.9,
  ];
  for (const ms of [...cases, ...cases.slice().reverse()])
    assert.equal(isoTime(ms), new Date(ms).toISOString(), String(ms));
});
