// Which target serves a forwarded request: a target group by weight (weighted forward
// actions), then round_robin among its healthy targets, failing open to every registered
// target when none is healthy (the ALB's minimum_healthy_targets.count = 1 default).
// undefined: the target group has no registered targets (the ALB's 503).
import type { AlbAction } from '../../alb/model.ts';
import type { TargetEntry, TargetGroupState } from './health-checker.ts';

type ForwardAction = Extract<AlbAction, { type: 'forward' }>;

interface WeightedGroups {
  arns: string[];
  /** Cumulative weights, the last one the total. */
  cumulative: number[];
}

const COMPILED = new WeakMap<ForwardAction, WeightedGroups>();

function compile(action: ForwardAction): WeightedGroups {
  let w = COMPILED.get(action);
  if (w === undefined) {
    const arns: string[] = [];
    const cumulative: number[] = [];
    let total = 0;
    const single = action.targetGroups.length === 1;
    for (const g of action.targetGroups) {
      // One target group takes everything whatever its weight; several share by weight.
      const weight = single ? 1 : Math.max(0, g.weight);
      if (weight === 0) continue;
      total += weight;
      arns.push(g.targetGroupArn);
      cumulative.push(total);
    }
    w = { arns, cumulative };
    COMPILED.set(action, w);
  }
  return w;
}

/** The target group for one request, or undefined when every weight is 0. */
export function pickTargetGroup(
  action: ForwardAction,
  random: () => number = Math.random,
): string | undefined {
  const w = compile(action);
  const n = w.arns.length;
  if (n <= 1) return w.arns[0];
  const x = random() * w.cumulative[n - 1]!;
  for (let i = 0; i < n; i++) if (x < w.cumulative[i]!) return w.arns[i];
  return w.arns[n - 1];
}

/** round_robin over healthy targets; all registered ones when none is healthy (fail-open). */
export function pickTarget(group: TargetGroupState): TargetEntry | undefined {
  const list = group.healthy.length > 0 ? group.healthy : group.registered;
  const n = list.length;
  if (n === 0) return undefined;
  const i = group.rr % n;
  group.rr = i + 1;
  return list[i];
}
