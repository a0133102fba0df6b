// Parsers of the bench harness's load tools (bench/parse.ts): sample outputs -> numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  h2loadDurationMs,
  median,
  parseAutocannon,
  parseH2load,
  parseH2loadLog,
  parseWrk,
  percentile,
} from '../../bench/parse.ts';

const WRK = `Running 1s test @ http://127.250.0.1:31649/
  1 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.27ms    2.18ms  24.96ms   90.41%
  4187 requests in 1.01s, 10.30MB read
Requests/sec:   4165.92
RESULT rps=4165.92 p50_us=1426 p99_us=12428 requests=4187 errors=2 non2xx=3
`;

const H2LOAD = `finished in 1.00s, 3915.00 req/s, 8.82MB/s
requests: 3915 total, 3923 started, 3915 done, 3910 succeeded, 5 failed, 0 errored, 0 timeout
status codes: 3910 2xx, 0 3xx, 0 4xx, 1 5xx
                     min         max         mean         sd        +/- sd
time for request:      952us     14.69ms      2.01ms      1.13ms    89.55%
`;

const AUTOCANNON = `{"url":"http://x/","errors":1,"timeouts":2,"non2xx":3,"latency":{"p50":4,"p99":9},"requests":{"average":4990,"total":4990}}`;

void test('parseWrk reads the RESULT line (us -> ms, errors + non2xx)', () => {
  assert.deepEqual(parseWrk(WRK), { rps: 4165.92, p50_ms: 1.426, p99_ms: 12.428, requests: 4187, errors: 5 });
  assert.throws(() => parseWrk('Running 1s test'), /no RESULT line/);
});

void test('h2loadDurationMs converts every unit', () => {
  for (const [text, ms] of [
    ['952us', 0.952],
    ['14.69ms', 14.69],
    ['1.5s', 1500],
  ] as const)
    assert.equal(h2loadDurationMs(text), ms);
  assert.throws(() => h2loadDurationMs('12 parsecs'));
});

void test('parseH2load: rps, failures, percentiles from the log or the summary', () => {
  const log = ['1\t200\t1000', '2\t200\t3000', '3\t200\t2000', '4\t-1\t9000', 'junk'].join('\n');
  assert.deepEqual(parseH2loadLog(log), [1, 3, 2, 9]);
  const withLog = parseH2load(H2LOAD, log);
  assert.deepEqual(withLog, { rps: 3915, p50_ms: 2, p99_ms: 9, requests: 3915, errors: 6 });
  const noLog = parseH2load(H2LOAD);
  assert.equal(noLog.p50_ms, 2.01);
  assert.equal(noLog.p99_ms, 14.69);
  assert.throws(() => parseH2load('nothing'), /not understood/);
});

void test('parseAutocannon reads the JSON report, alone or after other lines', () => {
  const want = { rps: 4990, p50_ms: 4, p99_ms: 9, requests: 4990, errors: 6 };
  assert.deepEqual(parseAutocannon(AUTOCANNON), want);
  assert.deepEqual(parseAutocannon(`Running...\n${AUTOCANNON}\n`), want);
  assert.throws(() => parseAutocannon('{"requests":{}}'), /no requests.average/);
});

void test('percentile and median', () => {
  const table: [number[], number, number][] = [
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4], 99, 4],
    [[5], 50, 5],
    [[], 50, 0],
  ];
  for (const [values, p, want] of table) assert.equal(percentile(values, p), want);
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 2, 3]), 2.5);
  assert.equal(median([]), 0);
});
