// Which target serves a forwarded request: a target group by weight (weighted forward
// actions, an injectable random source), then the group's load_balancing.algorithm.type
// among its healthy targets (round_robin; least_outstanding_requests: fewest in flight, ties
// in turn; weighted_random), failing open to every registered target when none is healthy
// (the ALB's minimum_healthy_targets.count = 1 default). Draining targets are never picked.
// undefined: the target group has no registered targets (the ALB's 503).
import type { AlbAction } from '../../alb/model.ts';
import { outstanding, type TargetEntry, type TargetGroupState } from './health-checker.ts';

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

/** Whether a forward action lists `arn` with a weight that can take traffic. */
export function listsTargetGroup(action: ForwardAction, arn: string): boolean {
  return compile(action).arns.includes(arn);
}

/** The targets a request may go to: the healthy ones, or all registered (fail-open). */
export function routable(group: TargetGroupState): TargetEntry[] {
  return group.healthy.length > 0 ? group.healthy : group.registered;
}

/** A target by the group's algorithm; `exclude` (a target that just failed) when others exist. */
export function pickTarget(
  group: TargetGroupState,
  random: () => number = Math.random,
  exclude?: TargetEntry,
  cells?: Int32Array,
): TargetEntry | undefined {
  let list = routable(group);
  if (exclude !== undefined && list.length > 1 && list.includes(exclude))
    list = list.filter((e) => e !== exclude);
  const n = list.length;
  if (n === 0) return undefined;
  switch (group.tg.loadBalancingAlgorithm) {
    case 'weighted_random':
      return list[Math.min(n - 1, Math.floor(random() * n))];
    case 'least_outstanding_requests': {
      const start = rrOf(group, cells) % n;
      let best = start;
      let min = outstanding(list[start]!, cells);
      for (let k = 1; k < n && min > 0; k++) {
        const i = (start + k) % n;
        const f = outstanding(list[i]!, cells);
        if (f < min) {
          min = f;
          best = i;
        }
      }
      setRr(group, cells, best + 1);
      return list[best];
    }
    default: {
      const i = rrOf(group, cells) % n;
      setRr(group, cells, i + 1);
      return list[i];
    }
  }
}

/** The group's round-robin position: shared across data-plane threads when it has a cell. */
function rrOf(group: TargetGroupState, cells: Int32Array | undefined): number {
  return cells !== undefined && group.rrSlot >= 0 ? Atomics.load(cells, group.rrSlot) : group.rr;
}

function setRr(group: TargetGroupState, cells: Int32Array | undefined, v: number): void {
  if (cells !== undefined && group.rrSlot >= 0) Atomics.store(cells, group.rrSlot, v % 0x40000000);
  else group.rr = v;
}
