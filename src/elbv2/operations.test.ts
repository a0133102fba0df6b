// The ELBv2 read operations on the SCENARIO ALB built by hand: shapes, member order, filters,
// pagination and AWS's errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Elbv2Error } from './errors.ts';
import { defaultRuleArn } from './ids.ts';
import type { Elbv2Input } from './input.ts';
import { OPERATIONS, type Elbv2View } from './operations.ts';
import {
  CERT_ARN,
  CREATED,
  LB_ARN,
  LB_NAME,
  LISTENER_443,
  LISTENER_80,
  MODEL,
  RULE_443_1,
  RULE_80_1,
  SOURCE,
  TG_ARN,
  TG_NAME,
} from './test-model.ts';

const view: Elbv2View = { model: MODEL, health: SOURCE.health, createdTime: () => CREATED };

function call(action: string, input: Elbv2Input = {}): Record<string, unknown> {
  return OPERATIONS.get(action)!(view, input) as Record<string, unknown>;
}

function callError(action: string, input: Elbv2Input): { code: string; message: string } {
  try {
    call(action, input);
  } catch (err) {
    assert.ok(err instanceof Elbv2Error, String(err));
    assert.equal(err.httpStatus, 400);
    return { code: err.code, message: err.message };
  }
  assert.fail(`${action} did not fail`);
}

const forward = {
  Type: 'forward',
  TargetGroupArn: TG_ARN,
  Order: 1,
  ForwardConfig: {
    TargetGroups: [{ TargetGroupArn: TG_ARN, Weight: 1 }],
    TargetGroupStickinessConfig: { Enabled: false },
  },
};
const notFound404 = {
  Type: 'fixed-response',
  Order: 1,
  FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain' },
};
const pathAll = { Field: 'path-pattern', Values: ['/*'], PathPatternConfig: { Values: ['/*'] } };

void test('DescribeLoadBalancers: the ALB in ELBv2 shape and member order', () => {
  const out = call('DescribeLoadBalancers') as { LoadBalancers: Record<string, unknown>[] };
  assert.equal(out.LoadBalancers.length, 1);
  const lb = out.LoadBalancers[0]!;
  assert.deepEqual(Object.keys(lb), [
    'LoadBalancerArn',
    'DNSName',
    'CanonicalHostedZoneId',
    'CreatedTime',
    'LoadBalancerName',
    'Scheme',
    'VpcId',
    'State',
    'Type',
    'AvailabilityZones',
    'SecurityGroups',
    'IpAddressType',
  ]);
  assert.equal(lb['CanonicalHostedZoneId'], 'Z3Q77PNBQS71R4');
  assert.equal(lb['CreatedTime'], CREATED);
  assert.equal(lb['LoadBalancerName'], LB_NAME);
  assert.equal(lb['Scheme'], 'internet-facing');
  assert.match(String(lb['VpcId']), /^vpc-[0-9a-f]{17}$/);
  assert.deepEqual(lb['State'], { Code: 'active' });
  assert.equal(lb['Type'], 'application');
  const zones = lb['AvailabilityZones'] as {
    ZoneName: string;
    SubnetId: string;
    LoadBalancerAddresses: [];
  }[];
  assert.deepEqual(
    zones.map((z) => z.ZoneName),
    ['eu-west-3a', 'eu-west-3b', 'eu-west-3c'],
  );
  for (const z of zones) {
    assert.match(z.SubnetId, /^subnet-[0-9a-f]{17}$/);
    assert.deepEqual(z.LoadBalancerAddresses, []);
  }
  assert.equal((lb['SecurityGroups'] as string[]).length, 2);
  assert.equal(lb['IpAddressType'], 'ipv4');
  // Stable across calls.
  assert.deepEqual(call('DescribeLoadBalancers'), out);
});

void test('DescribeLoadBalancers filters and errors', () => {
  assert.equal((call('DescribeLoadBalancers', { Names: [LB_NAME] })['LoadBalancers'] as unknown[]).length, 1);
  assert.equal(
    (call('DescribeLoadBalancers', { LoadBalancerArns: [LB_ARN] })['LoadBalancers'] as unknown[]).length,
    1,
  );
  const cases: [Elbv2Input, string, string][] = [
    [
      { Names: ['nope', LB_NAME, 'other'] },
      'LoadBalancerNotFound',
      "Load balancers '[nope, other]' not found",
    ],
    [
      { LoadBalancerArns: [LB_ARN.replace('5e1c', '0000')] },
      'LoadBalancerNotFound',
      'One or more load balancers not found',
    ],
    [{ LoadBalancerArns: ['nope'] }, 'ValidationError', "'nope' is not a valid load balancer ARN"],
    [{ LoadBalancerArns: [TG_ARN] }, 'ValidationError', `'${TG_ARN}' is not a valid load balancer ARN`],
    [
      { LoadBalancerArns: [LB_ARN], Names: [LB_NAME] },
      'ValidationError',
      'Load balancer names and load balancer ARNs cannot be specified at the same time',
    ],
    [
      { PageSize: '0' },
      'ValidationError',
      "1 validation error detected: Value '0' at 'pageSize' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ],
  ];
  for (const [input, code, message] of cases)
    assert.deepEqual(callError('DescribeLoadBalancers', input), { code, message }, JSON.stringify(input));
});

void test('DescribeListeners: HTTP without certificates, HTTPS with its default certificate and policy', () => {
  const out = call('DescribeListeners', { LoadBalancerArn: LB_ARN });
  assert.deepEqual(out, {
    Listeners: [
      {
        ListenerArn: LISTENER_80,
        LoadBalancerArn: LB_ARN,
        Port: 80,
        Protocol: 'HTTP',
        DefaultActions: [notFound404],
      },
      {
        ListenerArn: LISTENER_443,
        LoadBalancerArn: LB_ARN,
        Port: 443,
        Protocol: 'HTTPS',
        Certificates: [{ CertificateArn: CERT_ARN }],
        SslPolicy: 'ELBSecurityPolicy-2016-08',
        DefaultActions: [notFound404],
      },
    ],
  });
  const https = (out['Listeners'] as Record<string, unknown>[])[1]!;
  assert.deepEqual(Object.keys(https), [
    'ListenerArn',
    'LoadBalancerArn',
    'Port',
    'Protocol',
    'Certificates',
    'SslPolicy',
    'DefaultActions',
  ]);
  assert.deepEqual(call('DescribeListeners', { ListenerArns: [LISTENER_443] })['Listeners'], [https]);
  const errors: [Elbv2Input, string, string][] = [
    [{}, 'ValidationError', 'You must specify either listener ARNs or a load balancer ARN'],
    [
      { LoadBalancerArn: LB_ARN, ListenerArns: [LISTENER_80] },
      'ValidationError',
      'Listener ARNs and a load balancer ARN cannot be specified at the same time',
    ],
    [{ ListenerArns: [`${LISTENER_80}0`] }, 'ListenerNotFound', 'One or more listeners not found'],
    [{ LoadBalancerArn: `${LB_ARN}0` }, 'LoadBalancerNotFound', 'One or more load balancers not found'],
  ];
  for (const [input, code, message] of errors)
    assert.deepEqual(callError('DescribeListeners', input), { code, message });
});

void test('DescribeListeners pages with PageSize and Marker', () => {
  const first = call('DescribeListeners', { LoadBalancerArn: LB_ARN, PageSize: '1' });
  assert.equal((first['Listeners'] as { Port: number }[])[0]!.Port, 80);
  assert.equal(typeof first['NextMarker'], 'string');
  const second = call('DescribeListeners', {
    LoadBalancerArn: LB_ARN,
    PageSize: '1',
    Marker: first['NextMarker'],
  });
  assert.equal((second['Listeners'] as { Port: number }[])[0]!.Port, 443);
  assert.equal(second['NextMarker'], undefined);
});

void test('DescribeRules: the redirect at 1, the gateway at 2, the default rule last', () => {
  const out = call('DescribeRules', { ListenerArn: LISTENER_80 }) as { Rules: Record<string, unknown>[] };
  assert.deepEqual(
    out.Rules.map((r) => [r['Priority'], r['IsDefault']]),
    [
      ['1', false],
      ['2', false],
      ['default', true],
    ],
  );
  assert.deepEqual(out.Rules[0], {
    RuleArn: RULE_80_1,
    Priority: '1',
    Conditions: [pathAll],
    Actions: [
      {
        Type: 'redirect',
        Order: 1,
        RedirectConfig: {
          Protocol: 'HTTPS',
          Port: '443',
          Host: '#{host}',
          Path: '/#{path}',
          Query: '#{query}',
          StatusCode: 'HTTP_301',
        },
      },
    ],
    IsDefault: false,
  });
  assert.deepEqual(out.Rules[1]!['Actions'], [forward]);
  assert.deepEqual(out.Rules[2], {
    RuleArn: defaultRuleArn(LISTENER_80),
    Priority: 'default',
    Conditions: [],
    Actions: [notFound404],
    IsDefault: true,
  });
  const tls = call('DescribeRules', { ListenerArn: LISTENER_443 }) as { Rules: Record<string, unknown>[] };
  assert.deepEqual(
    tls.Rules.map((r) => r['Priority']),
    ['1', 'default'],
  );
  assert.deepEqual(tls.Rules[0], {
    RuleArn: RULE_443_1,
    Priority: '1',
    Conditions: [pathAll],
    Actions: [forward],
    IsDefault: false,
  });
  const byArn = call('DescribeRules', { RuleArns: [RULE_443_1, defaultRuleArn(LISTENER_443)] }) as {
    Rules: unknown[];
  };
  assert.deepEqual(byArn.Rules, tls.Rules);
  assert.deepEqual(callError('DescribeRules', { RuleArns: [`${RULE_443_1}0`] }), {
    code: 'RuleNotFound',
    message: 'One or more rules not found',
  });
  assert.equal(callError('DescribeRules', {}).code, 'ValidationError');
});

const targetGroup = {
  TargetGroupArn: TG_ARN,
  TargetGroupName: TG_NAME,
  Protocol: 'HTTP',
  Port: 31246,
  VpcId: (call('DescribeLoadBalancers')['LoadBalancers'] as { VpcId: string }[])[0]!.VpcId,
  HealthCheckProtocol: 'HTTP',
  HealthCheckPort: '30218',
  HealthCheckEnabled: true,
  HealthCheckIntervalSeconds: 15,
  HealthCheckTimeoutSeconds: 5,
  HealthyThresholdCount: 2,
  UnhealthyThresholdCount: 2,
  HealthCheckPath: '/healthz/ready',
  Matcher: { HttpCode: '200' },
  LoadBalancerArns: [LB_ARN],
  TargetType: 'instance',
  ProtocolVersion: 'HTTP1',
  IpAddressType: 'ipv4',
};

void test('DescribeTargetGroups: the gateway NodePort group checked on 30218 /healthz/ready', () => {
  const all = call('DescribeTargetGroups') as { TargetGroups: Record<string, unknown>[] };
  assert.deepEqual(all, { TargetGroups: [targetGroup] });
  assert.deepEqual(Object.keys(all.TargetGroups[0]!), Object.keys(targetGroup));
  for (const input of [{ Names: [TG_NAME] }, { TargetGroupArns: [TG_ARN] }, { LoadBalancerArn: LB_ARN }])
    assert.deepEqual(call('DescribeTargetGroups', input), all, JSON.stringify(input));
  assert.deepEqual(callError('DescribeTargetGroups', { Names: ['nope'] }), {
    code: 'TargetGroupNotFound',
    message: "Target groups '[nope]' not found",
  });
  assert.deepEqual(callError('DescribeTargetGroups', { TargetGroupArns: [`${TG_ARN}0`] }), {
    code: 'TargetGroupNotFound',
    message: 'One or more target groups not found',
  });
  assert.equal(
    callError('DescribeTargetGroups', { Names: [TG_NAME], TargetGroupArns: [TG_ARN] }).code,
    'ValidationError',
  );
});

void test('DescribeTargetHealth: states, reasons and the Targets filter', () => {
  const out = call('DescribeTargetHealth', { TargetGroupArn: TG_ARN }) as {
    TargetHealthDescriptions: unknown[];
  };
  const override = {
    State: 'no_override',
    Reason: 'AdministrativeOverride.NoOverride',
    Description: 'No override is currently active on target',
  };
  assert.deepEqual(out.TargetHealthDescriptions, [
    {
      Target: { Id: 'gangway-node-0', Port: 31246 },
      HealthCheckPort: '30218',
      TargetHealth: { State: 'healthy' },
      AdministrativeOverride: override,
    },
    {
      Target: { Id: 'gangway-node-1', Port: 31246 },
      HealthCheckPort: '30218',
      TargetHealth: {
        State: 'unhealthy',
        Reason: 'Target.ResponseCodeMismatch',
        Description: 'Health checks failed with these codes: [503]',
      },
      AdministrativeOverride: override,
    },
  ]);
  const filtered = call('DescribeTargetHealth', {
    TargetGroupArn: TG_ARN,
    Targets: [{ Id: 'gangway-node-1' }, { Id: 'i-0f76fade', Port: '80' }],
  }) as { TargetHealthDescriptions: { Target: unknown; HealthCheckPort: string; TargetHealth: unknown }[] };
  assert.equal(filtered.TargetHealthDescriptions.length, 2);
  assert.deepEqual(filtered.TargetHealthDescriptions[0], out.TargetHealthDescriptions[1]);
  const missing = filtered.TargetHealthDescriptions[1]!;
  assert.deepEqual(missing.Target, { Id: 'i-0f76fade', Port: 80 });
  assert.equal(missing.HealthCheckPort, '30218');
  assert.deepEqual(missing.TargetHealth, {
    State: 'unused',
    Reason: 'Target.NotRegistered',
    Description: 'Target is not registered to the target group',
  });
  const errors: [Elbv2Input, string, string][] = [
    [
      {},
      'ValidationError',
      "1 validation error detected: Value null at 'targetGroupArn' failed to satisfy constraint: Member must not be null",
    ],
    [{ TargetGroupArn: `${TG_ARN}0` }, 'TargetGroupNotFound', `Target groups '${TG_ARN}0' not found`],
    [{ TargetGroupArn: 'x' }, 'ValidationError', "'x' is not a valid target group ARN"],
  ];
  for (const [input, code, message] of errors)
    assert.deepEqual(callError('DescribeTargetHealth', input), { code, message });
});

void test('DescribeTags: the stack tags on every resource, with its own resource tag', () => {
  const out = call('DescribeTags', {
    ResourceArns: [LB_ARN, TG_ARN, LISTENER_443, RULE_443_1, defaultRuleArn(LISTENER_443)],
  }) as { TagDescriptions: { ResourceArn: string; Tags: { Key: string; Value: string }[] }[] };
  const resource = out.TagDescriptions.map(
    (d) => d.Tags.find((t) => t.Key === 'ingress.k8s.aws/resource')?.Value,
  );
  assert.deepEqual(resource, [
    'LoadBalancer',
    'istio-system/test-alb-istio-ingressgateway:80',
    '443',
    '443:1',
    undefined,
  ]);
  assert.deepEqual(out.TagDescriptions[0], {
    ResourceArn: LB_ARN,
    Tags: [
      { Key: 'elbv2.k8s.aws/cluster', Value: 'gangway' },
      { Key: 'ingress.k8s.aws/resource', Value: 'LoadBalancer' },
      { Key: 'ingress.k8s.aws/stack', Value: 'istio-system/test-alb' },
    ],
  });
  assert.equal(callError('DescribeTags', { ResourceArns: [`${LB_ARN}0`] }).code, 'LoadBalancerNotFound');
  assert.equal(callError('DescribeTags', { ResourceArns: [`${TG_ARN}0`] }).code, 'TargetGroupNotFound');
  assert.equal(callError('DescribeTags', { ResourceArns: [`${LISTENER_80}0`] }).code, 'ListenerNotFound');
  assert.equal(callError('DescribeTags', {}).code, 'ValidationError');
});

void test('attributes: AWS defaults with the model overrides', () => {
  const lb = call('DescribeLoadBalancerAttributes', { LoadBalancerArn: LB_ARN }) as {
    Attributes: { Key: string; Value: string }[];
  };
  const lbMap = new Map(lb.Attributes.map((a) => [a.Key, a.Value]));
  assert.equal(lbMap.get('idle_timeout.timeout_seconds'), '600');
  assert.equal(lbMap.get('routing.http2.enabled'), 'true');
  assert.equal(lbMap.get('access_logs.s3.bucket'), '');
  assert.equal(lb.Attributes[0]!.Key, 'access_logs.s3.enabled');
  const tg = call('DescribeTargetGroupAttributes', { TargetGroupArn: TG_ARN }) as {
    Attributes: { Key: string; Value: string }[];
  };
  const tgMap = new Map(tg.Attributes.map((a) => [a.Key, a.Value]));
  assert.equal(tgMap.get('deregistration_delay.timeout_seconds'), '300');
  assert.equal(tgMap.get('load_balancing.algorithm.type'), 'round_robin');
  assert.equal(tgMap.get('stickiness.enabled'), 'false');
  assert.equal(
    callError('DescribeLoadBalancerAttributes', { LoadBalancerArn: `${LB_ARN}0` }).code,
    'LoadBalancerNotFound',
  );
  assert.equal(
    callError('DescribeTargetGroupAttributes', { TargetGroupArn: `${TG_ARN}0` }).code,
    'TargetGroupNotFound',
  );
});

void test('DescribeListenerCertificates lists every certificate, the default first', () => {
  assert.deepEqual(call('DescribeListenerCertificates', { ListenerArn: LISTENER_443 }), {
    Certificates: [{ CertificateArn: CERT_ARN, IsDefault: true }],
  });
});
