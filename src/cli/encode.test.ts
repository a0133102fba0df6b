// Output encodings as kubectl writes them: Go JSON, go-yaml quoting, last-applied.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goJsonIndent, listWrapper, withoutManagedFields } from './encode.ts';
import { goJsonMarshal as goJsonCompact } from '../resources/go-json.ts';
import { toKubectlYaml } from './kubectl-yaml.ts';
import {
  lastAppliedConfiguration,
  LAST_APPLIED_ANNOTATION,
  withLastApplied,
} from '../resources/last-applied.ts';

void test('Go JSON: sorted keys, 4-space indent, HTML characters escaped', () => {
  assert.equal(goJsonCompact({ b: 1, a: { d: [], c: {} } }), '{"a":{"c":{},"d":[]},"b":1}');
  assert.equal(
    goJsonCompact({ s: '<a href="x">&</a>' }),
    '{"s":"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"}',
  );
  assert.equal(goJsonIndent({ b: [1], a: 'x' }), '{\n    "a": "x",\n    "b": [\n        1\n    ]\n}\n');
});

const YAML_SCALARS: { value: unknown; want: string }[] = [
  { value: 'plain', want: 'v: plain\n' },
  { value: 'true', want: 'v: "true"\n' },
  { value: 'yes', want: 'v: "yes"\n' },
  { value: 'on', want: 'v: "on"\n' },
  { value: '80', want: 'v: "80"\n' },
  { value: '0777', want: 'v: "0777"\n' },
  { value: '1.5', want: 'v: "1.5"\n' },
  { value: '', want: 'v: ""\n' },
  { value: 'null', want: 'v: "null"\n' },
  { value: '2025-01-02T03:04:05Z', want: 'v: "2025-01-02T03:04:05Z"\n' },
  { value: '*', want: "v: '*'\n" },
  { value: 'a: b', want: "v: 'a: b'\n" },
  { value: '- x', want: "v: '- x'\n" },
  { value: '/healthz', want: 'v: /healthz\n' },
  { value: 'nginxdemos/hello:plain-text', want: 'v: nginxdemos/hello:plain-text\n' },
  { value: 'a\tb', want: 'v: "a\\tb"\n' },
  { value: '{"a":1}\n', want: 'v: |\n  {"a":1}\n' },
  { value: 80, want: 'v: 80\n' },
  { value: true, want: 'v: true\n' },
  { value: null, want: 'v: null\n' },
  { value: {}, want: 'v: {}\n' },
  { value: [], want: 'v: []\n' },
];

for (const c of YAML_SCALARS) {
  void test(`yaml ${JSON.stringify(c.value)}`, () => {
    assert.equal(toKubectlYaml({ v: c.value }), c.want);
  });
}

void test("yaml: keys sorted, sequences at the key's indentation, as kubectl prints", () => {
  const text = toKubectlYaml({
    spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }] },
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name: 'p' },
  });
  assert.equal(
    text,
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p',
      'spec:',
      '  containers:',
      '  - image: nginx',
      '    name: web',
      '    ports:',
      '    - containerPort: 80',
      '',
    ].join('\n'),
  );
});

void test('the List wrapper and managedFields stripping', () => {
  assert.equal(
    toKubectlYaml(listWrapper([])),
    'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n',
  );
  assert.deepEqual(withoutManagedFields({ metadata: { name: 'x', managedFields: [{}] } }), {
    metadata: { name: 'x' },
  });
});

void test("last-applied-configuration is kubectl's: sorted compact JSON, annotations {} kept, newline", () => {
  const obj = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'test-svc', namespace: 'test-ns' },
    spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80 }] },
  };
  assert.equal(
    lastAppliedConfiguration(obj),
    '{"apiVersion":"v1","kind":"Service","metadata":{"annotations":{},"name":"test-svc","namespace":"test-ns"},"spec":{"ports":[{"port":80,"targetPort":80}],"selector":{"app":"web"}}}\n',
  );
  const annotated = withLastApplied({ ...obj, metadata: { ...obj.metadata, annotations: { a: 'b' } } });
  const value = annotated.metadata.annotations?.[LAST_APPLIED_ANNOTATION] ?? '';
  assert.ok(value.includes('"annotations":{"a":"b"}'));
  assert.equal(
    withLastApplied(annotated).metadata.annotations?.[LAST_APPLIED_ANNOTATION],
    value,
    'idempotent',
  );
});
