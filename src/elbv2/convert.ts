// Model objects -> ELBv2 API objects, one function per shape. Actions carry `Order` (1, 2, ...)
// as the AWS Load Balancer Controller sets it; a forward to one target group also carries
// `TargetGroupArn` beside its ForwardConfig, as ELBv2 returns it.
import type {
  AlbAction,
  AlbCondition,
  AlbListener,
  AlbRule,
  LoadBalancer,
  TargetGroup,
  TargetHealth,
} from '../alb/model.ts';
import {
  availabilityZones,
  canonicalHostedZoneId,
  defaultRuleArn,
  parseArn,
  securityGroups,
  vpcId,
} from './ids.ts';
import type {
  Elbv2Action,
  Elbv2LoadBalancer,
  Elbv2Listener,
  Elbv2Rule,
  Elbv2RuleCondition,
  Elbv2TargetGroup,
  Elbv2TargetHealthDescription,
} from './shapes.ts';

function regionAccount(arn: string): { region: string; account: string } {
  const p = parseArn(arn);
  return { region: p?.region ?? 'eu-west-3', account: p?.account ?? '000000000000' };
}

export function toLoadBalancer(lb: LoadBalancer, createdTime: Date): Elbv2LoadBalancer {
  const { region, account } = regionAccount(lb.arn);
  return {
    LoadBalancerArn: lb.arn,
    DNSName: lb.dnsName,
    CanonicalHostedZoneId: canonicalHostedZoneId(region),
    CreatedTime: createdTime,
    LoadBalancerName: lb.name,
    Scheme: lb.scheme,
    VpcId: vpcId(region, account),
    State: { Code: 'active' },
    Type: 'application',
    AvailabilityZones: availabilityZones(region, account).map((z) => ({ ...z, LoadBalancerAddresses: [] })),
    SecurityGroups: securityGroups(lb.name, region, account),
    IpAddressType: lb.ipAddressType,
  };
}

export function toAction(action: AlbAction, index: number): Elbv2Action {
  const order = index + 1;
  switch (action.type) {
    case 'forward': {
      const out: Elbv2Action = { Type: 'forward' };
      if (action.targetGroups.length === 1) out.TargetGroupArn = action.targetGroups[0]!.targetGroupArn;
      out.Order = order;
      const stickiness: { Enabled: boolean; DurationSeconds?: number } = {
        Enabled: action.stickiness?.enabled ?? false,
      };
      if (action.stickiness?.enabled && action.stickiness.durationSeconds !== undefined)
        stickiness.DurationSeconds = action.stickiness.durationSeconds;
      out.ForwardConfig = {
        TargetGroups: action.targetGroups.map((t) => ({
          TargetGroupArn: t.targetGroupArn,
          Weight: t.weight,
        })),
        TargetGroupStickinessConfig: stickiness,
      };
      return out;
    }
    case 'redirect':
      return {
        Type: 'redirect',
        Order: order,
        RedirectConfig: {
          Protocol: action.protocol,
          Port: action.port,
          Host: action.host,
          Path: action.path,
          Query: action.query,
          StatusCode: action.statusCode,
        },
      };
    case 'fixed-response': {
      // MessageBody, StatusCode, ContentType: the service model's member order.
      const config: NonNullable<Elbv2Action['FixedResponseConfig']> =
        action.messageBody !== undefined && action.messageBody !== ''
          ? { MessageBody: action.messageBody, StatusCode: action.statusCode }
          : { StatusCode: action.statusCode };
      if (action.contentType !== undefined) config.ContentType = action.contentType;
      return { Type: 'fixed-response', Order: order, FixedResponseConfig: config };
    }
  }
}

export function toCondition(c: AlbCondition): Elbv2RuleCondition {
  switch (c.field) {
    case 'host-header':
      return { Field: c.field, Values: [...c.values], HostHeaderConfig: { Values: [...c.values] } };
    case 'path-pattern':
      return { Field: c.field, Values: [...c.values], PathPatternConfig: { Values: [...c.values] } };
    case 'http-header':
      return {
        Field: c.field,
        HttpHeaderConfig: { HttpHeaderName: c.httpHeaderName, Values: [...c.values] },
      };
    case 'http-request-method':
      return { Field: c.field, HttpRequestMethodConfig: { Values: [...c.values] } };
    case 'query-string':
      return {
        Field: c.field,
        QueryStringConfig: {
          Values: c.values.map((v) =>
            v.key !== undefined ? { Key: v.key, Value: v.value } : { Value: v.value },
          ),
        },
      };
    case 'source-ip':
      return { Field: c.field, SourceIpConfig: { Values: [...c.values] } };
  }
}

export function toListener(lb: LoadBalancer, l: AlbListener): Elbv2Listener {
  const head = { ListenerArn: l.arn, LoadBalancerArn: lb.arn, Port: l.port, Protocol: l.protocol };
  const defaultActions = l.defaultActions.map(toAction);
  if (l.protocol !== 'HTTPS') return { ...head, DefaultActions: defaultActions };
  // DescribeListeners lists the default certificate only (the rest: DescribeListenerCertificates).
  const tls: Pick<Elbv2Listener, 'Certificates' | 'SslPolicy'> = {};
  if (l.certificateArns[0] !== undefined) tls.Certificates = [{ CertificateArn: l.certificateArns[0] }];
  tls.SslPolicy = l.sslPolicy ?? 'ELBSecurityPolicy-2016-08';
  return { ...head, ...tls, DefaultActions: defaultActions };
}

export function toRule(r: AlbRule): Elbv2Rule {
  return {
    RuleArn: r.arn,
    Priority: String(r.priority),
    Conditions: r.conditions.map(toCondition),
    Actions: r.actions.map(toAction),
    IsDefault: false,
  };
}

/** The listener's default rule: its default actions, no conditions, listed last. */
export function toDefaultRule(l: AlbListener): Elbv2Rule {
  return {
    RuleArn: defaultRuleArn(l.arn),
    Priority: 'default',
    Conditions: [],
    Actions: l.defaultActions.map(toAction),
    IsDefault: true,
  };
}

export function toTargetGroup(tg: TargetGroup, loadBalancerArns: string[]): Elbv2TargetGroup {
  const { region, account } = regionAccount(tg.arn);
  const hc = tg.healthCheck;
  return {
    TargetGroupArn: tg.arn,
    TargetGroupName: tg.name,
    Protocol: tg.protocol,
    Port: tg.port,
    VpcId: vpcId(region, account),
    HealthCheckProtocol: hc.protocol,
    HealthCheckPort: String(hc.port),
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: hc.intervalSeconds,
    HealthCheckTimeoutSeconds: hc.timeoutSeconds,
    HealthyThresholdCount: hc.healthyThresholdCount,
    UnhealthyThresholdCount: hc.unhealthyThresholdCount,
    HealthCheckPath: hc.path,
    Matcher:
      tg.protocolVersion === 'GRPC' ? { GrpcCode: hc.matcher.httpCode } : { HttpCode: hc.matcher.httpCode },
    LoadBalancerArns: loadBalancerArns,
    TargetType: tg.targetType,
    ProtocolVersion: tg.protocolVersion,
    IpAddressType: 'ipv4',
  };
}

/** AWS's descriptions for its reason codes, used when the health source gives none. */
const REASON_TEXT: Readonly<Record<string, string>> = {
  'Elb.RegistrationInProgress': 'Target registration is in progress',
  'Elb.InitialHealthChecking': 'Initial health checks in progress',
  'Elb.InternalError': 'Health checks failed due to an internal error',
  'Target.ResponseCodeMismatch': 'Health checks failed',
  'Target.Timeout': 'Request timed out',
  'Target.FailedHealthChecks': 'Health checks failed',
  'Target.NotRegistered': 'Target is not registered to the target group',
  'Target.NotInUse': 'Target group is not configured to receive traffic from the load balancer',
  'Target.DeregistrationInProgress': 'Target deregistration is in progress',
  'Target.InvalidState': 'Target is in the stopped state',
  'Target.IpUnusable': 'The target IP address is reserved for use by a load balancer',
  'Target.HealthCheckDisabled': 'Health checks are disabled',
};

export function reasonDescription(reason: string): string | undefined {
  return REASON_TEXT[reason];
}

export const NO_OVERRIDE = {
  State: 'no_override',
  Reason: 'AdministrativeOverride.NoOverride',
  Description: 'No override is currently active on target',
} as const;

export function toTargetHealthDescription(h: TargetHealth, anomaly: boolean): Elbv2TargetHealthDescription {
  const target: Elbv2TargetHealthDescription['Target'] = { Id: h.target.id, Port: h.target.port };
  const health: Elbv2TargetHealthDescription['TargetHealth'] = { State: h.state };
  if (h.reason !== undefined) {
    health.Reason = h.reason;
    const description = h.description ?? reasonDescription(h.reason);
    if (description !== undefined) health.Description = description;
  }
  const out: Elbv2TargetHealthDescription = {
    Target: target,
    HealthCheckPort: String(h.target.healthCheckPort),
    TargetHealth: health,
  };
  if (anomaly) out.AnomalyDetection = { Result: 'normal', MitigationInEffect: 'no' };
  out.AdministrativeOverride = { ...NO_OVERRIDE };
  return out;
}
