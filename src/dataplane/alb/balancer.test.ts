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
  const g = { registered: [a, b, c], healthy: [a, c], rr: 0 } as unknown as TargetGroupState;
  assert.deepEqual(
    [pickTarget(g), pickTarget(g), pickTarget(g)].map((e) => e?.key),
    ['a', 'c', 'a'],
  );
  g.healthy = [];
  assert.deepEqual([pickTarget(g), pickTarget(g), pickTarget(g)].map((e) => e?.key).sort(), ['a', 'b', 'c']);
  g.registered = [];
  assert.equal(pickTarget(g), undefined);
});
