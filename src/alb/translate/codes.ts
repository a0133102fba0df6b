// The diagnostic codes the ALB translator reports (one catalogue; tests check each is used).
export const ALB_CODES = {
  /** The group's model does not build (the controller's FailedBuildModel). */
  buildFailed: 'ALB-BUILD-FAILED',
  /** The model builds but the ELBv2 API would reject it (FailedDeployModel). */
  deployFailed: 'ALB-DEPLOY-FAILED',
  /** group.name / group.order invalid (FailedLoadGroupID). */
  groupInvalid: 'ALB-GROUP-INVALID',
  /** A `use-annotation` backend names an action annotation that does not exist. */
  missingAction: 'ALB-MISSING-ACTION',
  /** A backend names a Service that does not exist. */
  missingService: 'ALB-MISSING-SERVICE',
  /** An `alb.ingress.kubernetes.io/*` key the controller does not know. */
  unknownAnnotation: 'ALB-UNKNOWN-ANNOTATION',
  /** An Ingress-only key on a Service: the controller does not read it there. */
  misplacedAnnotation: 'ALB-MISPLACED-ANNOTATION',
  /** A key the controller reads but gangway does not emulate (AWS networking, WAF, auth). */
  notEmulated: 'ALB-NOT-EMULATED',
} as const;
