// The codes the Istio analyzers produce: Istio's names, levels and meanings (istioctl analyze),
// plus gangway's GW0001 for shape errors of non-Istio kinds.
import type { CodeInfo } from '../types.ts';

const code = (c: string, name: string, level: CodeInfo['level'], summary: string): CodeInfo => ({
  code: c,
  name,
  level,
  summary,
});

export const IST0101 = code(
  'IST0101',
  'ReferencedResourceNotFound',
  'Error',
  'A gateway, host, subset, mirror host, selector or credentialName names nothing that exists; fix the name or create it.',
);
export const IST0106 = code(
  'IST0106',
  'SchemaValidationError',
  'Error',
  'An Istio object does not have the shape its schema requires; the API server would reject it.',
);
export const IST0112 = code(
  'IST0112',
  'VirtualServiceDestinationPortSelectorRequired',
  'Error',
  'A destination Service exposes several ports and the route names none; add destination.port.number.',
);
export const IST0130 = code(
  'IST0130',
  'VirtualServiceUnreachableRule',
  'Warning',
  'A VirtualService rule can never match because an earlier rule takes all its requests; reorder or remove it.',
);
export const IST0131 = code(
  'IST0131',
  'VirtualServiceIneffectiveMatch',
  'Info',
  'A match of a VirtualService rule is covered by an earlier rule; it is never used.',
);
export const IST0132 = code(
  'IST0132',
  'VirtualServiceHostNotFoundInGateway',
  'Warning',
  'No host of the VirtualService is served by a Gateway it binds to; add the host to a server of the Gateway.',
);
export const IST0138 = code(
  'IST0138',
  'GatewayDuplicateCertificate',
  'Warning',
  'Several Gateways of one workload use the same certificate: HTTP/2 connection reuse sends requests to the wrong server (404).',
);
export const IST0140 = code(
  'IST0140',
  'IngressRouteRulesNotAffected',
  'Warning',
  'Subset routing of a mesh-only VirtualService does not apply to requests from the ingress gateway.',
);
export const IST0145 = code(
  'IST0145',
  'ConflictingGateways',
  'Error',
  'Two Gateways with the same selector serve the same port and host; only one of them takes effect.',
);
export const IST0161 = code(
  'IST0161',
  'InvalidGatewayCredential',
  'Error',
  'The credentialName Secret holds no usable certificate and key; the TLS server is not served.',
);
export const IST0162 = code(
  'IST0162',
  'GatewayPortNotDefinedOnService',
  'Warning',
  'A Gateway server port is neither a port nor a targetPort of the gateway workload Service; it is unreachable through it.',
);
export const IST0173 = code(
  'IST0173',
  'DestinationRuleSubsetNotSelectPods',
  'Error',
  'A DestinationRule subset selects no pod of its Service; routes to it answer 503 UH.',
);
export const IST0174 = code(
  'IST0174',
  'UnknownDestinationRuleHost',
  'Warning',
  'A DestinationRule names a host that is no known Service; it is ignored.',
);
export const GW0001 = code(
  'GW0001',
  'InvalidObject',
  'Error',
  'A (non-Istio) object is invalid as the API server would report it; it would be rejected on apply.',
);
