// Property tests of the indexed listener rule selection: over seeded random rule sets (path
// patterns with `*` and `?`, exact and wildcard hosts, methods, several values per condition)
// and random requests, the index must pick exactly the rule a scan in priority order picks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlbCondition, AlbListener, AlbRule } from '../../alb/model.ts';
import { seededRandom } from '../gateway/seeded-random.ts';
import { literalPrefix } from './match-index.ts';
import { compileListener, matchRule, matchRuleByScan, type MatchInput } from './match.ts';

const SEGMENTS = ['a', 'ab', 'b', 'api', 'API', 'v1', 'img.png', ''];
const PATTERNS = ['*', '/*', '/a*', '/a?', '/api/*', '*.png', '/?/*', '/a/*/b', '/v1*'];
const HOSTS = ['a.example.com', 'b.example.com', 'example.com', 'A.Example.com', 'other.io'];

function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)] as T;
}

function randomPath(rnd: () => number): string {
  let p = '';
  for (let i = 0, n = Math.floor(rnd() * 4); i < n; i++) p += `/${pick(rnd, SEGMENTS)}`;
  return p === '' ? '/' : p;
}

function randomPattern(rnd: () => number): string {
  const r = rnd();
  if (r < 0.4) return randomPath(rnd);
  if (r < 0.7) return `${randomPath(rnd)}${pick(rnd, ['*', '/*', '?'])}`;
  return pick(rnd, PATTERNS);
}

function values<T>(rnd: () => number, make: (rnd: () => number) => T): T[] {
  return Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => make(rnd));
}

function randomConditions(rnd: () => number): AlbCondition[] {
  const out: AlbCondition[] = [];
  if (rnd() < 0.8) out.push({ field: 'path-pattern', values: values(rnd, randomPattern) });
  if (rnd() < 0.35)
    out.push({
      field: 'host-header',
      values: values(rnd, (r) => (r() < 0.7 ? pick(r, HOSTS) : '*.example.com')),
    });
  if (rnd() < 0.2) out.push({ field: 'http-request-method', values: [pick(rnd, ['GET', 'POST'])] });
  return out;
}

function randomListener(rnd: () => number, n: number): AlbListener {
  const priorities = Array.from({ length: n }, (_, i) => i + 1).sort(() => rnd() - 0.5);
  const rules: AlbRule[] = priorities.map((priority) => ({
    priority,
    arn: `rule-${String(priority)}`,
    conditions: randomConditions(rnd),
    actions: [{ type: 'fixed-response', statusCode: '200', contentType: 'text/plain' }],
    source: { namespace: 'ns', name: 'ing', rule: 0, path: priority },
  }));
  return {
    port: 80,
    protocol: 'HTTP',
    arn: 'listener',
    certificateArns: [],
    defaultActions: [{ type: 'fixed-response', statusCode: '404', contentType: 'text/plain' }],
    rules,
  };
}

void test('literalPrefix stops at the first wildcard', () => {
  const cases: [string, string][] = [
    ['/api/*', '/api/'],
    ['/a?c*', '/a'],
    ['*.png', ''],
    ['/exact', '/exact'],
  ];
  for (const [pattern, want] of cases) assert.equal(literalPrefix(pattern), want, pattern);
});

void test('indexed rule selection agrees with a scan in priority order (seeded random rules)', () => {
  for (let seed = 1; seed <= 200; seed++) {
    const rnd = seededRandom(seed);
    const listener = compileListener(randomListener(rnd, 1 + Math.floor(rnd() * 40)));
    for (let k = 0; k < 200; k++) {
      const input: MatchInput = {
        method: pick(rnd, ['GET', 'POST']),
        path: randomPath(rnd),
        query: '',
        host: pick(rnd, HOSTS).toLowerCase(),
        headers: [],
        sourceIp: '127.0.0.1',
      };
      const want = matchRuleByScan(listener, input)?.rule.priority;
      assert.equal(
        matchRule(listener, input)?.rule.priority,
        want,
        `seed ${String(seed)} ${input.host}${input.path}`,
      );
    }
  }
});
