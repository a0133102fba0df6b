// The ELBv2 API's response objects (API version 2015-12-01), with members declared in the order
// of the service model: botocore parses members in that order and the AWS CLI prints them so.
// The same objects are rendered as Query-protocol XML (api.ts) and as the CLI's JSON.

export interface Elbv2LoadBalancer {
  LoadBalancerArn: string;
  DNSName: string;
  CanonicalHostedZoneId: string;
  CreatedTime: Date;
  LoadBalancerName: string;
  Scheme: string;
  VpcId: string;
  State: { Code: string; Reason?: string };
  Type: 'application';
  AvailabilityZones: { ZoneName: string; SubnetId: string; LoadBalancerAddresses: never[] }[];
  SecurityGroups: string[];
  IpAddressType: string;
}

export interface Elbv2TargetGroupTuple {
  TargetGroupArn: string;
  Weight: number;
}

export interface Elbv2Action {
  Type: 'forward' | 'redirect' | 'fixed-response';
  TargetGroupArn?: string;
  Order?: number;
  RedirectConfig?: {
    Protocol: string;
    Port: string;
    Host: string;
    Path: string;
    Query: string;
    StatusCode: string;
  };
  FixedResponseConfig?: { MessageBody?: string; StatusCode: string; ContentType?: string };
  ForwardConfig?: {
    TargetGroups: Elbv2TargetGroupTuple[];
    TargetGroupStickinessConfig: { Enabled: boolean; DurationSeconds?: number };
  };
}

export interface Elbv2Listener {
  ListenerArn: string;
  LoadBalancerArn: string;
  Port: number;
  Protocol: string;
  Certificates?: { CertificateArn: string; IsDefault?: boolean }[];
  SslPolicy?: string;
  DefaultActions: Elbv2Action[];
}

export interface Elbv2RuleCondition {
  Field: string;
  Values?: string[];
  HostHeaderConfig?: { Values: string[] };
  PathPatternConfig?: { Values: string[] };
  HttpHeaderConfig?: { HttpHeaderName: string; Values: string[] };
  QueryStringConfig?: { Values: { Key?: string; Value: string }[] };
  HttpRequestMethodConfig?: { Values: string[] };
  SourceIpConfig?: { Values: string[] };
}

export interface Elbv2Rule {
  RuleArn: string;
  Priority: string;
  Conditions: Elbv2RuleCondition[];
  Actions: Elbv2Action[];
  IsDefault: boolean;
}

export interface Elbv2TargetGroup {
  TargetGroupArn: string;
  TargetGroupName: string;
  Protocol: string;
  Port: number;
  VpcId: string;
  HealthCheckProtocol: string;
  HealthCheckPort: string;
  HealthCheckEnabled: boolean;
  HealthCheckIntervalSeconds: number;
  HealthCheckTimeoutSeconds: number;
  HealthyThresholdCount: number;
  UnhealthyThresholdCount: number;
  HealthCheckPath: string;
  Matcher: { HttpCode?: string; GrpcCode?: string };
  LoadBalancerArns: string[];
  TargetType: string;
  ProtocolVersion: string;
  IpAddressType: string;
}

export interface Elbv2TargetHealthDescription {
  Target: { Id: string; Port?: number; AvailabilityZone?: string };
  HealthCheckPort?: string;
  TargetHealth: { State: string; Reason?: string; Description?: string };
  AnomalyDetection?: { Result: string; MitigationInEffect: string };
  AdministrativeOverride?: { State: string; Reason: string; Description: string };
}

export interface Elbv2KeyValue {
  Key: string;
  Value: string;
}

export interface Elbv2TagDescription {
  ResourceArn: string;
  Tags: Elbv2KeyValue[];
}

export interface DescribeLoadBalancersOutput {
  LoadBalancers: Elbv2LoadBalancer[];
  NextMarker?: string;
}
export interface DescribeListenersOutput {
  Listeners: Elbv2Listener[];
  NextMarker?: string;
}
export interface DescribeRulesOutput {
  Rules: Elbv2Rule[];
  NextMarker?: string;
}
export interface DescribeTargetGroupsOutput {
  TargetGroups: Elbv2TargetGroup[];
  NextMarker?: string;
}
export interface DescribeTargetHealthOutput {
  TargetHealthDescriptions: Elbv2TargetHealthDescription[];
}
export interface DescribeTagsOutput {
  TagDescriptions: Elbv2TagDescription[];
}
export interface DescribeAttributesOutput {
  Attributes: Elbv2KeyValue[];
}
export interface DescribeListenerCertificatesOutput {
  Certificates: { CertificateArn: string; IsDefault: boolean }[];
  NextMarker?: string;
}
