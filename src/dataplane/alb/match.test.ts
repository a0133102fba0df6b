// Table tests of ALB wildcard matching and listener rule selection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlbAction, AlbCondition, AlbListener, AlbRule } from '../../alb/model.ts';
import { compileListener, hostWithoutPort, matchRule, splitTarget, type MatchInput } from './match.ts';
import { compileAnyOf, compileWildcard, wildcardMatch } from './wildcard.ts';

void test('wildcardMatch: * any run including /, ? one character, whole value', () => {
  const cases: [string, string, boolean][] = [
    ['/*', '/', true],
    ['/*', '/a/b/c', true],
    ['/*', '', false],
    ['/api/*', '/api/', true],
    ['/api/*', '/api', false],
    ['/api/*', '/api/v1/users', true],
    ['/foo', '/foo', true],
    ['/foo', '/foo/', false],
    ['/foo', '/foobar', false],
    ['/Foo', '/foo', false],
    ['/a?c', '/abc', true],
    ['/a?c', '/ac', false],
    ['/a?c', '/abbc', false],
    ['*.jpg', '/img/x.jpg', true],
    ['*.jpg', '/img/x.png', false],
    ['/img/*/thumb/*.png', '/img/a/b/thumb/c.png', true],
    ['/img/*/thumb/*.png', '/img/a/b/thumb/c.jpg', false],
    ['*a*b*', 'xxaxxbxx', true],
    ['*a*b*', 'xxbxxaxx', false],
    ['**', '', true],
    ['*', '', true],
    ['?', '', false],
    ['/x*', '/x', true],
  ];
  for (const [p, v, want] of cases) {
    assert.equal(wildcardMatch(p, v), want, `${p} ~ ${v}`);
    assert.equal(compileWildcard(p)(v), want, `compiled ${p} ~ ${v}`);
  }
});

void test('compileAnyOf: values ORed, case folding on request', () => {
  const hosts = compileAnyOf(['*.Example.com', 'api.test'], true);
  assert.equal(hosts('www.example.com'), true);
  assert.equal(hosts('example.com'), false);
  assert.equal(hosts('api.test'), true);
  assert.equal(hosts('other.test'), false);
  const paths = compileAnyOf(['/foo', '/foo/*']);
  assert.equal(paths('/foo'), true);
  assert.equal(paths('/foo/bar'), true);
  assert.equal(paths('/foobar'), false);
});

void test('hostWithoutPort and splitTarget', () => {
  assert.equal(hostWithoutPort('Istio-Test-ALB.example.com:18443'), 'istio-test-alb.example.com');
  assert.equal(hostWithoutPort('[::1]:443'), '[::1]');
  assert.equal(hostWithoutPort(''), '');
  assert.deepEqual(splitTarget('/a/b?x=1&y'), { path: '/a/b', query: 'x=1&y' });
  assert.deepEqual(splitTarget('/'), { path: '/', query: '' });
});

const fixed = (code: string): AlbAction => ({
  type: 'fixed-response',
  statusCode: code,
  contentType: 'text/plain',
});

function rule(priority: number, conditions: AlbCondition[]): AlbRule {
  return {
    priority,
    arn: `rule-${priority}`,
    conditions,
    actions: [fixed(String(200 + priority))],
    source: { namespace: 'ns', name: 'ing', rule: 0, path: priority },
  };
}

const listener: AlbListener = {
  port: 80,
  protocol: 'HTTP',
  arn: 'listener',
  certificateArns: [],
  defaultActions: [fixed('404')],
  // deliberately out of order: matching must go by priority
  rules: [
    rule(5, [{ field: 'path-pattern', values: ['/*'] }]),
    rule(1, [
      { field: 'host-header', values: ['*.example.com'] },
      { field: 'path-pattern', values: ['/api', '/api/*'] },
    ]),
    rule(2, [{ field: 'http-header', httpHeaderName: 'X-Env', values: ['canary*'] }]),
    rule(3, [
      { field: 'http-request-method', values: ['POST'] },
      { field: 'query-string', values: [{ key: 'mode', value: 'fast' }, { value: 'dbg?' }] },
    ]),
    rule(4, [{ field: 'source-ip', values: ['10.0.0.0/8', '2001:db8::/32'] }]),
  ],
};

function input(over: Partial<MatchInput>): MatchInput {
  return {
    method: 'GET',
    path: '/x',
    query: '',
    host: 'www.other.com',
    headers: [],
    sourceIp: '127.0.0.1',
    ...over,
  };
}

void test('matchRule: priorities, AND across conditions, default last', () => {
  const c = compileListener(listener);
  const table: [string, Partial<MatchInput>, number | undefined][] = [
    ['host and path', { host: 'www.example.com', path: '/api/v1' }, 1],
    ['host without path', { host: 'www.example.com', path: '/web' }, 5],
    ['bare domain not *.example.com', { host: 'example.com', path: '/api' }, 5],
    ['header value case-insensitive', { headers: ['x-env', 'Canary-1'] }, 2],
    ['header other value', { headers: ['X-Env', 'prod'] }, 5],
    ['method and query key', { method: 'POST', query: 'a=1&MODE=Fast' }, 3],
    ['method and query value only', { method: 'POST', query: 'z=dbg1' }, 3],
    ['query without method', { method: 'GET', query: 'mode=fast' }, 5],
    ['method is case-sensitive', { method: 'post', query: 'mode=fast' }, 5],
    ['source ip v4', { sourceIp: '10.1.2.3' }, 4],
    ['source ip mapped', { sourceIp: '::ffff:10.1.2.3' }, 4],
    ['source ip v6', { sourceIp: '2001:db8::1' }, 4],
  ];
  for (const [name, over, want] of table) {
    const r = matchRule(c, input(over));
    assert.equal(r?.rule.priority, want, name);
  }
  const noCatchAll = compileListener({ ...listener, rules: listener.rules.filter((r) => r.priority !== 5) });
  assert.equal(matchRule(noCatchAll, input({})), undefined);
  assert.deepEqual(noCatchAll.defaultAction, fixed('404'));
});

void test('compileListener rejects a bad CIDR (a model bug)', () => {
  assert.throws(
    () =>
      compileListener({ ...listener, rules: [rule(1, [{ field: 'source-ip', values: ['10.0.0.0/40'] }])] }),
    /prefix/,
  );
});
