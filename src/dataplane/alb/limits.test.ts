// The ALB's request limits: line, single header, total headers, TRACE, Transfer-Encoding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_HEADER, MAX_HEADERS, MAX_REQUEST_LINE, requestLimitStatus } from './limits.ts';

void test('requestLimitStatus: 400 / 405 / 501 / 0', () => {
  const big = (n: number): string => 'x'.repeat(n);
  const many = (count: number, size: number): string[] =>
    Array.from({ length: count }, (_, i) => [`x-h${String(i)}`, big(size)]).flat();
  const table: [string, string, string, string[], number][] = [
    ['plain GET', 'GET', '/', ['host', 'a'], 0],
    ['request line at the limit', 'GET', '/' + big(MAX_REQUEST_LINE - 15), [], 0],
    ['request line over 16 KiB', 'GET', '/' + big(MAX_REQUEST_LINE), [], 400],
    ['one header just under 16 KiB', 'GET', '/', ['x-a', big(MAX_HEADER - 8)], 0],
    ['one header over 16 KiB', 'GET', '/', ['x-a', big(MAX_HEADER)], 400],
    ['headers at 60 KiB in all', 'GET', '/', many(6, 10_000), 0],
    ['headers over 64 KiB in all', 'GET', '/', many(7, 10_000), 400],
    ['pseudo-headers not counted', 'GET', '/', [':path', big(MAX_HEADERS)], 0],
    ['TRACE', 'TRACE', '/', [], 405],
    ['TE chunked', 'POST', '/', ['Transfer-Encoding', 'chunked'], 0],
    ['TE identity', 'POST', '/', ['transfer-encoding', 'identity'], 0],
    ['TE gzip, chunked', 'POST', '/', ['Transfer-Encoding', 'gzip, chunked'], 501],
    ['TE br', 'POST', '/', ['Transfer-Encoding', 'br'], 501],
    ['too large wins over TRACE', 'TRACE', '/' + big(MAX_REQUEST_LINE), [], 400],
  ];
  for (const [name, method, target, raw, want] of table)
    assert.equal(requestLimitStatus(method, target, raw), want, name);
  assert.ok(MAX_HEADERS === 4 * MAX_HEADER);
});
