// The GW1xxx codes: the AWS Load Balancer Controller's build/deploy errors and the ALB-side
// pitfalls of putting an ALB in front of an Istio ingress gateway (docs/analyze-alb-codes.md).
import type { CodeInfo } from '../types.ts';

export const GW1001: CodeInfo = {
  code: 'GW1001',
  name: 'AlbModelBuildFailed',
  level: 'Error',
  summary:
    'The controller cannot build the ALB of this Ingress (FailedBuildModel): nothing is created or updated.',
};
export const GW1002: CodeInfo = {
  code: 'GW1002',
  name: 'AlbDeployRejected',
  level: 'Error',
  summary:
    'The model builds but the ELBv2 API rejects it (FailedDeployModel): nothing is created or updated.',
};
export const GW1003: CodeInfo = {
  code: 'GW1003',
  name: 'IngressGroupInvalid',
  level: 'Error',
  summary: 'group.name or group.order is invalid (FailedLoadGroupID): the Ingress is left out of every ALB.',
};
export const GW1004: CodeInfo = {
  code: 'GW1004',
  name: 'ActionAnnotationNotFound',
  level: 'Warning',
  summary:
    'A use-annotation backend names an actions.* annotation that does not exist: the rule answers 503.',
};
export const GW1005: CodeInfo = {
  code: 'GW1005',
  name: 'BackendServiceNotFound',
  level: 'Warning',
  summary: 'A backend names a Service that does not exist: the rule answers 503.',
};
export const GW1006: CodeInfo = {
  code: 'GW1006',
  name: 'UnknownAlbAnnotation',
  level: 'Warning',
  summary: 'An alb.ingress.kubernetes.io/* key the controller does not know: it is ignored (a typo?).',
};
export const GW1007: CodeInfo = {
  code: 'GW1007',
  name: 'MisplacedAlbAnnotation',
  level: 'Warning',
  summary:
    'An Ingress-only alb.ingress.kubernetes.io/* key on a Service: the controller never reads it there.',
};
export const GW1008: CodeInfo = {
  code: 'GW1008',
  name: 'AlbAnnotationNotEmulated',
  level: 'Info',
  summary: 'A key the controller reads but gangway does not emulate (AWS networking, WAF, authentication).',
};
export const GW1101: CodeInfo = {
  code: 'GW1101',
  name: 'HealthCheckOnGatewayTrafficPort',
  level: 'Warning',
  summary:
    'The target group checks the traffic port of an Istio gateway: it answers 404, every target turns unhealthy and fail-open hides it.',
};
export const GW1102: CodeInfo = {
  code: 'GW1102',
  name: 'HealthCheckPortNotNodePort',
  level: 'Error',
  summary:
    'A numeric healthcheck-port that is no nodePort of the Service: every health check fails; use status-port.',
};
export const GW1103: CodeInfo = {
  code: 'GW1103',
  name: 'IngressAnnotationOverriddenByService',
  level: 'Warning',
  summary:
    'A target-group annotation on the Ingress that the backend Service sets differently: the Service wins.',
};
export const GW1104: CodeInfo = {
  code: 'GW1104',
  name: 'ListenerRuleShadowed',
  level: 'Warning',
  summary:
    'A listener rule that never matches: an earlier rule of the same listener matches every request it would.',
};

export const ALB_SIDE_CODES: readonly CodeInfo[] = [
  GW1001,
  GW1002,
  GW1003,
  GW1004,
  GW1005,
  GW1006,
  GW1007,
  GW1008,
  GW1101,
  GW1102,
  GW1103,
  GW1104,
];
