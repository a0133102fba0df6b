// Issue 2 acceptance: kill -9 of the stack in the middle of a large apply leaves a store that
// loads, holding every object the apply reported as applied before the kill.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, eventually, newCluster } from './harness.ts';

void test('kill -9 during a large apply, then up: the store loads with every acknowledged object', async (t) => {
  const c = newCluster();
  t.after(() => c.stop());
  const up = await c.gangway(['up', '-d', '--api-port', '0']);
  assert.equal(up.code, 0, up.stdout + up.stderr);

  const docs: string[] = [];
  for (let i = 0; i < 400; i++) {
    docs.push(
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bulk-${i}\n  namespace: default\ndata:\n  i: "${i}"\n  pad: "${'x'.repeat(200)}"\n`,
    );
  }
  const file = join(c.home, 'bulk.yaml');
  writeFileSync(file, docs.join('---\n'));

  const apply = spawn(process.execPath, [BIN, 'apply', '-f', file], {
    env: c.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  apply.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise((r) => apply.once('exit', r));
  await eventually('some objects applied', () =>
    Promise.resolve((out.match(/created/g)?.length ?? 0) >= 20 ? true : undefined),
  );
  const pid = Number(readFileSync(join(c.home, 'gangway.pid'), 'utf8').trim());
  process.kill(pid, 'SIGKILL');
  const acknowledged = out.match(/configmap\/bulk-\d+ created/g) ?? [];
  await exited;

  const up2 = await c.gangway(['up', '-d', '--api-port', '0']);
  assert.equal(up2.code, 0, up2.stdout + up2.stderr);
  const r = await c.kubectl(['get', 'configmaps', '-n', 'default', '-o', 'name']);
  assert.equal(r.code, 0, r.stderr);
  for (const line of acknowledged) {
    const name = /bulk-\d+/.exec(line)![0];
    assert.match(r.stdout, new RegExp(`configmap/${name}\\n`), `${name} was acknowledged but lost`);
  }
});
