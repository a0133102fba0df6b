// The cross-hop analyzers of `gangway analyze` (GW2xxx): ALB -> Istio gateway mistakes that
// neither the AWS Load Balancer Controller nor istiod reports on its own.
import type { Analyzer, CodeInfo } from '../types.ts';
import { CROSS_SIDE_CODES } from './codes.ts';
import { gatewayHosts } from './gateway-hosts.ts';
import { gatewayPorts } from './gateway-ports.ts';
import { httpsRedirect } from './https-redirect.ts';
import { meshOnlyVirtualServices } from './mesh-only.ts';

export const CROSS_CODES: readonly CodeInfo[] = CROSS_SIDE_CODES;
export const crossAnalyzers: readonly Analyzer[] = [
  gatewayHosts,
  gatewayPorts,
  httpsRedirect,
  meshOnlyVirtualServices,
];
