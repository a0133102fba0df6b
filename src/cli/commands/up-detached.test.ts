// `up -d`, `status` and `down` across real processes. The detached child cannot receive a
// fake stack by dependency injection, so this test sets GANGWAY_TEST_STACK_MODULE (read
// only in cli/deps.ts, for tests) to test-support/fake-stack.ts: the child then runs that
// fake instead of runtime/stack.ts. Everything else (bin/gangway.js, the spawn, the log
// file, state.json, the pid file, signals) is the real thing.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isProcessAlive, LOG_FILE, PID_FILE, readPid, STATE_FILE } from '../run-files.ts';
import { runCli } from '../test-support/run-cli.ts';

const BIN = fileURLToPath(new URL('../../../bin/gangway.js', import.meta.url));
const FAKE_STACK = fileURLToPath(new URL('../test-support/fake-stack.ts', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function gangway(home: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        env: { ...process.env, GANGWAY_HOME: home, GANGWAY_TEST_STACK_MODULE: FAKE_STACK, ...env },
        timeout: 240_000,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function tempHome(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gangway-d-'));
  t.after(async () => {
    const pid = await readPid(dir);
    if (pid !== undefined && pid !== process.pid && isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });
  return dir;
}

void test('up -d returns once ready; status and version reach it; down stops it', async (t) => {
  const home = await tempHome(t);
  const up = await gangway(home, ['up', '-d', '--api-port', '0']);
  assert.equal(up.code, 0, up.stderr);
  const pid = await readPid(home);
  assert.ok(pid !== undefined && pid !== process.pid && isProcessAlive(pid), 'a detached child runs');
  assert.match(
    up.stdout,
    new RegExp(`^starting gangway in the background \\(pid ${pid}\\); log: ${join(home, LOG_FILE)}\\n`),
  );
  assert.match(
    up.stdout,
    new RegExp(
      `gangway is running in ${home} \\(pid ${pid}\\)\\n  API server   https://127\\.0\\.0\\.1:\\d+  \\(kubectl: export KUBECONFIG=${join(home, 'kubeconfig')}\\)\\n  node         gangway-node-1  127\\.1\\.0\\.1\\nStop it with: gangway down\\n$`,
    ),
  );
  assert.match(up.stdout, /export KUBECONFIG=/);

  const again = await gangway(home, ['up', '-d']);
  assert.equal(again.code, 1);
  assert.equal(
    again.stderr,
    `gangway is already running in ${home} (pid ${pid}); stop it with: gangway down\n`,
  );

  const status = await gangway(home, ['status']);
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, /\[\+\]fake-component ok\nreadyz check passed\n$/);
  const version = await gangway(home, ['version']);
  assert.match(version.stdout, /Server Version: v1\.32\.4-gangway/);

  const down = await gangway(home, ['down']);
  assert.equal(down.code, 0, down.stderr);
  assert.equal(down.stdout, 'gangway stopped\n');
  assert.equal(isProcessAlive(pid), false);
  assert.equal(existsSync(join(home, PID_FILE)), false);
  assert.equal(existsSync(join(home, STATE_FILE)), false);
  const log = await readFile(join(home, LOG_FILE), 'utf8');
  assert.match(log, /fake stack: API server listening on/);
  assert.match(log, /received SIGTERM, stopping gangway\nfake stack: stopped\ngangway stopped\n/);

  const after = await gangway(home, ['status']);
  assert.equal(after.code, 1);
  assert.equal(after.stderr, `gangway is not running in ${home}; start it with: gangway up -d\n`);
  const downAgain = await gangway(home, ['down']);
  assert.equal(downAgain.code, 0);
  assert.equal(downAgain.stdout, `gangway is not running in ${home}\n`);
});

void test('up -d reports a failed start with the reason and the log tail, exit 1', async (t) => {
  const home = await tempHome(t);
  const up = await gangway(home, ['up', '-d', '--api-port', '0'], {
    GANGWAY_FAKE_STACK_FAIL: 'port 6443 is taken',
  });
  assert.equal(up.code, 1);
  assert.match(up.stderr, /^error: gangway failed to start: port 6443 is taken\n/);
  assert.match(up.stderr, new RegExp(`last lines of ${join(home, LOG_FILE)}:\\n`));
  assert.match(up.stderr, / {2}fake stack: starting in /);
  assert.equal(existsSync(join(home, PID_FILE)), false);
});

void test('up -d gives up after --wait-timeout when the child never gets ready', async (t) => {
  const home = await tempHome(t);
  // A stack module that never resolves: the child stays "starting".
  const hang = join(home, 'hang-stack.mjs');
  await writeFile(
    hang,
    'export function startStack(o) { o.log("hanging"); return new Promise(() => {}); }\n',
  );
  const up = await gangway(home, ['up', '-d', '--wait-timeout', '2'], { GANGWAY_TEST_STACK_MODULE: hang });
  assert.equal(up.code, 1);
  assert.match(up.stderr, /^error: gangway did not become ready within 2s; stopped it\n/);
  // The log tail follows (whether the child got as far as logging depends on the machine's load).
  assert.match(up.stderr, /\nlast lines of .*gangway\.log:\n {2}--- gangway up -d --wait-timeout 2 at /);
  assert.equal(
    existsSync(join(home, PID_FILE)),
    false,
    'the stuck child was killed and its pid file removed',
  );
});

void test('down SIGKILLs a process that ignores SIGTERM after --timeout', async (t) => {
  const home = await tempHome(t);
  const stubborn = spawn(
    process.execPath,
    ['-e', 'process.on("SIGTERM", () => {}); console.log("up"); setInterval(() => {}, 1000);'],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  t.after(() => stubborn.kill('SIGKILL'));
  await new Promise((r) => stubborn.stdout.once('data', r));
  await writeFile(join(home, PID_FILE), `${stubborn.pid}\n`);
  const exited = new Promise((r) => stubborn.on('exit', r));
  const down = await runCli(home, ['down', '--timeout', '1']);
  await exited;
  assert.equal(down.code, 0, down.stderr);
  assert.match(
    down.stderr,
    new RegExp(`gangway \\(pid ${stubborn.pid}\\) did not stop within 1s; killing it`),
  );
  assert.equal(down.stdout, 'gangway stopped\n');
  assert.equal(existsSync(join(home, PID_FILE)), false);
});
