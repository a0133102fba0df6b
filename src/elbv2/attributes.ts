// The attribute lists ELBv2 returns for an Application Load Balancer and for an HTTP(S)
// instance/ip target group: AWS's defaults, overridden by the model's attributes (from the
// load-balancer-attributes / target-group-attributes annotations); keys AWS does not list by
// default come after, sorted.
import type { LoadBalancer, TargetGroup } from '../alb/model.ts';
import type { Elbv2KeyValue } from './shapes.ts';

const ALB_DEFAULTS: readonly (readonly [string, string])[] = [
  ['access_logs.s3.enabled', 'false'],
  ['access_logs.s3.bucket', ''],
  ['access_logs.s3.prefix', ''],
  ['idle_timeout.timeout_seconds', '60'],
  ['deletion_protection.enabled', 'false'],
  ['routing.http2.enabled', 'true'],
  ['routing.http.drop_invalid_header_fields.enabled', 'false'],
  ['routing.http.xff_client_port.enabled', 'false'],
  ['routing.http.preserve_host_header.enabled', 'false'],
  ['routing.http.xff_header_processing.mode', 'append'],
  ['load_balancing.cross_zone.enabled', 'true'],
  ['routing.http.desync_mitigation_mode', 'defensive'],
  ['client_keep_alive.seconds', '3600'],
  ['waf.fail_open.enabled', 'false'],
  ['routing.http.x_amzn_tls_version_and_cipher_suite.enabled', 'false'],
  ['zonal_shift.config.enabled', 'false'],
  ['connection_logs.s3.enabled', 'false'],
  ['connection_logs.s3.bucket', ''],
  ['connection_logs.s3.prefix', ''],
  ['health_check_logs.s3.enabled', 'false'],
  ['health_check_logs.s3.bucket', ''],
  ['health_check_logs.s3.prefix', ''],
];

const TARGET_GROUP_DEFAULTS: readonly (readonly [string, string])[] = [
  ['stickiness.enabled', 'false'],
  ['deregistration_delay.timeout_seconds', '300'],
  ['stickiness.type', 'lb_cookie'],
  ['stickiness.lb_cookie.duration_seconds', '86400'],
  ['stickiness.app_cookie.cookie_name', ''],
  ['stickiness.app_cookie.duration_seconds', '86400'],
  ['slow_start.duration_seconds', '0'],
  ['load_balancing.algorithm.type', 'round_robin'],
  ['load_balancing.algorithm.anomaly_mitigation', 'off'],
  ['load_balancing.cross_zone.enabled', 'use_load_balancer_configuration'],
  ['target_group_health.dns_failover.minimum_healthy_targets.count', '1'],
  ['target_group_health.dns_failover.minimum_healthy_targets.percentage', 'off'],
  ['target_group_health.unhealthy_state_routing.minimum_healthy_targets.count', '1'],
  ['target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage', 'off'],
];

function merge(
  defaults: readonly (readonly [string, string])[],
  overrides: Record<string, string>,
): Elbv2KeyValue[] {
  const out: Elbv2KeyValue[] = defaults.map(([Key, def]) => ({ Key, Value: overrides[Key] ?? def }));
  const known = new Set(defaults.map(([k]) => k));
  for (const key of Object.keys(overrides).sort()) {
    if (!known.has(key)) out.push({ Key: key, Value: overrides[key]! });
  }
  return out;
}

export function loadBalancerAttributes(lb: LoadBalancer): Elbv2KeyValue[] {
  return merge(ALB_DEFAULTS, lb.attributes);
}

export function targetGroupAttributes(tg: TargetGroup): Elbv2KeyValue[] {
  return merge(TARGET_GROUP_DEFAULTS, {
    'load_balancing.algorithm.type': tg.loadBalancingAlgorithm,
    ...tg.attributes,
  });
}
