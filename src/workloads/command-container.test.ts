// Mapped commands and URL forwarders as containers: PORT/HOST, env, argv, logs, exit
// status, SIGTERM on stop, the DialTable fallback when the model port cannot be bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { createServer } from 'node:http';
import { addressPlan } from '../net/addresses.ts';
import { startCommand } from './command-container.ts';
import { startUrlForwarder } from './url-container.ts';
import { TEST_BLOCK, testContext, waitFor } from './test-helpers.ts';

function get(host: string, port: number, path = '/'): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

const SERVER =
  "node -e \"require('http').createServer((q,s)=>s.end(process.env.MSG+' '+process.argv.slice(1).join(','))).listen(+process.env.PORT,process.env.HOST,()=>console.log('up '+process.env.HOST+':'+process.env.PORT))\" \"$@\"";

void test('a command gets PORT, HOST, env and args; its output is the log; stop sends SIGTERM', async () => {
  const podIP = `127.${TEST_BLOCK}.142.2`;
  const lines: string[] = [];
  const ctx = testContext({
    podIP,
    lines,
    ports: [{ containerPort: 8080 }],
    env: { MSG: 'hello' },
    argv: ['a', 'b'],
  });
  const inst = await startCommand(ctx, SERVER, 'myorg/app:1.0');
  try {
    await waitFor('listening', () => lines.includes(`up ${podIP}:8080`));
    assert.equal(await get(podIP, 8080), 'hello a,b');
  } finally {
    const exit = await inst.stop(5);
    assert.deepEqual(exit, { exitCode: 143, reason: 'Error', signal: 'SIGTERM' });
  }
});

void test('exit codes and the last line without newline', async () => {
  const lines: string[] = [];
  const inst = await startCommand(
    testContext({ podIP: `127.${TEST_BLOCK}.142.3`, lines }),
    'echo one; printf two; exit 4',
    'x',
  );
  assert.deepEqual(await inst.exited, { exitCode: 4, reason: 'Error' });
  assert.deepEqual(lines, ['one', 'two']);
  const ok = await startCommand(testContext({ podIP: `127.${TEST_BLOCK}.142.3` }), 'true', 'x');
  assert.deepEqual(await ok.exited, { exitCode: 0, reason: 'Completed' });
});

void test('a single-address plan: the second pod on a port gets an ephemeral one through the DialTable', async (t) => {
  const plan = addressPlan(TEST_BLOCK, false);
  const taken = createServer(); // holds 127.0.0.1:<port>, as another pod would
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  t.after(() => taken.close());
  const addr = taken.address();
  assert.ok(addr && typeof addr === 'object');
  const port = addr.port;
  const lines: string[] = [];
  const ctx = testContext({
    podIP: '127.0.0.1',
    plan,
    lines,
    ports: [{ containerPort: port }],
    env: { MSG: 'm' },
  });
  const inst = await startCommand(ctx, SERVER, 'x');
  try {
    const real = ctx.dial.resolve('127.0.0.1', port);
    assert.notEqual(real.port, port);
    await waitFor('listening', () => lines.includes(`up 127.0.0.1:${real.port}`));
    assert.equal(await get(real.host, real.port), 'm ');
  } finally {
    await inst.stop(0);
  }
  assert.equal(ctx.dial.resolve('127.0.0.1', port).port, port, 'mapping removed on exit');
});

void test('a URL mapping forwards podIP:containerPort to the URL', async (t) => {
  const upstream = createServer((req, res) => res.end(`upstream ${req.url ?? ''}`));
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  t.after(() => upstream.close());
  const addr = upstream.address();
  assert.ok(addr && typeof addr === 'object');
  const podIP = `127.${TEST_BLOCK}.142.4`;
  const lines: string[] = [];
  const ctx = testContext({ podIP, lines, ports: [{ containerPort: 80 }] });
  const inst = await startUrlForwarder(
    ctx,
    { host: '127.0.0.1', port: addr.port },
    `http://127.0.0.1:${addr.port}`,
  );
  try {
    assert.equal(await get(podIP, 80, '/p?q=1'), 'upstream /p?q=1');
    assert.deepEqual(lines, [`gangway: forwarding ${podIP}:80 to http://127.0.0.1:${addr.port}`]);
  } finally {
    assert.deepEqual(await inst.stop(0), { exitCode: 0, reason: 'Completed' });
  }
});
