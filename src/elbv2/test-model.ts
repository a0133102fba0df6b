// Test support: the SCENARIO.md ALB built by hand (listeners 80 and 443; on 80 the
// ssl-redirect rule at priority 1 and the gateway rule at 2, on 443 the gateway rule; one
// instance target group on the gateway's http2 NodePort, checked on 30218 /healthz/ready) and
// a health source with two nodes.
import type { AlbAction, AlbModel, LoadBalancer, TargetGroup, TargetHealth } from '../alb/model.ts';

export const REGION = 'eu-west-3';
export const ACCOUNT = '111111111111';
const PREFIX = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}`;

export const LB_NAME = 'k8s-istiosys-testalb-0f2b6c1d9e';
export const LB_ARN = `${PREFIX}:loadbalancer/app/${LB_NAME}/5e1c2a3b4d6f7089`;
export const LISTENER_80 = `${PREFIX}:listener/app/${LB_NAME}/5e1c2a3b4d6f7089/1a2b3c4d5e6f7081`;
export const LISTENER_443 = `${PREFIX}:listener/app/${LB_NAME}/5e1c2a3b4d6f7089/9f8e7d6c5b4a3921`;
export const RULE_80_1 = `${PREFIX}:listener-rule/app/${LB_NAME}/5e1c2a3b4d6f7089/1a2b3c4d5e6f7081/0a0b0c0d0e0f1011`;
export const RULE_80_2 = `${PREFIX}:listener-rule/app/${LB_NAME}/5e1c2a3b4d6f7089/1a2b3c4d5e6f7081/1213141516171819`;
export const RULE_443_1 = `${PREFIX}:listener-rule/app/${LB_NAME}/5e1c2a3b4d6f7089/9f8e7d6c5b4a3921/2021222324252627`;
export const TG_NAME = 'k8s-istiosys-istioing-3c8f2e1a7b';
export const TG_ARN = `${PREFIX}:targetgroup/${TG_NAME}/8a9b0c1d2e3f4a5b`;
export const CERT_ARN = `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/fcaa9fd2-1b55-48d7-92f2-e829f7bafafd`;

const forward: AlbAction = { type: 'forward', targetGroups: [{ targetGroupArn: TG_ARN, weight: 1 }] };
const source = { namespace: 'istio-system', name: 'test-alb', rule: 0 };
const defaultAction: AlbAction = { type: 'fixed-response', statusCode: '404', contentType: 'text/plain' };

export const TARGET_GROUP: TargetGroup = {
  name: TG_NAME,
  arn: TG_ARN,
  protocol: 'HTTP',
  protocolVersion: 'HTTP1',
  targetType: 'instance',
  port: 31246,
  service: { namespace: 'istio-system', name: 'istio-ingressgateway', port: 80, nodePort: 31246 },
  healthCheck: {
    protocol: 'HTTP',
    port: 30218,
    path: '/healthz/ready',
    intervalSeconds: 15,
    timeoutSeconds: 5,
    healthyThresholdCount: 2,
    unhealthyThresholdCount: 2,
    matcher: { httpCode: '200' },
  },
  attributes: {},
  loadBalancingAlgorithm: 'round_robin',
};

export const LOAD_BALANCER: LoadBalancer = {
  name: LB_NAME,
  arn: LB_ARN,
  dnsName: `${LB_NAME}-1234567890.${REGION}.elb.amazonaws.com`,
  scheme: 'internet-facing',
  ipAddressType: 'ipv4',
  group: 'istio-system/test-alb',
  ingresses: [{ namespace: 'istio-system', name: 'test-alb' }],
  listeners: [
    {
      port: 80,
      protocol: 'HTTP',
      arn: LISTENER_80,
      certificateArns: [],
      defaultActions: [defaultAction],
      rules: [
        {
          priority: 2,
          arn: RULE_80_2,
          conditions: [{ field: 'path-pattern', values: ['/*'] }],
          actions: [forward],
          source: { ...source, path: 1 },
        },
        {
          priority: 1,
          arn: RULE_80_1,
          conditions: [{ field: 'path-pattern', values: ['/*'] }],
          actions: [
            {
              type: 'redirect',
              protocol: 'HTTPS',
              port: '443',
              host: '#{host}',
              path: '/#{path}',
              query: '#{query}',
              statusCode: 'HTTP_301',
            },
          ],
          source: { ...source, path: 0 },
        },
      ],
    },
    {
      port: 443,
      protocol: 'HTTPS',
      arn: LISTENER_443,
      certificateArns: [CERT_ARN],
      sslPolicy: 'ELBSecurityPolicy-2016-08',
      defaultActions: [defaultAction],
      rules: [
        {
          priority: 1,
          arn: RULE_443_1,
          conditions: [{ field: 'path-pattern', values: ['/*'] }],
          actions: [forward],
          source: { ...source, path: 1 },
        },
      ],
    },
  ],
  targetGroups: [TARGET_GROUP],
  attributes: { 'idle_timeout.timeout_seconds': '600' },
  certificateHosts: ['istio-test-alb.example.com'],
  externalDnsHostnames: ['istio-test-alb.example.com'],
  tags: {
    'elbv2.k8s.aws/cluster': 'gangway',
    'ingress.k8s.aws/resource': 'LoadBalancer',
    'ingress.k8s.aws/stack': 'istio-system/test-alb',
  },
};

export const MODEL: AlbModel = { loadBalancers: [LOAD_BALANCER] };

export const HEALTH: TargetHealth[] = [
  {
    target: {
      id: 'gangway-node-0',
      address: '127.1.0.1',
      port: 31246,
      healthCheckPort: 30218,
      node: 'gangway-node-0',
    },
    state: 'healthy',
  },
  {
    target: {
      id: 'gangway-node-1',
      address: '127.1.0.2',
      port: 31246,
      healthCheckPort: 30218,
      node: 'gangway-node-1',
    },
    state: 'unhealthy',
    reason: 'Target.ResponseCodeMismatch',
    description: 'Health checks failed with these codes: [503]',
  },
];

export const CREATED = new Date('2021-03-04T09:14:32.140Z');

export const SOURCE = {
  model: (): AlbModel => MODEL,
  health: (arn: string): TargetHealth[] => (arn === TG_ARN ? HEALTH : []),
  createdTime: (): Date => CREATED,
};
