// The lifecycle of `up` in-process with a fake stack (dependency injection): foreground run
// until a signal, the pid file guarding a second `up`, status/version against it, failures.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StackOptions } from '../../runtime/stack.ts';
import type { SignalWaiter } from '../context.ts';
import { PID_FILE, readPid, readRunState, STATE_FILE } from '../run-files.ts';
import { startFakeStack, type FakeStackOptions } from '../test-support/fake-stack.ts';
import { runCli } from '../test-support/run-cli.ts';

async function tempHome(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gangway-up-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function waitFor(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function manualSignals(): { signals: () => SignalWaiter; fire: (s: string) => void } {
  let fire: (s: string) => void = () => undefined;
  const wait = new Promise<string>((r) => (fire = r));
  return { signals: () => ({ wait, dispose: () => undefined }), fire: (s) => fire(s) };
}

function fake(
  f: FakeStackOptions = {},
  seen?: StackOptions[],
): (o: StackOptions) => ReturnType<typeof startFakeStack> {
  return (o) => {
    seen?.push(o);
    return startFakeStack(o, f);
  };
}

void test('up runs in the foreground until a signal; the pid file refuses a second up', async (t) => {
  const home = await tempHome(t);
  const { signals, fire } = manualSignals();
  const seen: StackOptions[] = [];
  const deps = { startStack: fake({}, seen), signals, realSignals: false };
  const running = runCli(
    home,
    ['up', '--api-port', '0', '--nodes', '2', '-f', 'a.yaml', '-f', 'b.yaml,c.yaml'],
    deps,
  );
  t.after(() => fire('SIGTERM'));
  await waitFor('ready', async () => (await readRunState(home))?.phase === 'ready');
  assert.equal(await readPid(home), process.pid);
  assert.equal(seen.length, 1);
  assert.deepEqual(
    { ...seen[0], log: undefined },
    {
      home,
      manifests: ['a.yaml', 'b.yaml', 'c.yaml'],
      nodes: 2,
      apiPort: 0,
      addressBlock: 1,
      log: undefined,
      istio: true,
      istioSets: [],
      portMap: new Map(),
      dnsPort: 15353,
    },
  );

  const second = await runCli(home, ['up', '--api-port', '0'], {
    startStack: fake(),
    signals,
    realSignals: false,
  });
  assert.equal(second.code, 1);
  assert.equal(
    second.stderr,
    `gangway is already running in ${home} (pid ${process.pid}); stop it with: gangway down\n`,
  );

  const status = await runCli(home, ['status']);
  assert.equal(status.code, 0, status.stderr);
  assert.match(
    status.stdout,
    new RegExp(
      `^gangway is running in ${home} \\(pid ${process.pid}\\)\\nAPI server: https://127\\.0\\.0\\.1:\\d+\\n`,
    ),
  );
  assert.match(status.stdout, /\[\+\]fake-component ok\nreadyz check passed\n$/);

  const version = await runCli(home, ['version']);
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^Client Version: v\d+\.\d+\.\d+\nServer Version: v1\.32\.4-gangway\n$/);

  fire('SIGTERM');
  const r = await running;
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /fake stack: starting in /);
  assert.match(
    r.stdout,
    new RegExp(
      `gangway is running in ${home} \\(pid ${process.pid}\\)\\n  API server   https://127\\.0\\.0\\.1:\\d+  \\(kubectl: export KUBECONFIG=${join(home, 'kubeconfig')}\\)\\n  node         gangway-node-1  127\\.1\\.0\\.1\\nStop it with Ctrl-C \\(or gangway down\\)\\n`,
    ),
  );
  assert.match(r.stdout, /received SIGTERM, stopping gangway\nfake stack: stopped\ngangway stopped\n$/);
  assert.equal(existsSync(join(home, PID_FILE)), false);
  assert.equal(existsSync(join(home, STATE_FILE)), false);
});

void test('up exits 1 with the reason when the stack fails to start', async (t) => {
  const home = await tempHome(t);
  const { signals } = manualSignals();
  const r = await runCli(home, ['up'], {
    startStack: fake({ fail: 'listen EADDRINUSE: 127.0.0.1:6443' }),
    signals,
    realSignals: false,
  });
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'error: gangway failed to start: listen EADDRINUSE: 127.0.0.1:6443\n');
  assert.equal(existsSync(join(home, PID_FILE)), false);
  assert.deepEqual(await readRunState(home), {
    pid: process.pid,
    phase: 'failed',
    reason: 'listen EADDRINUSE: 127.0.0.1:6443',
    summary: [],
  });
});

void test('status exits 1 and shows the failing check when a component is not ready', async (t) => {
  const home = await tempHome(t);
  const { signals, fire } = manualSignals();
  const running = runCli(home, ['up', '--api-port', '0'], {
    startStack: fake({ ready: false }),
    signals,
    realSignals: false,
  });
  t.after(() => fire('SIGINT'));
  await waitFor('ready', async () => (await readRunState(home))?.phase === 'ready');
  const status = await runCli(home, ['status']);
  assert.equal(status.code, 1);
  assert.match(status.stdout, /\[-\]fake-component failed: reason withheld\nreadyz check failed\n$/);
  fire('SIGINT');
  assert.equal((await running).code, 0);
});

void test('a stale pid file (dead process) does not block up; GANGWAY_ADDRESS_BLOCK is the default block', async (t) => {
  const home = await tempHome(t);
  const child = spawn(process.execPath, ['-e', '']);
  const deadPid = await new Promise<number>((r) => child.on('exit', () => r(child.pid!)));
  await writeFile(join(home, PID_FILE), `${deadPid}\n`);
  const { signals, fire } = manualSignals();
  const seen: StackOptions[] = [];
  const running = runCli(home, ['up', '--api-port', '0'], {
    startStack: fake({}, seen),
    signals,
    realSignals: false,
    env: { GANGWAY_HOME: home, GANGWAY_ADDRESS_BLOCK: '7' },
  });
  t.after(() => fire('SIGINT'));
  await waitFor('ready', async () => (await readRunState(home))?.phase === 'ready');
  assert.equal(await readPid(home), process.pid);
  assert.equal(seen[0]?.addressBlock, 7);
  fire('SIGINT');
  assert.equal((await running).code, 0);
  const bad = await runCli(home, ['up'], {
    env: { GANGWAY_HOME: home, GANGWAY_ADDRESS_BLOCK: '300' },
    startStack: fake(),
    signals,
    realSignals: false,
  });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /GANGWAY_ADDRESS_BLOCK must be an integer between 1 and 254/);
});
