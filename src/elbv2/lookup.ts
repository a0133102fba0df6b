// An index over one AlbModel snapshot: every load balancer, listener, rule and target group by
// ARN, with its owners, and which load balancers forward to each target group.
import type { AlbAction, AlbListener, AlbModel, AlbRule, LoadBalancer, TargetGroup } from '../alb/model.ts';
import { defaultRuleArn } from './ids.ts';

export interface ListenerEntry {
  lb: LoadBalancer;
  listener: AlbListener;
}

export interface RuleEntry extends ListenerEntry {
  /** undefined: the listener's default rule. */
  rule: AlbRule | undefined;
}

export interface TargetGroupEntry {
  tg: TargetGroup;
  /** The load balancers holding it; the first is its owner. */
  owners: LoadBalancer[];
  /** Load balancers whose listeners forward to it (ELBv2's LoadBalancerArns). */
  usedBy: string[];
}

export interface ModelIndex {
  loadBalancers: LoadBalancer[];
  lbByArn: Map<string, LoadBalancer>;
  lbByName: Map<string, LoadBalancer>;
  listenerByArn: Map<string, ListenerEntry>;
  ruleByArn: Map<string, RuleEntry>;
  targetGroups: TargetGroupEntry[];
  tgByArn: Map<string, TargetGroupEntry>;
  tgByName: Map<string, TargetGroupEntry>;
}

function forwardedArns(actions: readonly AlbAction[], into: Set<string>): void {
  for (const a of actions)
    if (a.type === 'forward') for (const t of a.targetGroups) into.add(t.targetGroupArn);
}

export function indexModel(model: AlbModel): ModelIndex {
  const idx: ModelIndex = {
    loadBalancers: model.loadBalancers,
    lbByArn: new Map(),
    lbByName: new Map(),
    listenerByArn: new Map(),
    ruleByArn: new Map(),
    targetGroups: [],
    tgByArn: new Map(),
    tgByName: new Map(),
  };
  const usedBy = new Map<string, string[]>();
  for (const lb of model.loadBalancers) {
    idx.lbByArn.set(lb.arn, lb);
    idx.lbByName.set(lb.name, lb);
    const forwarded = new Set<string>();
    for (const listener of lb.listeners) {
      idx.listenerByArn.set(listener.arn, { lb, listener });
      idx.ruleByArn.set(defaultRuleArn(listener.arn), { lb, listener, rule: undefined });
      forwardedArns(listener.defaultActions, forwarded);
      for (const rule of listener.rules) {
        idx.ruleByArn.set(rule.arn, { lb, listener, rule });
        forwardedArns(rule.actions, forwarded);
      }
    }
    for (const arn of forwarded) usedBy.set(arn, [...(usedBy.get(arn) ?? []), lb.arn]);
    for (const tg of lb.targetGroups) {
      const seen = idx.tgByArn.get(tg.arn);
      if (seen) {
        seen.owners.push(lb);
        continue;
      }
      const entry: TargetGroupEntry = { tg, owners: [lb], usedBy: [] };
      idx.targetGroups.push(entry);
      idx.tgByArn.set(tg.arn, entry);
      idx.tgByName.set(tg.name, entry);
    }
  }
  for (const e of idx.targetGroups) e.usedBy = usedBy.get(e.tg.arn) ?? [];
  idx.targetGroups.sort((a, b) => (a.tg.name < b.tg.name ? -1 : a.tg.name > b.tg.name ? 1 : 0));
  return idx;
}
