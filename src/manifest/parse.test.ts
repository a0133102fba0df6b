// parseManifests: YAML 1.1 scalars as kubectl reads them, document handling, List
// expansion, syntax errors, and the positions locate() gives back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FieldPath } from '../resources/types.ts';
import { parseManifests } from './parse.ts';

const DOC = `# leading comment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  template:
    spec:
      containers:
      - name: web
        image: nginx
        ports:
        - containerPort: 80
      - name: side
        args: ["a", "b"]
  empty:
`;

void test('locate: value for scalars, key for collections, nearest ancestor for missing fields', () => {
  const { manifests, diagnostics } = parseManifests(DOC, 'd.yaml');
  assert.deepEqual(diagnostics, []);
  const src = manifests[0]!.source;
  const cases: [FieldPath, number, number][] = [
    [[], 2, 1],
    [['kind'], 3, 7],
    [['metadata'], 4, 1],
    [['metadata', 'name'], 5, 9],
    [['metadata', 'labels', 'app'], 6, 17],
    [['spec', 'replicas'], 8, 13],
    [['spec', 'template', 'spec', 'containers'], 11, 7],
    [['spec', 'template', 'spec', 'containers', 0], 12, 9],
    [['spec', 'template', 'spec', 'containers', 0, 'image'], 13, 16],
    [['spec', 'template', 'spec', 'containers', 0, 'ports', 0, 'containerPort'], 15, 26],
    [['spec', 'template', 'spec', 'containers', 1, 'args', 1], 17, 21],
    [['spec', 'template', 'spec', 'containers', 1, 'image'], 16, 9],
    [['spec', 'template', 'spec', 'containers', 5, 'name'], 11, 7],
    [['spec', 'selector', 'matchLabels'], 7, 1],
    [['spec', 'empty'], 18, 3],
    [['spec', 'empty', 'deeper'], 18, 3],
  ];
  for (const [path, line, column] of cases) {
    assert.deepEqual(src.locate(path), { file: 'd.yaml', line, column }, JSON.stringify(path));
  }
  assert.deepEqual(src.locateKey?.(['spec', 'replicas']), { file: 'd.yaml', line: 8, column: 3 });
});

void test('YAML 1.1 scalars resolve as go-yaml v2 does', () => {
  const text = [
    'a: yes',
    'b: on',
    'c: Off',
    'd: y',
    'e: 0777',
    'f: 0x1F',
    'g: 1_000',
    'h: 1:20',
    'i: 2021-03-01',
    'j: 2001-12-14t21:59:43.10-05:00',
    'k: "yes"',
    'l: 1.0',
    'm: ~',
    'nn: 0b101',
    'n: no',
    'on: key',
  ].join('\n');
  const { manifests } = parseManifests(text, 's.yaml');
  assert.deepEqual(manifests[0]!.object, {
    a: true,
    b: true,
    c: false,
    d: true,
    e: 511,
    f: 31,
    g: 1000,
    h: '1:20',
    i: '2021-03-01',
    j: '2001-12-14t21:59:43.10-05:00',
    k: 'yes',
    l: 1,
    m: null,
    nn: 5,
    false: false,
    true: 'key',
  });
});

void test('empty and comment-only documents are skipped; document indexes are kept', () => {
  // The comment belongs to the first document, which the first `---` starts.
  const text = '# only a comment\n---\n---\nkind: A\n---\n~\n---\nkind: B\n...\n';
  const { manifests, diagnostics } = parseManifests(text, 'm.yaml');
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(
    manifests.map((m) => [m.object, m.source.document]),
    [
      [{ kind: 'A' }, 1],
      [{ kind: 'B' }, 3],
    ],
  );
  assert.deepEqual(parseManifests('', 'e.yaml'), { manifests: [], diagnostics: [] });
});

void test('a List is expanded, items keep their positions and inherit apiVersion/kind as kubectl does', () => {
  const text = [
    'apiVersion: v1',
    'kind: ServiceList',
    'items:',
    '- metadata: {name: a}',
    '- apiVersion: v1',
    '  kind: ConfigMap',
    '  metadata:',
    '    name: b',
  ].join('\n');
  const { manifests } = parseManifests(text, 'l.yaml');
  assert.deepEqual(
    manifests.map((m) => m.object),
    [
      { metadata: { name: 'a' }, kind: 'Service', apiVersion: 'v1' },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } },
    ],
  );
  assert.deepEqual(manifests[1]!.source.locate(['metadata', 'name']), {
    file: 'l.yaml',
    line: 8,
    column: 11,
  });
  assert.deepEqual(manifests[0]!.source.locate(['metadata', 'name']), {
    file: 'l.yaml',
    line: 4,
    column: 20,
  });
});

void test('JSON files parse with positions', () => {
  const text = '{\n  "apiVersion": "v1",\n  "kind": "Namespace",\n  "metadata": {"name": "x"}\n}\n';
  const { manifests } = parseManifests(text, 'n.json');
  assert.deepEqual(manifests[0]!.object, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } });
  assert.deepEqual(manifests[0]!.source.locate(['metadata', 'name']), {
    file: 'n.json',
    line: 4,
    column: 24,
  });
});

void test('syntax errors: a readable message at file:line:column, and nothing from the file', () => {
  const cases: [string, string, number, number][] = [
    ['kind: A\n---\na: b: c\n', 'mapping values are not allowed in this context', 3, 4],
    ['a:\n\t- x\n', 'found character that cannot start any token', 2, 1],
    ['a: 1\nb: 2\na: 3\n', 'key "a" already set in map', 3, 1],
    ['a: *nope\n', "unknown anchor 'nope' referenced", 1, 4],
    ['a: "x\n', 'missing closing "quote', 2, 1],
  ];
  for (const [text, message, line, column] of cases) {
    const { manifests, diagnostics } = parseManifests(text, 'bad.yaml');
    assert.deepEqual(manifests, [], text);
    assert.equal(diagnostics.length, 1, text);
    const d = diagnostics[0]!;
    assert.equal(d.code, 'YAML-SYNTAX');
    assert.equal(d.severity, 'error');
    assert.ok(d.message.startsWith(message), `${d.message} should start with ${message}`);
    assert.deepEqual(d.at, { file: 'bad.yaml', line, column }, text);
  }
});
