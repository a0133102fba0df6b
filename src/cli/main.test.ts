// Argument parsing: help, suggestions for mistyped commands and options, exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './test-support/run-cli.ts';

const COMMANDS = ['up', 'down', 'status', 'apply', 'get', 'describe', 'delete', 'logs', 'version'];

async function home(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gangway-main-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

void test('--help lists every command and exits 0', async (t) => {
  const r = await runCli(await home(t), ['--help']);
  assert.equal(r.code, 0);
  for (const c of COMMANDS) assert.match(r.stdout, new RegExp(`^  ${c}\\b`, 'm'), c);
  assert.match(r.stdout, /GANGWAY_HOME/);
});

void test('every command has --help', async (t) => {
  const h = await home(t);
  for (const c of COMMANDS) {
    const r = await runCli(h, [c, '--help']);
    assert.equal(r.code, 0, c);
    assert.match(r.stdout, new RegExp(`^Usage: gangway ${c}`, 'm'), c);
  }
  const r = await runCli(h, ['help', 'get']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^Usage: gangway get/m);
});

const MISTAKES: { argv: string[]; stderr: RegExp }[] = [
  { argv: ['aply'], stderr: /error: unknown command 'aply'\n\(Did you mean apply\?\)/ },
  { argv: ['stauts'], stderr: /\(Did you mean status\?\)/ },
  { argv: ['delet', 'pod', 'x'], stderr: /\(Did you mean delete\?\)/ },
  {
    argv: ['get', '--namspace', 'x', 'pods'],
    stderr: /error: unknown option '--namspace'\n\(Did you mean --namespace\?\)/,
  },
  { argv: ['up', '--node', '2'], stderr: /\(Did you mean --nodes\?\)/ },
  { argv: ['up', '--nodes', 'two'], stderr: /--nodes must be an integer/ },
  { argv: ['up', '--api-port', '70000'], stderr: /--api-port must be between 0 and 65535/ },
  { argv: ['version', 'extra'], stderr: /too many arguments/ },
];

for (const m of MISTAKES) {
  void test(`gangway ${m.argv.join(' ')} -> suggestion or error, exit 1`, async (t) => {
    const r = await runCli(await home(t), m.argv);
    assert.equal(r.code, 1);
    assert.match(r.stderr, m.stderr);
    assert.equal(r.stdout, '');
  });
}

void test('no command prints the help on stderr and exits 1', async (t) => {
  const r = await runCli(await home(t), []);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Usage: gangway/);
});

void test('version prints the client version and nothing about a server when none runs', async (t) => {
  const r = await runCli(await home(t), ['version']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^Client Version: v\d+\.\d+\.\d+\n$/);
});

void test('commands that need the API say how to start gangway when it is not running', async (t) => {
  const h = await home(t);
  for (const argv of [
    ['get', 'pods'],
    ['apply', '-f', 'x.yaml'],
    ['delete', 'svc', 'x'],
    ['logs', 'p'],
    ['describe', 'svc'],
  ]) {
    const r = await runCli(h, argv);
    assert.equal(r.code, 1, argv.join(' '));
    assert.equal(r.stderr, `gangway is not running in ${h}; start it with: gangway up -d\n`, argv.join(' '));
  }
  const s = await runCli(h, ['status']);
  assert.equal(s.code, 1);
  assert.match(s.stderr, /gangway is not running in/);
  const d = await runCli(h, ['down']);
  assert.equal(d.code, 0);
  assert.equal(d.stdout, `gangway is not running in ${h}\n`);
});
