// Durability: objects and the resourceVersion counter survive reopening, a torn final
// record is ignored, a hole in the middle of the log is refused, compaction keeps
// everything, the lock keeps a second process out, and kill -9 mid-write loses nothing
// acknowledged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../resources/types.ts';
import { crc32 } from './crc32.ts';
import { openStore } from './store.ts';

const CM = { group: '', resource: 'configmaps' };
const HERE = import.meta.dirname;

function cm(name: string, data: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data };
}

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'gangway-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The files of an open store as a kill -9 would leave them, in a new state directory. */
function crashCopy(t: { after: (fn: () => void) => void }, dir: string): string {
  const copy = join(tempDir(t), 'state');
  cpSync(join(dir, 'store'), join(copy, 'store'), { recursive: true });
  rmSync(join(copy, 'store', 'lock'), { force: true });
  return copy;
}

void test('objects, deletions and the resourceVersion counter survive a reopen', async (t) => {
  const dir = tempDir(t);
  const s = await openStore(dir);
  const a = s.create(CM, cm('a', { k: 'v' }));
  s.create(CM, cm('b'));
  s.update(CM, cm('a', { k: 'w' }));
  s.delete(CM, 'default', 'b');
  assert.equal(s.resourceVersion, 4);
  await s.close();

  const s2 = await openStore(dir);
  try {
    assert.equal(s2.resourceVersion, 4);
    const a2 = s2.get(CM, 'default', 'a');
    assert.deepEqual(a2?.['data'], { k: 'w' });
    assert.equal(a2?.metadata.uid, a.metadata.uid);
    assert.ok(Object.isFrozen(a2));
    assert.equal(s2.get(CM, 'default', 'b'), undefined);
    assert.equal(s2.create(CM, cm('c')).metadata.resourceVersion, '5');
  } finally {
    await s2.close();
  }
});

void test('without close (as after kill -9) the log alone restores everything', async (t) => {
  const dir = tempDir(t);
  const s = await openStore(dir);
  for (let i = 0; i < 10; i++) s.create(CM, cm(`o${i}`));
  const copy = crashCopy(t, dir);
  await s.close();
  assert.deepEqual(readdirSync(join(copy, 'store')), ['log']);
  const s2 = await openStore(copy);
  assert.equal(s2.list(CM).length, 10);
  assert.equal(s2.resourceVersion, 10);
  await s2.close();
});

void test('a torn final record is ignored and cut off; later writes append cleanly', async (t) => {
  const dir = tempDir(t);
  const s = await openStore(dir);
  s.create(CM, cm('a'));
  s.create(CM, cm('b'));
  const base = crashCopy(t, dir);
  await s.close();
  const log = readFileSync(join(base, 'store', 'log'));
  const tails = [
    '0badc0de {"rv":3,"ops":[{"put"', // cut mid-record
    '12345678 {"rv":3}\n', // complete line, wrong checksum
    '\u0000\u0000\u0000\u0000', // zero-filled tail
  ];
  for (const tail of tails) {
    const copy = crashCopy(t, base);
    const path = join(copy, 'store', 'log');
    appendFileSync(path, tail);
    const s2 = await openStore(copy);
    assert.equal(s2.resourceVersion, 2, JSON.stringify(tail));
    assert.equal(statSync(path).size, log.length, 'the torn tail is cut off');
    s2.create(CM, cm('c'));
    const again = crashCopy(t, copy);
    await s2.close();
    const s3 = await openStore(again);
    assert.deepEqual(
      s3.list(CM).map((o) => o.metadata.name),
      ['a', 'b', 'c'],
    );
    assert.equal(s3.resourceVersion, 3);
    await s3.close();
  }
});

void test('a damaged record followed by good ones is refused with a clear message', async (t) => {
  const dir = tempDir(t);
  const s = await openStore(dir);
  s.create(CM, cm('a'));
  s.create(CM, cm('b'));
  const copy = crashCopy(t, dir);
  await s.close();
  const log = join(copy, 'store', 'log');
  const data = readFileSync(log);
  data[20] = data[20] === 0x61 ? 0x62 : 0x61; // flip a byte inside the first record
  writeFileSync(log, data);
  await assert.rejects(openStore(copy), /record 1 is damaged but later records are intact/);
});

void test('compaction writes a snapshot, empties the log, and loses nothing', async (t) => {
  const dir = tempDir(t);
  const s = await openStore(dir, { compactAfterBytes: 4096 });
  for (let i = 0; i < 60; i++) s.create(CM, cm(`o${i}`, { pad: 'x'.repeat(100) }));
  for (let i = 0; i < 60; i += 2) s.delete(CM, 'default', `o${i}`);
  const logSize = statSync(join(dir, 'store', 'log')).size;
  assert.ok(logSize < 4096 + 1024, `log was compacted (${logSize} bytes)`);
  assert.ok(statSync(join(dir, 'store', 'snapshot')).size > 0);
  const rv = s.resourceVersion;
  // Reopen without close, from a copy: snapshot + log as they are on disk now.
  const copy = crashCopy(t, dir);
  await s.close();
  assert.deepEqual(readdirSync(join(copy, 'store')).sort(), ['log', 'snapshot']);
  const s2 = await openStore(copy);
  assert.equal(s2.resourceVersion, rv);
  assert.equal(s2.list(CM).length, 30);
  await s2.close();
});

void test('a crash between writing the snapshot and emptying the log loads cleanly', async (t) => {
  const dir = tempDir(t);
  const s = await openStore(dir);
  s.create(CM, cm('a'));
  s.create(CM, cm('b'));
  s.delete(CM, 'default', 'a');
  const copy = crashCopy(t, dir);
  await s.close(); // compacts: snapshot at rv 3, empty log
  const oldLog = readFileSync(join(copy, 'store', 'log'));
  // The snapshot is written but the log still holds the records it covers.
  writeFileSync(join(dir, 'store', 'log'), oldLog);
  const s2 = await openStore(dir);
  assert.equal(s2.resourceVersion, 3);
  assert.deepEqual(
    s2.list(CM).map((o) => o.metadata.name),
    ['b'],
  );
  await s2.close();
});

void test('crc32 is the IEEE CRC-32', () => {
  assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  assert.equal(crc32(Buffer.alloc(0)), 0);
});

void test('the lock: a second open in this process fails; a live process holds it; a dead one does not', async (t) => {
  const dir = tempDir(t);
  const s = await openStore(dir);
  await assert.rejects(openStore(dir), /already open in this process/);
  await s.close();

  const sleeper = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  t.after(() => sleeper.kill('SIGKILL'));
  writeFileSync(join(dir, 'store', 'lock'), `${sleeper.pid}\n`);
  await assert.rejects(
    openStore(dir),
    new RegExp(`in use by another gangway process \\(pid ${sleeper.pid}\\)`),
  );
  const exited = new Promise((r) => sleeper.once('exit', r));
  sleeper.kill('SIGKILL');
  await exited;
  const s2 = await openStore(dir);
  assert.equal(readFileSync(join(dir, 'store', 'lock'), 'utf8').trim(), String(process.pid));
  await s2.close();
  assert.deepEqual(readdirSync(join(dir, 'store')).includes('lock'), false, 'close releases the lock');
});

async function runAndKill(dir: string, prefix: string, acks: number): Promise<string[]> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(HERE, 'testdata', 'crash-writer.ts'), dir, prefix],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if ((out.match(/^ack /gm)?.length ?? 0) >= acks) resolve();
      });
      child.once('exit', (code) => reject(new Error(`writer exited early (${code}): ${err}`)));
    });
    child.kill('SIGKILL');
    await exited;
    return [...out.matchAll(/^ack (\S+)$/gm)].map((m) => m[1]!);
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
}

void test('kill -9 while writing: the store loads and holds every acknowledged write', async (t) => {
  const dir = tempDir(t);
  const acknowledged: string[] = [];
  for (const [round, acks] of [
    [0, 150],
    [1, 97],
    [2, 213],
  ] as const) {
    acknowledged.push(...(await runAndKill(dir, `r${round}`, acks)));
    // The dead writer's lock is stale: opening takes it over.
    const s = await openStore(dir);
    const names = new Set(s.list(CM).map((o) => o.metadata.name));
    for (const n of acknowledged) assert.ok(names.has(n), `${n} was acknowledged but lost (round ${round})`);
    for (const n of acknowledged) {
      const i = Number(n.split('-')[1]);
      const o = s.get(CM, 'default', n)!;
      if (i % 3 === 0)
        assert.equal((o['data'] as Record<string, string>)['updated'], 'yes', `${n} update lost`);
    }
    assert.ok(s.resourceVersion >= acknowledged.length);
    await s.close();
  }
});
