// CONTRACT: the ALB model, shaped and named like the AWS Load Balancer Controller's model and
// the ELBv2 API's objects. Produced by the pure translator (alb/translate/), consumed by the
// ALB data plane (dataplane/alb/), the ELBv2 API (elbv2/) and DNS (dns/). Targets are runtime
// facts (alb/targets.ts resolves them from nodes, Services and EndpointSlices).

export interface AlbModel {
  loadBalancers: LoadBalancer[]; // sorted by name
}

export interface ObjectRef {
  namespace: string;
  name: string;
}

export interface LoadBalancer {
  name: string; // 'k8s-istiosys-testalb-1a2b3c4d5e' (or load-balancer-name)
  arn: string; // arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<16 hex>
  dnsName: string; // '<name>-<digits>.<region>.elb.amazonaws.com' ('internal-' prefix for internal), lower-case
  scheme: 'internet-facing' | 'internal';
  ipAddressType: 'ipv4' | 'dualstack';
  /** IngressGroup name, or `<namespace>/<name>` of the single Ingress. */
  group: string;
  ingresses: ObjectRef[]; // members in group order
  listeners: AlbListener[]; // sorted by port
  targetGroups: TargetGroup[]; // sorted by name
  attributes: Record<string, string>; // load-balancer-attributes, e.g. idle_timeout.timeout_seconds
  /** Hostnames that need a certificate: the rules' hosts, tls hosts, external-dns hostnames. */
  certificateHosts: string[];
  /** external-dns.alpha.kubernetes.io/hostname values of the members. */
  externalDnsHostnames: string[];
  tags: Record<string, string>;
  /** inbound-cidrs of the members, merged and sorted; default ['0.0.0.0/0'] (+ '::/0' dualstack). */
  inboundCidrs?: string[];
  /** load-balancer-attributes idle_timeout.timeout_seconds (default 60). */
  idleTimeoutSeconds?: number;
}

/** An ELBSecurityPolicy as Node's TLS options: protocol range and OpenSSL cipher names. */
export interface TlsPolicy {
  minVersion: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  maxVersion: 'TLSv1.2' | 'TLSv1.3';
  /** OpenSSL names in AWS's preference order; TLS 1.3 suites are named TLS_AES_128_GCM_SHA256 etc. */
  ciphers: string[];
}

export interface AlbListener {
  port: number;
  protocol: 'HTTP' | 'HTTPS';
  arn: string;
  certificateArns: string[]; // first = default
  sslPolicy?: string; // HTTPS only
  /** HTTPS only: sslPolicy resolved to protocol versions and ciphers. */
  tlsPolicy?: TlsPolicy;
  defaultActions: AlbAction[];
  rules: AlbRule[]; // sorted by priority
}

export type AlbCondition =
  | { field: 'host-header'; values: string[] }
  | { field: 'path-pattern'; values: string[] }
  | { field: 'http-header'; httpHeaderName: string; values: string[] }
  | { field: 'http-request-method'; values: string[] }
  | { field: 'query-string'; values: { key?: string; value: string }[] }
  | { field: 'source-ip'; values: string[] };

export type AlbAction =
  | {
      type: 'forward';
      targetGroups: { targetGroupArn: string; weight: number }[];
      stickiness?: { enabled: boolean; durationSeconds?: number };
    }
  | {
      type: 'redirect';
      protocol: string; // '#{protocol}' when unset
      port: string; // '#{port}' when unset
      host: string; // '#{host}'
      path: string; // '/#{path}'
      query: string; // '#{query}'
      statusCode: 'HTTP_301' | 'HTTP_302';
    }
  | { type: 'fixed-response'; statusCode: string; contentType?: string; messageBody?: string };

export interface AlbRule {
  priority: number;
  arn: string;
  conditions: AlbCondition[];
  actions: AlbAction[];
  /** Where the rule came from: the Ingress and the path index, for trace and diagnostics. */
  source: ObjectRef & { rule: number; path: number };
}

export interface HealthCheck {
  protocol: 'HTTP' | 'HTTPS';
  /** 'traffic-port' or a port number (a named port is resolved to its number at build time). */
  port: 'traffic-port' | number;
  path: string;
  intervalSeconds: number; // 15
  timeoutSeconds: number; // 5
  healthyThresholdCount: number; // 2
  unhealthyThresholdCount: number; // 2
  matcher: { httpCode: string }; // '200', '200,201', '200-299'
}

export interface TargetGroup {
  name: string; // 'k8s-istiosys-istioing-<10 hex>'
  arn: string; // ...:targetgroup/<name>/<16 hex>
  protocol: 'HTTP' | 'HTTPS';
  protocolVersion: 'HTTP1' | 'HTTP2' | 'GRPC';
  targetType: 'instance' | 'ip';
  /** instance: the Service's NodePort for servicePort; ip: the targetPort (number or name). */
  port: number;
  service: ObjectRef & {
    port: number | string;
    nodePort?: number;
    /** The Service port's name ('' when unnamed): how EndpointSlice ports are matched (ip targets). */
    portName?: string;
  };
  /** instance targets: only nodes with these labels (target-node-labels). */
  nodeSelector?: Record<string, string>;
  healthCheck: HealthCheck;
  attributes: Record<string, string>; // deregistration_delay.timeout_seconds etc.
  /** target-group-attributes deregistration_delay.timeout_seconds (default 300). */
  deregistrationDelaySeconds?: number;
  loadBalancingAlgorithm: 'round_robin' | 'least_outstanding_requests' | 'weighted_random';
}

/** One registered target: instance = node address + NodePort, ip = pod address + port. */
export interface Target {
  id: string; // instance: node name (AWS: i-...); ip: the pod IP
  address: string; // where to connect (model address; resolve through the DialTable)
  port: number;
  healthCheckPort: number;
  /** For `describe-target-health` AvailabilityZone-like detail and trace. */
  node?: string;
  pod?: ObjectRef;
}

export type TargetHealthState = 'initial' | 'healthy' | 'unhealthy' | 'unused' | 'draining' | 'unavailable';

export interface TargetHealth {
  target: Target;
  state: TargetHealthState;
  reason?: string; // 'Elb.RegistrationInProgress', 'Target.ResponseCodeMismatch', ...
  description?: string; // 'Health checks failed with these codes: [404]'
}
