// Target group weights, round-robin and fail-open selection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlbAction } from '../../alb/model.ts';
import { pickTarget, pickTargetGroup } from './balancer.ts';
import type { TargetEntry, TargetGroupState } from './health-checker.ts';

void test('pickTargetGroup: by weight; weight 0 never; a single group always', () => {
  const action: AlbAction = {
    type: 'forward',
    targetGroups: [
      { targetGroupArn: 'a', weight: 1 },
      { targetGroupArn: 'b', weight: 3 },
      { targetGroupArn: 'z', weight: 0 },
    ],
  };
  const table: [number, string][] = [
    [0, 'a'],
    [0.24, 'a'],
    [0.25, 'b'],
    [0.99, 'b'],
  ];
  for (const [r, want] of table)
    assert.equal(
      pickTargetGroup(action, () => r),
      want,
      String(r),
    );
  const single: AlbAction = { type: 'forward', targetGroups: [{ targetGroupArn: 'only', weight: 0 }] };
  assert.equal(pickTargetGroup(single), 'only');
  const none: AlbAction = {
    type: 'forward',
    targetGroups: [
      { targetGroupArn: 'a', weight: 0 },
      { targetGroupArn: 'b', weight: 0 },
    ],
  };
  assert.equal(pickTargetGroup(none), undefined);
});

function entry(key: string): TargetEntry {
  return { key } as TargetEntry;
}

void test('pickTarget: round-robin over healthy, all registered when none is, none when empty', () => {
  const [a, b, c] = [entry('a'), entry('b'), entry('c')];
  const g = {
    tg: { loadBalancingAlgorithm: 'round_robin' },
    registered: [a, b, c],
    healthy: [a, c],
    rr: 0,
  } as unknown as TargetGroupState;
  assert.deepEqual(
    [pickTarget(g), pickTarget(g), pickTarget(g)].map((e) => e?.key),
    ['a', 'c', 'a'],
  );
  g.healthy = [];
  assert.deepEqual([pickTarget(g), pickTarget(g), pickTarget(g)].map((e) => e?.key).sort(), ['a', 'b', 'c']);
  g.registered = [];
  assert.equal(pickTarget(g), undefined);
});

function lorEntry(key: string, inFlight: number): TargetEntry {
  return { key, inFlight } as TargetEntry;
}

void test('pickTarget: least_outstanding_requests (fewest in flight, ties in turn), weighted_random', () => {
  const [a, b, c] = [lorEntry('a', 2), lorEntry('b', 0), lorEntry('c', 0)];
  const g = {
    tg: { loadBalancingAlgorithm: 'least_outstanding_requests' },
    registered: [a, b, c],
    healthy: [a, b, c],
    rr: 0,
  } as unknown as TargetGroupState;
  const seq: string[] = [];
  for (let i = 0; i < 4; i++) seq.push(pickTarget(g)?.key ?? '');
  assert.deepEqual(seq, ['b', 'c', 'b', 'c']);
  c.inFlight = 5;
  assert.deepEqual([pickTarget(g)?.key, pickTarget(g)?.key], ['b', 'b']);
  b.inFlight = 2;
  a.inFlight = 2;
  c.inFlight = 2;
  assert.deepEqual([pickTarget(g)?.key, pickTarget(g)?.key, pickTarget(g)?.key].sort(), ['a', 'b', 'c']);

  const w = { ...g, tg: { loadBalancingAlgorithm: 'weighted_random' } } as unknown as TargetGroupState;
  const table: [number, string][] = [
    [0, 'a'],
    [0.34, 'b'],
    [0.67, 'c'],
    [0.999, 'c'],
  ];
  for (const [r, want] of table) assert.equal(pickTarget(w, () => r)?.key, want, String(r));
});

void test('pickTarget: exclude skips a failed target when another exists', () => {
  const [a, b] = [entry('a'), entry('b')];
  const g = {
    tg: { loadBalancingAlgorithm: 'round_robin' },
    registered: [a, b],
    healthy: [a, b],
    rr: 0,
  } as unknown as TargetGroupState;
  assert.equal(pickTarget(g, Math.random, a)?.key, 'b');
  assert.equal(pickTarget(g, Math.random, a)?.key, 'b');
  g.healthy = [a];
  assert.equal(pickTarget(g, Math.random, a)?.key, 'a');
});
