// The trace API's request body: accepted shapes and the 400s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '../registry/status-error.ts';
import { parseTraceBody } from './api.ts';

void test('parseTraceBody accepts url, method and header pairs', () => {
  assert.deepEqual(parseTraceBody('{"url":"https://a.example.com/"}'), {
    url: 'https://a.example.com/',
    method: 'GET',
    headers: [],
  });
  assert.deepEqual(parseTraceBody('{"url":"http://a/","method":"POST","headers":[["X-A","1"]]}').headers, [
    ['X-A', '1'],
  ]);
});

for (const body of [
  'nope',
  '{}',
  '{"url":"ftp://x/"}',
  '{"url":"http://a/","headers":[["x"]]}',
  '{"url":"http://a/","method":"G T"}',
])
  void test(`parseTraceBody rejects ${body} with a 400`, () => {
    assert.throws(
      () => parseTraceBody(body),
      (e: unknown) => e instanceof StatusError && e.code === 400,
    );
  });
