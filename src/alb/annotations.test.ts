// The annotation parsers: values, the controller's error messages, Service-over-Ingress lookup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  annotationScope,
  goField,
  parseBool,
  parseInt64,
  parseJson,
  parseString,
  parseStringList,
  parseStringMap,
} from './annotations.ts';

const P = 'alb.ingress.kubernetes.io/';
const one = (suffix: string, value: string) => [{ [P + suffix]: value }];

void test('parsers: values', () => {
  const cases: [string, () => unknown, unknown][] = [
    ['bool true', () => parseBool('x', one('x', 'true')), true],
    ['bool 0', () => parseBool('x', one('x', '0')), false],
    ['bool absent', () => parseBool('x', [{}]), undefined],
    ['int', () => parseInt64('x', one('x', '443')), 443],
    ['int negative', () => parseInt64('x', one('x', '-5')), -5],
    ['list', () => parseStringList('x', one('x', ' a, b,,c ')), ['a', 'b', 'c']],
    ['map', () => parseStringMap('x', one('x', 'k=v, k2=v=2')), { k: 'v', k2: 'v=2' }],
    ['map empty value', () => parseStringMap('x', one('x', 'k=')), { k: '' }],
    ['json', () => parseJson('x', one('x', '[{"HTTP":80}]'))?.value, [{ HTTP: 80 }]],
  ];
  for (const [name, f, want] of cases) assert.deepEqual(f(), want, name);
});

void test('parsers: the controller error messages', () => {
  const cases: [() => unknown, string][] = [
    [
      () => parseBool('x', one('x', 'yes')),
      `failed to parse bool annotation, ${P}x: yes: strconv.ParseBool: parsing "yes": invalid syntax`,
    ],
    [
      () => parseInt64('ssl-redirect', one('ssl-redirect', '443a')),
      `failed to parse int64 annotation, ${P}ssl-redirect: 443a: strconv.ParseInt: parsing "443a": invalid syntax`,
    ],
    [() => parseStringMap('x', one('x', 'a=b,c')), `failed to parse stringMap annotation, ${P}x: a=b,c`],
    [() => parseStringMap('x', one('x', '=b')), `failed to parse stringMap annotation, ${P}x: =b`],
    [
      () => parseJson('x', one('x', '{')),
      `failed to parse json annotation, ${P}x: {: unexpected end of JSON input`,
    ],
  ];
  for (const [f, message] of cases) assert.throws(f, { message });
});

void test('the first map holding the key wins (Service before Ingress)', () => {
  const svc = { [`${P}healthcheck-path`]: '/healthz/ready' };
  const ing = { [`${P}healthcheck-path`]: '/', [`${P}success-codes`]: '200-299' };
  assert.equal(parseString('healthcheck-path', [svc, ing]), '/healthz/ready');
  assert.equal(parseString('success-codes', [svc, ing]), '200-299');
  assert.equal(parseString('healthcheck-path', [undefined, ing]), '/');
});

void test('catalogue: scopes and patterns', () => {
  const cases: [string, string | undefined][] = [
    ['scheme', 'ingress'],
    ['healthcheck-port', 'ingress+service'],
    ['actions.ssl-redirect', 'ingress'],
    ['conditions.web', 'ingress'],
    ['listener-attributes.HTTP-80', 'ingress'],
    ['actions.', undefined],
    ['healthcheck-paht', undefined],
  ];
  for (const [suffix, scope] of cases) assert.equal(annotationScope(suffix), scope, suffix);
});

void test('goField: exact first, then case-insensitive', () => {
  assert.equal(goField({ Type: 'redirect' }, 'type'), 'redirect');
  assert.equal(goField({ type: 'a', TYPE: 'b' }, 'type'), 'a');
  assert.equal(goField({}, 'type'), undefined);
});
