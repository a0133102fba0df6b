// The read side of the ELBv2 API as pure functions: (model view, operation input) -> the
// response object AWS returns, in the AWS CLI's JSON shapes, or an Elbv2Error with AWS's code
// and message. Filters, required members, mutually exclusive members and pagination as ELBv2.
import type { AlbModel, LoadBalancer, TargetGroup, TargetHealth } from '../alb/model.ts';
import { loadBalancerAttributes, targetGroupAttributes } from './attributes.ts';
import {
  toDefaultRule,
  toListener,
  toLoadBalancer,
  toRule,
  toTargetGroup,
  toTargetHealthDescription,
} from './convert.ts';
import {
  constraintError,
  listenerNotFound,
  loadBalancerNotFound,
  ruleNotFound,
  targetGroupNotFound,
  validationError,
  Elbv2Error,
} from './errors.ts';
import { parseArn, type ArnKind } from './ids.ts';
import { optString, optStringList, optStructList, paginate, reqString, type Elbv2Input } from './input.ts';
import { indexModel, type ModelIndex } from './lookup.ts';
import { tagsOf } from './tags.ts';
import type {
  DescribeAttributesOutput,
  DescribeListenerCertificatesOutput,
  DescribeListenersOutput,
  DescribeLoadBalancersOutput,
  DescribeRulesOutput,
  DescribeTagsOutput,
  DescribeTargetGroupsOutput,
  DescribeTargetHealthOutput,
  Elbv2Rule,
  Elbv2TargetHealthDescription,
} from './shapes.ts';

/** What the operations read: one model snapshot and the runtime facts beside it. */
export interface Elbv2View {
  model: AlbModel;
  health: (targetGroupArn: string) => TargetHealth[];
  /** When the load balancer came to be (ELBv2's CreatedTime). */
  createdTime: (lb: LoadBalancer) => Date;
}

const ARN_WORDS: Record<ArnKind, string> = {
  loadbalancer: 'load balancer',
  targetgroup: 'target group',
  listener: 'listener',
  'listener-rule': 'listener rule',
};

function checkArn(arn: string, kind: ArnKind): void {
  if (parseArn(arn)?.kind !== kind) throw validationError(`'${arn}' is not a valid ${ARN_WORDS[kind]} ARN`);
}

function loadBalancerByArn(idx: ModelIndex, arn: string): LoadBalancer {
  checkArn(arn, 'loadbalancer');
  const lb = idx.lbByArn.get(arn);
  if (!lb) throw loadBalancerNotFound();
  return lb;
}

function withMarker<T extends object>(out: T, next: string | undefined): T {
  return next === undefined ? out : { ...out, NextMarker: next };
}

export function describeLoadBalancers(view: Elbv2View, input: Elbv2Input): DescribeLoadBalancersOutput {
  const idx = indexModel(view.model);
  const arns = optStringList(input, 'LoadBalancerArns');
  const names = optStringList(input, 'Names');
  if (arns && names)
    throw validationError('Load balancer names and load balancer ARNs cannot be specified at the same time');
  let lbs = idx.loadBalancers;
  if (arns) {
    for (const arn of arns) loadBalancerByArn(idx, arn);
    lbs = lbs.filter((lb) => arns.includes(lb.arn));
  } else if (names) {
    const missing = names.filter((n) => !idx.lbByName.has(n));
    if (missing.length > 0) throw loadBalancerNotFound(missing);
    lbs = lbs.filter((lb) => names.includes(lb.name));
  }
  const page = paginate(lbs, input);
  return withMarker(
    { LoadBalancers: page.items.map((lb) => toLoadBalancer(lb, view.createdTime(lb))) },
    page.nextMarker,
  );
}

export function describeListeners(view: Elbv2View, input: Elbv2Input): DescribeListenersOutput {
  const idx = indexModel(view.model);
  const lbArn = optString(input, 'LoadBalancerArn');
  const arns = optStringList(input, 'ListenerArns');
  if (lbArn !== undefined && arns)
    throw validationError('Listener ARNs and a load balancer ARN cannot be specified at the same time');
  if (lbArn === undefined && !arns)
    throw validationError('You must specify either listener ARNs or a load balancer ARN');
  let entries: { lb: LoadBalancer; listener: LoadBalancer['listeners'][number] }[];
  if (lbArn !== undefined) {
    const lb = loadBalancerByArn(idx, lbArn);
    entries = lb.listeners.map((listener) => ({ lb, listener }));
  } else {
    entries = arns!.map((arn) => {
      checkArn(arn, 'listener');
      const e = idx.listenerByArn.get(arn);
      if (!e) throw listenerNotFound();
      return e;
    });
  }
  const page = paginate(entries, input);
  return withMarker({ Listeners: page.items.map((e) => toListener(e.lb, e.listener)) }, page.nextMarker);
}

export function describeRules(view: Elbv2View, input: Elbv2Input): DescribeRulesOutput {
  const idx = indexModel(view.model);
  const listenerArn = optString(input, 'ListenerArn');
  const arns = optStringList(input, 'RuleArns');
  if (listenerArn !== undefined && arns)
    throw validationError('Listener rule ARNs and a listener ARN cannot be specified at the same time');
  if (listenerArn === undefined && !arns)
    throw validationError('You must specify either listener rule ARNs or a listener ARN');
  let rules: Elbv2Rule[];
  if (listenerArn !== undefined) {
    checkArn(listenerArn, 'listener');
    const e = idx.listenerByArn.get(listenerArn);
    if (!e) throw listenerNotFound();
    const sorted = [...e.listener.rules].sort((a, b) => a.priority - b.priority);
    rules = [...sorted.map(toRule), toDefaultRule(e.listener)];
  } else {
    rules = arns!.map((arn) => {
      checkArn(arn, 'listener-rule');
      const e = idx.ruleByArn.get(arn);
      if (!e) throw ruleNotFound();
      return e.rule ? toRule(e.rule) : toDefaultRule(e.listener);
    });
  }
  const page = paginate(rules, input);
  return withMarker({ Rules: page.items }, page.nextMarker);
}

export function describeTargetGroups(view: Elbv2View, input: Elbv2Input): DescribeTargetGroupsOutput {
  const idx = indexModel(view.model);
  const lbArn = optString(input, 'LoadBalancerArn');
  const arns = optStringList(input, 'TargetGroupArns');
  const names = optStringList(input, 'Names');
  if (arns && names)
    throw validationError('Target group names and target group ARNs cannot be specified at the same time');
  if (lbArn !== undefined && (arns || names))
    throw validationError('A load balancer ARN cannot be specified with target group names or ARNs');
  let entries = idx.targetGroups;
  if (lbArn !== undefined) {
    const lb = loadBalancerByArn(idx, lbArn);
    entries = entries.filter((e) => e.usedBy.includes(lb.arn) || e.owners.includes(lb));
  } else if (arns) {
    for (const arn of arns) {
      checkArn(arn, 'targetgroup');
      if (!idx.tgByArn.has(arn)) throw targetGroupNotFound();
    }
    entries = entries.filter((e) => arns.includes(e.tg.arn));
  } else if (names) {
    const missing = names.filter((n) => !idx.tgByName.has(n));
    if (missing.length > 0) throw targetGroupNotFound(missing);
    entries = entries.filter((e) => names.includes(e.tg.name));
  }
  const page = paginate(entries, input);
  return withMarker({ TargetGroups: page.items.map((e) => toTargetGroup(e.tg, e.usedBy)) }, page.nextMarker);
}

function targetGroupByArn(idx: ModelIndex, arn: string, quoteArn: boolean): TargetGroup {
  checkArn(arn, 'targetgroup');
  const e = idx.tgByArn.get(arn);
  if (!e)
    throw quoteArn
      ? new Elbv2Error('TargetGroupNotFound', `Target groups '${arn}' not found`)
      : targetGroupNotFound();
  return e.tg;
}

const INCLUDE_OPTIONS = ['AnomalyDetection', 'All'];

export function describeTargetHealth(view: Elbv2View, input: Elbv2Input): DescribeTargetHealthOutput {
  const idx = indexModel(view.model);
  const tg = targetGroupByArn(idx, reqString(input, 'TargetGroupArn'), true);
  const include = optStringList(input, 'Include') ?? [];
  for (const [i, opt] of include.entries())
    if (!INCLUDE_OPTIONS.includes(opt))
      throw constraintError(
        opt,
        `include.${i + 1}.member`,
        `Member must satisfy enum value set: [${INCLUDE_OPTIONS.join(', ')}]`,
      );
  const anomaly = include.length > 0 && tg.loadBalancingAlgorithm === 'weighted_random';
  const health = view.health(tg.arn);
  const wanted = optStructList(input, 'Targets');
  if (!wanted) return { TargetHealthDescriptions: health.map((h) => toTargetHealthDescription(h, anomaly)) };
  const out: Elbv2TargetHealthDescription[] = [];
  for (const [i, t] of wanted.entries()) {
    const id = optString(t, 'Id');
    if (id === undefined)
      throw constraintError(null, `targets.${i + 1}.member.id`, 'Member must not be null');
    const portText = optString(t, 'Port');
    const port = portText === undefined ? undefined : Number(portText);
    const found = health.filter((h) => h.target.id === id && (port === undefined || h.target.port === port));
    if (found.length > 0) {
      for (const h of found) out.push(toTargetHealthDescription(h, anomaly));
      continue;
    }
    const targetPort = port ?? tg.port;
    out.push(
      toTargetHealthDescription(
        {
          target: {
            id,
            address: '',
            port: targetPort,
            healthCheckPort: tg.healthCheck.port === 'traffic-port' ? targetPort : tg.healthCheck.port,
          },
          state: 'unused',
          reason: 'Target.NotRegistered',
        },
        anomaly,
      ),
    );
  }
  return { TargetHealthDescriptions: out };
}

export function describeTags(view: Elbv2View, input: Elbv2Input): DescribeTagsOutput {
  const idx = indexModel(view.model);
  const arns = optStringList(input, 'ResourceArns');
  if (!arns) throw constraintError(null, 'resourceArns', 'Member must not be null');
  if (arns.length > 20)
    throw constraintError(
      `[${arns.join(', ')}]`,
      'resourceArns',
      'Member must have length less than or equal to 20',
    );
  return {
    TagDescriptions: arns.map((arn) => {
      const tags = tagsOf(idx, arn);
      if (tags === undefined) throw notFoundFor(arn);
      return { ResourceArn: arn, Tags: tags };
    }),
  };
}

function notFoundFor(arn: string): Elbv2Error {
  switch (parseArn(arn)?.kind) {
    case 'loadbalancer':
      return loadBalancerNotFound();
    case 'targetgroup':
      return targetGroupNotFound();
    case 'listener':
      return listenerNotFound();
    case 'listener-rule':
      return ruleNotFound();
    case undefined:
      return validationError(`'${arn}' is not a valid ARN`);
  }
}

export function describeLoadBalancerAttributes(view: Elbv2View, input: Elbv2Input): DescribeAttributesOutput {
  const lb = loadBalancerByArn(indexModel(view.model), reqString(input, 'LoadBalancerArn'));
  return { Attributes: loadBalancerAttributes(lb) };
}

export function describeTargetGroupAttributes(view: Elbv2View, input: Elbv2Input): DescribeAttributesOutput {
  const tg = targetGroupByArn(indexModel(view.model), reqString(input, 'TargetGroupArn'), false);
  return { Attributes: targetGroupAttributes(tg) };
}

export function describeListenerCertificates(
  view: Elbv2View,
  input: Elbv2Input,
): DescribeListenerCertificatesOutput {
  const arn = reqString(input, 'ListenerArn');
  checkArn(arn, 'listener');
  const e = indexModel(view.model).listenerByArn.get(arn);
  if (!e) throw listenerNotFound();
  const certs = e.listener.certificateArns.map((c, i) => ({ CertificateArn: c, IsDefault: i === 0 }));
  const page = paginate(certs, input);
  return withMarker({ Certificates: page.items }, page.nextMarker);
}

export type Elbv2Operation = (view: Elbv2View, input: Elbv2Input) => object;

/** The operations gangway answers, by their API names (the Query protocol's `Action`). */
export const OPERATIONS: ReadonlyMap<string, Elbv2Operation> = new Map<string, Elbv2Operation>([
  ['DescribeLoadBalancers', describeLoadBalancers],
  ['DescribeListeners', describeListeners],
  ['DescribeRules', describeRules],
  ['DescribeTargetGroups', describeTargetGroups],
  ['DescribeTargetHealth', describeTargetHealth],
  ['DescribeTags', describeTags],
  ['DescribeLoadBalancerAttributes', describeLoadBalancerAttributes],
  ['DescribeTargetGroupAttributes', describeTargetGroupAttributes],
  ['DescribeListenerCertificates', describeListenerCertificates],
]);
