// The small Go-compatible formatters: JSON marshal, %v, label selectors, quantities and
// the tabwriter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goFormatNumber, goSprintV } from '../resources/go-format.ts';
import { goJsonMarshal } from '../resources/go-json.ts';
import {
  formatLabels,
  formatLabelSelector,
  selectorMatches,
  selectorString,
} from '../resources/label-selector.ts';
import {
  addQuantity,
  parseQuantity,
  quantityMilliValue,
  quantityString,
  quantityValue,
} from '../resources/quantity.ts';
import { DESCRIBE_TABWRITER, GET_TABWRITER, tabwrite } from './tabwriter.ts';

void test('goJsonMarshal: sorted keys, HTML-safe escapes', () => {
  assert.equal(goJsonMarshal(['a', 'b<&>']), '["a","b\\u003c\\u0026\\u003e"]');
  assert.equal(
    goJsonMarshal({ b: 1, a: [true, null], c: 'x\u2028' }),
    '{"a":[true,null],"b":1,"c":"x\\u2028"}',
  );
  assert.equal(goJsonMarshal(0.5), '0.5');
});

void test('goSprintV: fmt %v of decoded JSON values', () => {
  const cases: [unknown, string][] = [
    ['s', 's'],
    [80, '80'],
    [0.5, '0.5'],
    [1234567.5, '1.2345675e+06'],
    [123456.5, '123456.5'],
    [0.00001, '1e-05'],
    [true, 'true'],
    [null, '<nil>'],
    [[1, 'a', [2]], '[1 a [2]]'],
    [{ b: 1, a: 'x' }, 'map[a:x b:1]'],
  ];
  for (const [v, want] of cases) assert.equal(goSprintV(v), want);
  assert.equal(goFormatNumber(-3), '-3');
});

void test('label and selector formatting', () => {
  assert.equal(formatLabels({ b: '2', a: '1' }), 'a=1,b=2');
  assert.equal(formatLabels({}), '<none>');
  assert.equal(formatLabels(undefined), '<none>');
  const sel = {
    matchLabels: { z: '1', app: 'x' },
    matchExpressions: [
      { key: 'tier', operator: 'NotIn', values: ['b', 'a'] },
      { key: 'env', operator: 'Exists' },
      { key: 'old', operator: 'DoesNotExist' },
    ],
  };
  assert.equal(selectorString(sel), 'app=x,env,!old,tier notin (a,b),z=1');
  assert.equal(selectorString({}), '');
  assert.equal(formatLabelSelector({}), '<none>');
  assert.equal(formatLabelSelector(undefined), '<none>');
  assert.equal(selectorMatches(sel, { app: 'x', z: '1', env: '', tier: 'c' }), true);
  assert.equal(selectorMatches(sel, { app: 'x', z: '1', env: '', tier: 'a' }), false);
  assert.equal(selectorMatches(sel, { app: 'x', z: '1', env: '', old: 'y' }), false);
  assert.equal(selectorMatches(undefined, { a: 'b' }), false);
});

void test('quantities: canonical strings, sums and ceilings', async (t) => {
  const canonical: [string, string][] = [
    ['100m', '100m'],
    ['0.1', '100m'],
    ['1000m', '1'],
    ['0.25', '250m'],
    ['1500m', '1500m'],
    ['2', '2'],
    ['100Mi', '100Mi'],
    ['1024Mi', '1Gi'],
    ['1.5Gi', '1536Mi'],
    ['0.5Ki', '512'],
    ['1000Ki', '1000Ki'],
    ['100Gi', '100Gi'],
    ['1e3', '1e3'],
    ['12e3', '12e3'],
    ['1e1', '10'],
    ['5000000', '5M'],
    ['0', '0'],
    ['-100m', '-100m'],
    ['1n', '1n'],
    ['0.0000000001', '1n'],
    ['1.5', '1500m'],
  ];
  for (const [input, want] of canonical) {
    await t.test(`${input} -> ${want}`, () => assert.equal(quantityString(parseQuantity(input)!), want));
  }
  assert.equal(parseQuantity('1.2.3'), undefined);
  assert.equal(parseQuantity('Mi'), undefined);
  assert.equal(parseQuantity(''), undefined);
  const sum = addQuantity(parseQuantity('100Mi')!, parseQuantity('200Mi')!);
  assert.equal(quantityString(sum), '300Mi');
  assert.equal(quantityString(addQuantity(parseQuantity('0')!, parseQuantity('1Gi')!)), '1Gi');
  assert.equal(quantityMilliValue(parseQuantity('1.5')!), 1500n);
  assert.equal(quantityValue(parseQuantity('100m')!), 1n);
  assert.equal(quantityValue(parseQuantity('1Ki')!), 1024n);
});

void test('tabwriter: column blocks, minimum width, padding, unterminated cells', () => {
  const get = tabwrite('NAME\tA\tAGE\nx\tyy\t1s\n', GET_TABWRITER);
  assert.equal(get, 'NAME   A     AGE\nx      yy    1s\n');
  // A line without a tab ends the column block; trailing text is never padded.
  const describe = tabwrite('Name:\tx\nLong name:\ty\nSection:\n  a:\tb\n', DESCRIBE_TABWRITER);
  assert.equal(describe, 'Name:       x\nLong name:  y\nSection:\n  a:  b\n');
  // Cells count runes, not bytes; an empty cell is padded like any other.
  assert.equal(tabwrite('é\tx\n\ty\n', DESCRIBE_TABWRITER), 'é  x\n   y\n');
  assert.equal(tabwrite('a\tb', DESCRIBE_TABWRITER), 'a  b');
});
