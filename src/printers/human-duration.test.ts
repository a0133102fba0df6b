// HumanDuration against the table of apimachinery util/duration, boundaries included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { humanDuration, timestampSince } from './human-duration.ts';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const Y = 365 * D;

const CASES: [number, string][] = [
  [-2 * S, '<invalid>'],
  [-1999, '0s'],
  [-1 * S, '0s'],
  [-500, '0s'],
  [0, '0s'],
  [999, '0s'],
  [45 * S, '45s'],
  [2 * M - 1, '119s'],
  [2 * M, '2m'],
  [3 * M + 5 * S, '3m5s'],
  [3 * M, '3m'],
  [10 * M - S, '9m59s'],
  [10 * M, '10m'],
  [25 * M + 59 * S, '25m'],
  [3 * H - S, '179m'],
  [3 * H, '3h'],
  [2 * H + 5 * M, '125m'],
  [3 * H + 5 * M, '3h5m'],
  [8 * H - S, '7h59m'],
  [8 * H, '8h'],
  [25 * H + 20 * M, '25h'],
  [48 * H - S, '47h'],
  [48 * H, '2d'],
  [3 * D + 4 * H + 10 * M, '3d4h'],
  [8 * D - S, '7d23h'],
  [8 * D, '8d'],
  [45 * D, '45d'],
  [2 * Y - S, '729d'],
  [2 * Y, '2y'],
  [2 * Y + 10 * D, '2y10d'],
  [8 * Y - S, '7y364d'],
  [8 * Y, '8y'],
  [20 * Y + 100 * D, '20y'],
];

void test('humanDuration', async (t) => {
  for (const [ms, want] of CASES) {
    await t.test(`${ms}ms -> ${want}`, () => assert.equal(humanDuration(ms), want));
  }
});

void test('timestampSince', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  assert.equal(timestampSince('2026-03-01T11:57:55Z', now), '2m5s');
  assert.equal(timestampSince(undefined, now), '<unknown>');
  assert.equal(timestampSince('', now), '<unknown>');
  assert.equal(timestampSince('garbage', now), '<unknown>');
});
