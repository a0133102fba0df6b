// Path translation, path ordering, rule conditions and the rule optimizer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathPatterns, ruleConditions, sortPaths } from './condition-config.ts';
import { optimizeRules } from './rules.ts';
import type { AlbAction, AlbCondition } from '../model.ts';

void test('pathPatterns by pathType (alb.md §2)', () => {
  const cases: [string, string | undefined, string[]][] = [
    ['/*', undefined, ['/*']],
    ['/', 'ImplementationSpecific', ['/']],
    ['/api/*', 'ImplementationSpecific', ['/api/*']],
    ['/', 'Prefix', ['/*']],
    ['/foo', 'Prefix', ['/foo', '/foo/*']],
    ['/foo/', 'Prefix', ['/foo', '/foo/*']],
    ['/foo', 'Exact', ['/foo']],
  ];
  for (const [path, type, want] of cases)
    assert.deepEqual(pathPatterns(path, type), want, `${type ?? '-'} ${path}`);
  assert.throws(() => pathPatterns('/a*', 'Exact'), {
    message: "exact path shouldn't contain wildcards: /a*",
  });
  assert.throws(() => pathPatterns('/a?', 'Prefix'), {
    message: "prefix path shouldn't contain wildcards: /a?",
  });
});

void test('sortPaths: Exact, Prefix longest first, ImplementationSpecific in order', () => {
  const paths = [
    { path: '/', pathType: 'Prefix' },
    { path: '/b/*', pathType: 'ImplementationSpecific' },
    { path: '/api', pathType: 'Prefix' },
    { path: '/x', pathType: 'Exact' },
    { path: '/a/*', pathType: 'ImplementationSpecific' },
    { path: '/api/v1', pathType: 'Prefix' },
    { path: '/y', pathType: 'Prefix' },
  ];
  assert.deepEqual(
    sortPaths(paths).map((p) => p.index),
    [3, 5, 2, 6, 0, 1, 4],
  );
});

void test('ruleConditions: annotation hosts/paths ORed in, others ANDed, default /*', () => {
  assert.deepEqual(ruleConditions(undefined, undefined, []), [{ field: 'path-pattern', values: ['/*'] }]);
  const extra: AlbCondition[] = [
    { field: 'host-header', values: ['b.example.com'] },
    { field: 'http-request-method', values: ['GET'] },
  ];
  assert.deepEqual(ruleConditions('a.example.com', { path: '/x', pathType: 'Exact' }, extra), [
    { field: 'http-request-method', values: ['GET'] },
    { field: 'host-header', values: ['a.example.com', 'b.example.com'] },
    { field: 'path-pattern', values: ['/x'] },
  ]);
});

const redirect = (protocol: string, port: string, host = '#{host}'): AlbAction => ({
  type: 'redirect',
  protocol,
  port,
  host,
  path: '/#{path}',
  query: '#{query}',
  statusCode: 'HTTP_301',
});
const forward: AlbAction = { type: 'forward', targetGroups: [{ targetGroupArn: 'tg', weight: 1 }] };
const all: AlbCondition[] = [{ field: 'path-pattern', values: ['/*'] }];
const src = (path: number) => ({ namespace: 'n', name: 'i', rule: 0, path });

void test('optimizer: self-looping redirects dropped, rules behind a redirect dropped', () => {
  const rules = [
    { conditions: all, actions: [redirect('HTTPS', '443')], source: src(0) },
    { conditions: all, actions: [forward], source: src(1) },
  ];
  // HTTPS:443 -> HTTPS:443 loops: dropped, the forward rule stays.
  assert.deepEqual(
    optimizeRules(443, 'HTTPS', rules).map((r) => r.source.path),
    [1],
  );
  // HTTP:80 -> HTTPS:443 is a real redirect: it shadows the forward rule with the same conditions.
  assert.deepEqual(
    optimizeRules(80, 'HTTP', rules).map((r) => r.source.path),
    [0],
  );
  // A redirect to another host never loops; a wider later rule is not shadowed by a narrower redirect.
  const narrower = [
    {
      conditions: [{ field: 'path-pattern' as const, values: ['/a'] }],
      actions: [redirect('#{protocol}', '#{port}', 'x.example.com')],
      source: src(0),
    },
    { conditions: all, actions: [forward], source: src(1) },
  ];
  assert.deepEqual(
    optimizeRules(443, 'HTTPS', narrower).map((r) => r.source.path),
    [0, 1],
  );
});
