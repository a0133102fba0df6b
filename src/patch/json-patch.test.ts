// JSON Patch: RFC 6902 Appendix A examples, plus the API server library's extras and errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonPatchError, applyJsonPatch } from './json-patch.ts';

const rfcCases: { name: string; doc: unknown; patch: unknown[]; want?: unknown; error?: RegExp }[] = [
  {
    name: 'A.1 add an object member',
    doc: { foo: 'bar' },
    patch: [{ op: 'add', path: '/baz', value: 'qux' }],
    want: { foo: 'bar', baz: 'qux' },
  },
  {
    name: 'A.2 add an array element',
    doc: { foo: ['bar', 'baz'] },
    patch: [{ op: 'add', path: '/foo/1', value: 'qux' }],
    want: { foo: ['bar', 'qux', 'baz'] },
  },
  {
    name: 'A.3 remove an object member',
    doc: { baz: 'qux', foo: 'bar' },
    patch: [{ op: 'remove', path: '/baz' }],
    want: { foo: 'bar' },
  },
  {
    name: 'A.4 remove an array element',
    doc: { foo: ['bar', 'qux', 'baz'] },
    patch: [{ op: 'remove', path: '/foo/1' }],
    want: { foo: ['bar', 'baz'] },
  },
  {
    name: 'A.5 replace a value',
    doc: { baz: 'qux', foo: 'bar' },
    patch: [{ op: 'replace', path: '/baz', value: 'boo' }],
    want: { baz: 'boo', foo: 'bar' },
  },
  {
    name: 'A.6 move a value',
    doc: { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
    patch: [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
    want: { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
  },
  {
    name: 'A.7 move an array element',
    doc: { foo: ['all', 'grass', 'cows', 'eat'] },
    patch: [{ op: 'move', from: '/foo/1', path: '/foo/3' }],
    want: { foo: ['all', 'cows', 'eat', 'grass'] },
  },
  {
    name: 'A.8 test a value: success',
    doc: { baz: 'qux', foo: ['a', 2, 'c'] },
    patch: [
      { op: 'test', path: '/baz', value: 'qux' },
      { op: 'test', path: '/foo/1', value: 2 },
    ],
    want: { baz: 'qux', foo: ['a', 2, 'c'] },
  },
  {
    name: 'A.9 test a value: error',
    doc: { baz: 'qux' },
    patch: [{ op: 'test', path: '/baz', value: 'bar' }],
    error: /^testing value \/baz failed: test failed$/,
  },
  {
    name: 'A.10 add a nested member object',
    doc: { foo: 'bar' },
    patch: [{ op: 'add', path: '/child', value: { grandchild: {} } }],
    want: { foo: 'bar', child: { grandchild: {} } },
  },
  {
    name: 'A.12 add to a nonexistent target',
    doc: { foo: 'bar' },
    patch: [{ op: 'add', path: '/baz/bat', value: 'qux' }],
    error: /^add operation does not apply: doc is missing path: "\/baz\/bat": missing value$/,
  },
  {
    name: 'A.14 ~ escape ordering',
    doc: { '/': 9, '~1': 10 },
    patch: [{ op: 'test', path: '/~01', value: 10 }],
    want: { '/': 9, '~1': 10 },
  },
  {
    name: 'A.15 comparing strings and numbers',
    doc: { '/': 9, '~1': 10 },
    patch: [{ op: 'test', path: '/~01', value: '10' }],
    error: /test failed/,
  },
  {
    name: 'A.16 add an array value',
    doc: { foo: ['bar'] },
    patch: [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }],
    want: { foo: ['bar', ['abc', 'def']] },
  },
  {
    name: 'copy',
    doc: { a: { b: 1 } },
    patch: [{ op: 'copy', from: '/a', path: '/c' }],
    want: { a: { b: 1 }, c: { b: 1 } },
  },
  {
    name: 'negative index counts from the end',
    doc: { a: [1, 2, 3] },
    patch: [{ op: 'remove', path: '/a/-1' }],
    want: { a: [1, 2] },
  },
  {
    name: 'remove a missing key',
    doc: { a: {} },
    patch: [{ op: 'remove', path: '/a/b' }],
    error: /^error in remove for path: '\/a\/b': Unable to remove nonexistent key: b: missing value$/,
  },
  {
    name: 'replace a missing key',
    doc: { a: {} },
    patch: [{ op: 'replace', path: '/a/b', value: 1 }],
    error: /^replace operation does not apply: doc is missing key: \/a\/b: missing value$/,
  },
  {
    name: 'index out of range',
    doc: { a: [1] },
    patch: [{ op: 'add', path: '/a/5', value: 1 }],
    error: /^error in add for path: '\/a\/5': Unable to access invalid index: 5: invalid index referenced$/,
  },
  { name: 'unknown op', doc: {}, patch: [{ op: 'frob', path: '/a' }], error: /^Unexpected kind: frob$/ },
  {
    name: 'missing path',
    doc: {},
    patch: [{ op: 'add', value: 1 }],
    error: /^operation missing path field: missing value$/,
  },
  {
    name: 'escaped kubernetes label key',
    doc: { metadata: { labels: { 'app.kubernetes.io/name': 'x' } } },
    patch: [{ op: 'remove', path: '/metadata/labels/app.kubernetes.io~1name' }],
    want: { metadata: { labels: {} } },
  },
];

for (const c of rfcCases) {
  void test(`json patch: ${c.name}`, () => {
    const frozen = Object.freeze(structuredClone(c.doc));
    if (c.error) {
      assert.throws(
        () => applyJsonPatch(frozen, c.patch),
        (err: unknown) =>
          err instanceof JsonPatchError && err.phase === 'apply' && c.error!.test(err.message),
      );
    } else {
      assert.deepEqual(applyJsonPatch(frozen, c.patch), c.want);
    }
  });
}

void test('json patch: the document must be an array of objects', () => {
  for (const [patch, message] of [
    [{ op: 'add' }, 'json: cannot unmarshal object into Go value of type jsonpatch.Patch'],
    [['x'], 'json: cannot unmarshal string into Go value of type jsonpatch.Operation'],
  ] as const) {
    assert.throws(
      () => applyJsonPatch({}, patch),
      (err: unknown) => err instanceof JsonPatchError && err.phase === 'decode' && err.message === message,
    );
  }
});

void test('json patch: operations apply in order and see each other; the input is untouched', () => {
  const doc = { spec: { replicas: 1 } };
  const out = applyJsonPatch(doc, [
    { op: 'test', path: '/spec/replicas', value: 1 },
    { op: 'replace', path: '/spec/replicas', value: 3 },
    { op: 'test', path: '/spec/replicas', value: 3 },
  ]);
  assert.deepEqual(out, { spec: { replicas: 3 } });
  assert.deepEqual(doc, { spec: { replicas: 1 } });
});
