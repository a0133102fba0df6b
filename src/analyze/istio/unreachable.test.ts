// Unreachable-rule detection: Istio's identical-match cases and gangway's covering matches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HttpRouteSpec } from '../../istio/translate/specs.ts';
import { matchCovers, unreachableHttpRules } from './unreachable.ts';

void test('matchCovers', () => {
  const cases: [string, Parameters<typeof matchCovers>[0], Parameters<typeof matchCovers>[1], boolean][] = [
    ['empty covers all', {}, { uri: { prefix: '/a' } }, true],
    [
      'prefix / covers all',
      { uri: { prefix: '/' } },
      { uri: { exact: '/x' }, method: { exact: 'GET' } },
      false,
    ],
    ['prefix / covers same-conditions', { uri: { prefix: '/' } }, { uri: { exact: '/x' } }, true],
    ['regex .* covers', { uri: { regex: '.*' } }, { uri: { prefix: '/x' } }, true],
    ['prefix covers longer prefix', { uri: { prefix: '/api' } }, { uri: { prefix: '/api/v2' } }, true],
    ['prefix covers exact', { uri: { prefix: '/api' } }, { uri: { exact: '/api/x' } }, true],
    [
      'longer prefix does not cover shorter',
      { uri: { prefix: '/api/v2' } },
      { uri: { prefix: '/api' } },
      false,
    ],
    ['exact does not cover prefix', { uri: { exact: '/a' } }, { uri: { prefix: '/a' } }, false],
    ['names ignored', { name: 'x', uri: { exact: '/a' } }, { name: 'y', uri: { exact: '/a' } }, true],
    ['headers differ', { headers: { a: { exact: '1' } } }, { headers: { a: { exact: '2' } } }, false],
    ['headers same', { headers: { a: { exact: '1' } } }, { headers: { a: { exact: '1' } } }, true],
    [
      'case-sensitive prefix vs folded',
      { uri: { prefix: '/A' } },
      { uri: { prefix: '/a' }, ignoreUriCase: true },
      false,
    ],
    [
      'folded prefix covers any case',
      { uri: { prefix: '/A' }, ignoreUriCase: true },
      { uri: { prefix: '/a/b' } },
      true,
    ],
    ['different regexes', { uri: { regex: '/a.*' } }, { uri: { regex: '/b.*' } }, false],
    ['port differs', { uri: { prefix: '/' }, port: 80 }, { uri: { prefix: '/a' }, port: 443 }, false],
  ];
  for (const [name, e, l, want] of cases) assert.equal(matchCovers(e, l), want, name);
});

void test('unreachableHttpRules', () => {
  const r = (match?: HttpRouteSpec['match'], name?: string): HttpRouteSpec => ({
    ...(match ? { match } : {}),
    ...(name ? { name } : {}),
  });
  const cases: { name: string; routes: HttpRouteSpec[]; unreachable: string[]; ineffective: string[] }[] = [
    { name: 'single catch-all', routes: [r()], unreachable: [], ineffective: [] },
    {
      name: 'rule after a rule without matches',
      routes: [r(), r([{ uri: { prefix: '/a' } }])],
      unreachable: ['VirtualService rule #1 not used (route without matches defined before).'],
      ineffective: [],
    },
    {
      name: 'two rules without matches',
      routes: [r(), r()],
      unreachable: ['VirtualService rule #1 not used (only the last rule can have no matches).'],
      ineffective: [],
    },
    {
      name: 'duplicate match',
      routes: [r([{ uri: { exact: '/a' } }], 'first'), r([{ uri: { exact: '/a' }, name: 'm' }], 'second')],
      unreachable: ['VirtualService rule "second" not used (all matches used by prior rules).'],
      ineffective: [
        'VirtualService rule "second" match "m" is not used (duplicate/overlapping match in rule "first").',
      ],
    },
    {
      name: 'partly covered rule stays reachable',
      routes: [r([{ uri: { prefix: '/a' } }]), r([{ uri: { prefix: '/a/b' } }, { uri: { prefix: '/c' } }])],
      unreachable: [],
      ineffective: ['VirtualService rule #1 match #0 is not used (duplicate/overlapping match in rule #0).'],
    },
    {
      // istiod reports no rule here (its check only looks at rules without matches).
      name: 'rule without matches after a catch-all match',
      routes: [r([{ uri: { prefix: '/' } }]), r()],
      unreachable: [],
      ineffective: [],
    },
    {
      name: 'distinct matches',
      routes: [r([{ uri: { prefix: '/a' } }]), r([{ uri: { prefix: '/b' } }]), r()],
      unreachable: [],
      ineffective: [],
    },
  ];
  for (const c of cases) {
    const got = unreachableHttpRules(c.routes);
    assert.deepEqual(
      got.unreachable.map((u) => u.message),
      c.unreachable,
      c.name,
    );
    assert.deepEqual(
      got.ineffective.map((u) => u.message),
      c.ineffective,
      c.name,
    );
  }
});
