// The ALB side of `gangway analyze` (GW1xxx): the controller's own errors and the pitfalls of an
// ALB in front of an Istio ingress gateway.
import type { Analyzer, CodeInfo } from '../types.ts';
import { ALB_SIDE_CODES } from './codes.ts';
import { controllerErrors } from './controller-errors.ts';
import { healthChecks } from './health-checks.ts';
import { locatedInOperator } from './installed-source.ts';
import { shadowedRules } from './shadowed-rules.ts';

export const ALB_ANALYZER_CODES: readonly CodeInfo[] = ALB_SIDE_CODES;
export const albAnalyzers: readonly Analyzer[] = [
  locatedInOperator(controllerErrors),
  locatedInOperator(healthChecks),
  shadowedRules,
];
