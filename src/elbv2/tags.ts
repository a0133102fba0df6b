// Tags of each ELBv2 resource. The model carries the load balancer's tags; the controller puts
// the same stack tags on its listeners, rules and target groups, with its own
// `ingress.k8s.aws/resource` value for each (`<port>`, `<port>:<priority>`,
// `<ns>/<ingress>-<service>:<port>`), which is what gangway derives here.
import type { LoadBalancer, TargetGroup } from '../alb/model.ts';
import type { ModelIndex } from './lookup.ts';
import type { Elbv2KeyValue } from './shapes.ts';

const RESOURCE_TAG = 'ingress.k8s.aws/resource';

function sorted(tags: Record<string, string>): Elbv2KeyValue[] {
  return Object.keys(tags)
    .sort()
    .map((Key) => ({ Key, Value: tags[Key]! }));
}

function derived(lb: LoadBalancer, resource: string): Elbv2KeyValue[] {
  const tags = { ...lb.tags };
  if (RESOURCE_TAG in tags) tags[RESOURCE_TAG] = resource;
  return sorted(tags);
}

function targetGroupResource(lb: LoadBalancer, tg: TargetGroup): string {
  const ing = lb.ingresses.find((i) => i.namespace === tg.service.namespace) ?? lb.ingresses[0];
  const prefix = ing ? `${ing.namespace}/${ing.name}` : tg.service.namespace;
  return `${prefix}-${tg.service.name}:${tg.service.port}`;
}

/** The tags of the resource `arn` names, or undefined when there is no such resource. */
export function tagsOf(idx: ModelIndex, arn: string): Elbv2KeyValue[] | undefined {
  const lb = idx.lbByArn.get(arn);
  if (lb) return sorted(lb.tags);
  const tg = idx.tgByArn.get(arn);
  if (tg) return derived(tg.owners[0]!, targetGroupResource(tg.owners[0]!, tg.tg));
  const listener = idx.listenerByArn.get(arn);
  if (listener) return derived(listener.lb, String(listener.listener.port));
  const rule = idx.ruleByArn.get(arn);
  if (rule) {
    // The default rule comes with the listener; the controller does not tag it.
    if (!rule.rule) return [];
    return derived(rule.lb, `${rule.listener.port}:${rule.rule.priority}`);
  }
  return undefined;
}
