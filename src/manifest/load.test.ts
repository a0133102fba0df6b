// loadManifests: files, directories walked like kubectl, stdin, and missing paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { loadManifests } from './load.ts';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'gangway-load-'));
  for (const [name, text] of Object.entries(files)) {
    const path = join(root, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
  }
  return root;
}

void test('directories are walked recursively in filepath.Walk order, keeping .json/.yaml/.yml', async (t) => {
  const root = tree({
    'm/b.yaml': 'kind: B\n',
    'm/a/z.yml': 'kind: AZ\n',
    'm/a-c.yaml': 'kind: AC\n',
    'm/c.json': '{"kind": "C"}',
    'm/notes.txt': 'kind: Ignored\n',
    'single.txt': 'kind: Named\n',
  });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const r = await loadManifests(['m', 'single.txt'], { cwd: root });
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.files, ['m/a/z.yml', 'm/a-c.yaml', 'm/b.yaml', 'm/c.json', 'single.txt']);
  assert.deepEqual(
    r.manifests.map((m) => [m.source.file, m.object]),
    [
      ['m/a/z.yml', { kind: 'AZ' }],
      ['m/a-c.yaml', { kind: 'AC' }],
      ['m/b.yaml', { kind: 'B' }],
      ['m/c.json', { kind: 'C' }],
      ['single.txt', { kind: 'Named' }],
    ],
  );
});

void test('a missing path is reported in kubectl words; other paths still load', async (t) => {
  const root = tree({ 'ok.yaml': 'kind: Ok\n' });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const r = await loadManifests(['nope.yaml', 'ok.yaml'], { cwd: root });
  assert.deepEqual(r.diagnostics, [
    { code: 'PATH-NOT-FOUND', severity: 'error', message: 'the path "nope.yaml" does not exist' },
  ]);
  assert.deepEqual(r.files, ['ok.yaml']);
  assert.equal(r.manifests.length, 1);
});

void test('`-` reads stdin, named - in sources', async () => {
  const stdin = Readable.from(['apiVersion: v1\nkind: Namespace\n', 'metadata: {name: x}\n']);
  const r = await loadManifests(['-'], { stdin });
  assert.deepEqual(r.files, ['-']);
  assert.deepEqual(r.manifests[0]!.object, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } });
  assert.deepEqual(r.manifests[0]!.source.locate(['metadata', 'name']), { file: '-', line: 3, column: 18 });
});

void test('a file with a syntax error contributes diagnostics only', async (t) => {
  const root = tree({ 'a.yaml': 'kind: A\n', 'b.yaml': 'kind: B\n---\nx: [\n' });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const r = await loadManifests(['a.yaml', 'b.yaml'], { cwd: root });
  assert.deepEqual(
    r.manifests.map((m) => m.object),
    [{ kind: 'A' }],
  );
  assert.equal(r.diagnostics.length, 1);
  assert.equal(r.diagnostics[0]!.at?.file, 'b.yaml');
});
