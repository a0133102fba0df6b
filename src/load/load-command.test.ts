// `gangway load` through its command factory: flags parsed as fortio's, the summary on stderr,
// `-o json` on stdout, bad flags rejected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadCommand } from '../cli/commands/load.ts';
import type { ExitBox } from '../cli/command-kit.ts';
import { createContext, type CliDeps } from '../cli/context.ts';
import { bufferOutput } from '../cli/output.ts';

async function runLoadCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = bufferOutput();
  const deps: CliDeps = {
    env: {},
    cwd: process.cwd(),
    output,
    stdin: process.stdin,
    startStack: () => Promise.reject(new Error('no stack in this test')),
    signals: () => ({ wait: new Promise<string>(() => undefined), dispose: () => undefined }),
    realSignals: false,
    now: () => new Date(),
  };
  const ctx = createContext(deps, args);
  const box: ExitBox = { code: 0 };
  const cmd = loadCommand(ctx, box)
    .exitOverride()
    .configureOutput({ writeErr: (s) => output.writeErr(s), writeOut: (s) => output.write(s) });
  try {
    await cmd.parseAsync(args, { from: 'user' });
  } catch {
    box.code = box.code || 1;
  }
  return { code: box.code, stdout: output.stdout, stderr: output.stderr };
}

void test('gangway load -c 2 --qps 0 -n 20 prints the fortio summary', async (t) => {
  let n = 0;
  const server = createServer((req, res) => {
    n++;
    req.resume();
    res.writeHead(n % 10 === 0 ? 503 : 200);
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/get`;

  const r = await runLoadCli(['-c', '2', '--qps', '0', '-n', '20', url]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  const lines = r.stderr.split('\n');
  assert.equal(lines[0], `gangway load running at 0 queries per second, for 20 calls: ${url}`);
  assert.equal(lines[1], 'Starting at max qps with 2 thread(s) for exactly 20 calls (10 per thread + 0)');
  assert.match(r.stderr, /\nEnded after [\d.]+(µs|ms|s) : 20 calls\. qps=[\d.e+]+\n/);
  assert.match(
    r.stderr,
    /\nAggregated Function Time : count 20 avg [\d.e-]+ \+\/- [\d.e-]+ min [\d.e-]+ max [\d.e-]+ sum [\d.e-]+\n/,
  );
  assert.match(r.stderr, /\n# range, mid point, percentile, count\n>= /);
  for (const p of ['50', '75', '90', '99', '99.9'])
    assert.match(r.stderr, new RegExp(`\\n# target ${p.replace('.', '\\.')}% [\\d.e-]+\\n`));
  assert.match(r.stderr, /\nError cases : count 2 /);
  assert.match(
    r.stderr,
    /\nLatency \(ms\) : min [\d.]+ avg [\d.]+ max [\d.]+ p50 [\d.]+ p75 [\d.]+ p90 [\d.]+ p99 [\d.]+ p99\.9 [\d.]+\n/,
  );
  assert.match(r.stderr, /\nSockets used: 2 \(for perfect keepalive, would be 2\)\n/);
  assert.match(r.stderr, /\nCode 200 : 18 \(90\.0 %\)\nCode 503 : 2 \(10\.0 %\)\n/);
  assert.match(r.stderr, /\nAll done 20 calls \(plus 0 warmup\) [\d.]+ ms avg, [\d.]+ qps\n$/);

  const j = await runLoadCli([
    '-c',
    '1',
    '--qps=0',
    '-n',
    '3',
    '-o',
    'json',
    '--histogram-body',
    'o(k)',
    url,
  ]);
  assert.equal(j.code, 0, j.stderr);
  const json = JSON.parse(j.stdout) as Record<string, unknown>;
  assert.equal(json['URL'], url);
  assert.equal(json['RequestedQPS'], 'max');
  assert.equal(json['SocketCount'], 1);
  assert.deepEqual(json['Bodies'], { k: 3 });
  assert.equal((json['DurationHistogram'] as { Count: number }).Count, 3);
  assert.deepEqual(Object.keys(json['LatencyMs'] as object), [
    'min',
    'avg',
    'max',
    'p50',
    'p75',
    'p90',
    'p99',
    'p99.9',
  ]);
  assert.match(j.stderr, /\nBody "k" : 3 \(100\.0 %\)\n/);
});

void test('bad flags and URLs are errors', async () => {
  const cases: [string[], RegExp][] = [
    [['-t', 'five', 'http://127.0.0.1:1/'], /-t must be a duration/],
    [['--qps', '-1', 'http://127.0.0.1:1/'], /--qps must be a number >= 0/],
    [['-H', 'nocolon', 'http://127.0.0.1:1/'], /is not Name: value/],
    [['--resolve', 'x', 'http://127.0.0.1:1/'], /is not host:port:address/],
    [['-n', '1', 'ftp://127.0.0.1:1/'], /unsupported URL scheme ftp/],
    [['-n', '1', '-o', 'yaml', 'http://127.0.0.1:1/'], /--output must be 'json'/],
    [['-n', '1', '--cacert', '/nonexistent/ca.crt', 'https://127.0.0.1:1/'], /cannot read --cacert/],
  ];
  for (const [args, want] of cases) {
    const r = await runLoadCli(args);
    assert.notEqual(r.code, 0, args.join(' '));
    assert.match(r.stderr, want, args.join(' '));
  }
});
