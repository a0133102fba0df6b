// The GW2xxx codes: mistakes that only show when both hops (ALB -> Istio gateway) are read
// together (docs/analyze-alb-codes.md).
import type { CodeInfo } from '../types.ts';

export const GW2001: CodeInfo = {
  code: 'GW2001',
  name: 'IngressHostNotAcceptedByGateway',
  level: 'Error',
  summary:
    'An Ingress host or external-dns hostname that no Gateway server of the gateway pods accepts: every request 404s at the gateway.',
};
export const GW2002: CodeInfo = {
  code: 'GW2002',
  name: 'NoGatewayForAlbBackend',
  level: 'Error',
  summary:
    'The ALB forwards to Istio gateway pods that no Gateway selects: they have no listener and the ALB answers 502.',
};
export const GW2003: CodeInfo = {
  code: 'GW2003',
  name: 'GatewayPortNotInService',
  level: 'Warning',
  summary:
    'A Gateway server port that is no port nor targetPort of the gateway Service the ALB sends to: unreachable.',
};
export const GW2004: CodeInfo = {
  code: 'GW2004',
  name: 'HttpsRedirectBehindTlsAlb',
  level: 'Error',
  summary:
    'tls.httpsRedirect on a Gateway behind a TLS-terminating ALB without numTrustedProxies: a redirect loop.',
};
export const GW2005: CodeInfo = {
  code: 'GW2005',
  name: 'MeshOnlyVirtualServiceForIngressHost',
  level: 'Warning',
  summary:
    'A VirtualService bound only to mesh whose host is an Ingress host: it never affects traffic through the ALB.',
};

export const CROSS_SIDE_CODES: readonly CodeInfo[] = [GW2001, GW2002, GW2003, GW2004, GW2005];
