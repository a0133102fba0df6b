import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goDuration, goG, parseGoDuration } from './go-format.ts';

void test('goG prints as Go %g / %.Ng', () => {
  const cases: [number, number | undefined, string][] = [
    [0, undefined, '0'],
    [0.000499, undefined, '0.000499'],
    [0.0144329, undefined, '0.0144329'],
    [0.00001, undefined, '1e-05'],
    [50, undefined, '50'],
    [99.9, undefined, '99.9'],
    [1234567, undefined, '1234567'],
    [0.0056869123, 8, '0.0056869123'],
    [0.003869123, 4, '0.003869'],
    [334.16123, 5, '334.16'],
    [0.0045, 6, '0.0045'],
    [1, 8, '1'],
    [123456789, 4, '1.235e+08'],
    [-2.5, undefined, '-2.5'],
  ];
  for (const [x, p, want] of cases) assert.equal(goG(x, p), want, `goG(${x}, ${p})`);
});

void test('goDuration prints as time.Duration.String()', () => {
  const cases: [bigint, string][] = [
    [0n, '0s'],
    [999n, '999ns'],
    [1_500n, '1.5µs'],
    [59_852_400n, '59.8524ms'],
    [5_000_000_000n, '5s'],
    [1_500_000_000n, '1.5s'],
    [123_400_000_000n, '2m3.4s'],
    [3_600_000_000_000n, '1h0m0s'],
  ];
  for (const [ns, want] of cases) assert.equal(goDuration(ns), want);
});

void test('parseGoDuration reads Go durations in ms', () => {
  const cases: [string, number | undefined][] = [
    ['5s', 5000],
    ['500ms', 500],
    ['1m30s', 90_000],
    ['0.5s', 500],
    ['0', 0],
    ['5', undefined],
    ['s', undefined],
    ['5x', undefined],
  ];
  for (const [text, want] of cases) assert.equal(parseGoDuration(text), want, text);
});
