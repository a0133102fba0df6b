// Deterministic AWS names and identifiers, derived as the AWS Load Balancer Controller derives
// them (sha256 over the cluster name, the group and the settings that force a replacement)
// and shaped like the ELBv2 API's: ARNs with 16-hex ids, DNS names with a numeric suffix.
import { createHash } from 'node:crypto';

const NON_ALNUM = /[^A-Za-z0-9]/g;

function sha256Hex(parts: readonly string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

/** `k8s-<ns8>-<name8>-<sha10>` for an implicit group, `k8s-<group17>-<sha10>` for an explicit one. */
export function loadBalancerName(
  clusterName: string,
  group: { explicit: boolean; namespace: string; name: string; id: string },
  scheme: string,
): string {
  const uuid = sha256Hex([clusterName, group.id, scheme]);
  if (group.explicit) return `k8s-${group.name.replace(NON_ALNUM, '').slice(0, 17)}-${uuid.slice(0, 10)}`;
  const ns = group.namespace.replace(NON_ALNUM, '').slice(0, 8);
  const name = group.name.replace(NON_ALNUM, '').slice(0, 8);
  return `k8s-${ns}-${name}-${uuid.slice(0, 10)}`;
}

/** `k8s-<svcns8>-<svc8>-<sha10>` over the group and the target group's identity. */
export function targetGroupName(
  clusterName: string,
  groupId: string,
  parts: readonly string[],
  svc: { namespace: string; name: string },
): string {
  const uuid = sha256Hex([clusterName, groupId, ...parts]);
  const ns = svc.namespace.replace(NON_ALNUM, '').slice(0, 8);
  const name = svc.name.replace(NON_ALNUM, '').slice(0, 8);
  return `k8s-${ns}-${name}-${uuid.slice(0, 10)}`;
}

/** 16 hex digits standing for the id AWS assigns. */
export function resourceId(...parts: string[]): string {
  return sha256Hex(parts).slice(0, 16);
}

export interface ArnContext {
  region: string;
  accountId: string;
}

function arnPrefix(ctx: ArnContext): string {
  return `arn:aws:elasticloadbalancing:${ctx.region}:${ctx.accountId}:`;
}

export function loadBalancerArn(ctx: ArnContext, name: string): string {
  return `${arnPrefix(ctx)}loadbalancer/app/${name}/${resourceId(ctx.accountId, ctx.region, 'lb', name)}`;
}

/** listener/app/<lb>/<lbid>/<id> */
export function listenerArn(lbArn: string, port: number): string {
  return `${lbArn.replace(':loadbalancer/', ':listener/')}/${resourceId(lbArn, 'listener', String(port))}`;
}

/** listener-rule/app/<lb>/<lbid>/<listenerid>/<id> */
export function ruleArn(listenerArnValue: string, priority: number): string {
  return `${listenerArnValue.replace(':listener/', ':listener-rule/')}/${resourceId(listenerArnValue, 'rule', String(priority))}`;
}

export function targetGroupArn(ctx: ArnContext, name: string): string {
  return `${arnPrefix(ctx)}targetgroup/${name}/${resourceId(ctx.accountId, ctx.region, 'tg', name)}`;
}

/** `<name>-<10 digits>.<region>.elb.amazonaws.com`, `internal-` first for internal schemes, lower-case. */
export function loadBalancerDnsName(ctx: ArnContext, name: string, scheme: string): string {
  const n = BigInt(`0x${sha256Hex([ctx.accountId, ctx.region, 'dns', name]).slice(0, 15)}`);
  const digits = String(1_000_000_000n + (n % 9_000_000_000n));
  const prefix = scheme === 'internal' ? 'internal-' : '';
  return `${prefix}${name}-${digits}.${ctx.region}.elb.amazonaws.com`.toLowerCase();
}
