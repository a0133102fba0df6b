// Label and field selectors: the parser's grammar and error texts (apimachinery labels and
// fields packages), matching, and the LabelSelector -> string rendering of Scale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../resources/types.ts';
import {
  labelsMatch,
  parseLabelSelector,
  selectorString as formatLabelSelector,
} from '../resources/label-selector.ts';
import { parseFieldSelector } from './field-selector.ts';
import { compileSelectors } from './selectors.ts';
import { StatusError } from './status-error.ts';
import { CM, configMap, setup } from './test-helpers.ts';

const labelCases: { selector: string; labels: Record<string, string>; match: boolean }[] = [
  { selector: '', labels: {}, match: true },
  { selector: 'app=web', labels: { app: 'web' }, match: true },
  { selector: 'app==web', labels: { app: 'web' }, match: true },
  { selector: 'app=web', labels: { app: 'api' }, match: false },
  { selector: 'app!=web', labels: {}, match: true },
  { selector: 'app!=web', labels: { app: 'web' }, match: false },
  { selector: 'env in (prod, staging)', labels: { env: 'staging' }, match: true },
  { selector: 'env in (prod)', labels: {}, match: false },
  { selector: 'env notin (prod)', labels: {}, match: true },
  { selector: 'env notin (prod)', labels: { env: 'prod' }, match: false },
  { selector: 'env', labels: { env: '' }, match: true },
  { selector: '!env', labels: { env: 'x' }, match: false },
  { selector: '!env', labels: {}, match: true },
  { selector: 'app=web,tier', labels: { app: 'web' }, match: false },
  { selector: 'app=web, tier', labels: { app: 'web', tier: 'x' }, match: true },
  { selector: 'app.kubernetes.io/name=web', labels: { 'app.kubernetes.io/name': 'web' }, match: true },
  { selector: 'n>3', labels: { n: '4' }, match: true },
  { selector: 'n<3', labels: { n: '4' }, match: false },
  { selector: 'app=', labels: { app: '' }, match: true },
  { selector: 'in in (in)', labels: { in: 'in' }, match: true },
];

void test('label selectors: parse and match', () => {
  for (const c of labelCases) {
    assert.equal(labelsMatch(parseLabelSelector(c.selector), c.labels), c.match, JSON.stringify(c));
  }
});

const labelErrors: [string, string][] = [
  ['app in', "unable to parse requirement: found '' expected: '('"],
  ['app in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
  ['app=a b', "found 'b', expected: ',' or 'end of string'"],
  ['app=a,', "found '', expected: identifier after ','"],
  [',', "found ',', expected: !, identifier, or 'end of string'"],
  ['app x', "unable to parse requirement: found 'x', expected: in, notin, =, ==, !=, gt, lt"],
  [
    'app=-bad',
    "unable to parse requirement: values[0][app]: Invalid value: \"-bad\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
  ],
  [
    '-k=v',
    "unable to parse requirement: <nil>: Invalid value: \"-k\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
  ],
  [
    'n>x',
    "unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must be an integer",
  ],
];

void test('label selectors: error texts', () => {
  for (const [selector, message] of labelErrors) {
    assert.throws(() => parseLabelSelector(selector), { message }, selector);
  }
});

void test('field selectors: parse, escapes and errors', () => {
  assert.deepEqual(parseFieldSelector('metadata.name=x,status.phase!=Failed'), [
    { field: 'metadata.name', value: 'x', negate: false },
    { field: 'status.phase', value: 'Failed', negate: true },
  ]);
  assert.deepEqual(parseFieldSelector('a==b\\,c'), [{ field: 'a', value: 'b,c', negate: false }]);
  assert.throws(() => parseFieldSelector('foo'), {
    message: "invalid selector: 'foo'; can't understand 'foo'",
  });
  assert.throws(() => parseFieldSelector('a=b=c'), {
    message: 'invalid field selector: unescaped character in value: 61',
  });
  assert.throws(() => parseFieldSelector('a=b\\x'), {
    message: 'invalid field selector: invalid escape sequence: \\x',
  });
});

const event: KubeObject = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'e', namespace: 'ns', labels: { a: 'b' } },
  involvedObject: { kind: 'Pod', name: 'p', namespace: 'ns', uid: 'u-1' },
  type: 'Warning',
  count: 2,
  source: { component: 'kubelet' },
};

void test('compiled selectors match dotted paths, metadata and labels', () => {
  const cases: [Parameters<typeof compileSelectors>[0], boolean][] = [
    [
      {
        fieldSelector:
          'involvedObject.uid=u-1,involvedObject.name=p,involvedObject.namespace=ns,involvedObject.kind=Pod',
      },
      true,
    ],
    [{ fieldSelector: 'metadata.name=e,metadata.namespace=ns' }, true],
    [{ fieldSelector: 'type!=Normal' }, true],
    [{ fieldSelector: 'type=Normal' }, false],
    [{ fieldSelector: 'count=2' }, true],
    [{ fieldSelector: 'source=kubelet' }, true],
    [{ fieldSelector: 'spec.nodeName=' }, true],
    [{ labelSelector: 'a=b', fieldSelector: 'metadata.name=e' }, true],
    [{ labelSelector: 'a=c', fieldSelector: 'metadata.name=e' }, false],
    [undefined, true],
  ];
  for (const [sel, want] of cases) assert.equal(compileSelectors(sel)(event), want, JSON.stringify(sel));
});

void test('a selector that does not parse is a 400 from list', async () => {
  const { reg } = await setup();
  reg.create(CM, 'v1', 'default', configMap('x', {}, { labels: { app: 'web' } }));
  reg.create(CM, 'v1', 'default', configMap('y'));
  assert.deepEqual(
    reg.list(CM, 'v1', 'default', { labelSelector: 'app=web' }).items.map((o) => o.metadata.name),
    ['x'],
  );
  assert.deepEqual(
    reg.list(CM, 'v1', undefined, { fieldSelector: 'metadata.name!=x' }).items.map((o) => o.metadata.name),
    ['y'],
  );
  assert.throws(
    () => reg.list(CM, 'v1', 'default', { labelSelector: 'app in' }),
    (err: unknown) =>
      err instanceof StatusError &&
      err.code === 400 &&
      err.reason === 'BadRequest' &&
      err.message === "unable to parse requirement: found '' expected: '('",
  );
});

void test('LabelSelector renders as LabelSelectorAsSelector(...).String() does', () => {
  assert.equal(formatLabelSelector(undefined), '');
  assert.equal(formatLabelSelector({ matchLabels: { b: '2', a: '1' } }), 'a=1,b=2');
  assert.equal(
    formatLabelSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['prod', 'dev'] },
        { key: 'zone', operator: 'NotIn', values: ['x'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'tier', operator: 'Exists' },
      ],
    }),
    'app=web,!canary,env in (dev,prod),tier,zone notin (x)',
  );
});
