// The AWS identifiers gangway makes up around the ALB model: region and account (read from the
// ARNs), the region's ALB hosted zone, a fixed fake VPC with one subnet per zone, security
// groups, default-rule ARNs. All derived deterministically, so every answer is stable.
import { createHash } from 'node:crypto';

export type ArnKind = 'loadbalancer' | 'targetgroup' | 'listener' | 'listener-rule';

export interface ParsedArn {
  region: string;
  account: string;
  kind: ArnKind;
  /** Everything after `<kind>/`. */
  resource: string;
}

const ARN_RE =
  /^arn:aws[a-z-]*:elasticloadbalancing:([a-z0-9-]+):(\d{12}):(loadbalancer|targetgroup|listener|listener-rule)\/(.+)$/;

export function parseArn(arn: string): ParsedArn | undefined {
  const m = ARN_RE.exec(arn);
  if (!m) return undefined;
  return { region: m[1]!, account: m[2]!, kind: m[3] as ArnKind, resource: m[4]! };
}

export const DEFAULT_REGION = 'eu-west-3';

export function regionOf(arn: string): string {
  return parseArn(arn)?.region ?? DEFAULT_REGION;
}

/** Route 53 hosted zones of Application Load Balancers, per region (AWS's published table). */
const ALB_HOSTED_ZONES: Readonly<Record<string, string>> = {
  'us-east-1': 'Z35SXDOTRQ7X7K',
  'us-east-2': 'Z3AADJGX6KTTL2',
  'us-west-1': 'Z368ELLRRE2KJ0',
  'us-west-2': 'Z1H1FL5HABSF5',
  'ca-central-1': 'ZQSVJUPU6J1EY',
  'eu-west-1': 'Z32O12XQLNTSW2',
  'eu-west-2': 'ZHURV8PSTC4K8',
  'eu-west-3': 'Z3Q77PNBQS71R4',
  'eu-central-1': 'Z215JYRZR1TBD5',
  'eu-north-1': 'Z23TAZ7KFP5V9E',
  'ap-northeast-1': 'Z14GRHDCWA56QT',
  'ap-northeast-2': 'ZWKZPGTI48KDX',
  'ap-southeast-1': 'Z1LMS91P8CMLE5',
  'ap-southeast-2': 'Z1GM3OXH4ZPM65',
  'ap-south-1': 'ZP97RAFLXTNZK',
  'sa-east-1': 'Z2P70J7HTTTPLU',
};

export function canonicalHostedZoneId(region: string): string {
  return ALB_HOSTED_ZONES[region] ?? ALB_HOSTED_ZONES[DEFAULT_REGION]!;
}

function hex(seed: string, n: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, n);
}

/** The one fake VPC of an account and region: `vpc-` and 17 hex digits, as EC2 names them. */
export function vpcId(region: string, account: string): string {
  return `vpc-${hex(`gangway/vpc/${account}/${region}`, 17)}`;
}

/** The zones an ALB spans (it needs two at least): `<region>a`, `b`, `c`, each with a subnet. */
export function availabilityZones(region: string, account: string): { ZoneName: string; SubnetId: string }[] {
  return ['a', 'b', 'c'].map((z) => ({
    ZoneName: `${region}${z}`,
    SubnetId: `subnet-${hex(`gangway/subnet/${account}/${region}${z}`, 17)}`,
  }));
}

/** The controller's managed security group of the ALB, then the shared backend group. */
export function securityGroups(lbName: string, region: string, account: string): string[] {
  return [
    `sg-${hex(`gangway/sg/${lbName}`, 17)}`,
    `sg-${hex(`gangway/sg-backend/${account}/${region}`, 17)}`,
  ];
}

/** `...:listener/app/<lb>/<id>/<lid>` -> `...:listener-rule/app/<lb>/<id>/<lid>/<16 hex>`. */
export function defaultRuleArn(listenerArn: string): string {
  return `${listenerArn.replace(':listener/', ':listener-rule/')}/${hex(`gangway/default-rule/${listenerArn}`, 16)}`;
}
