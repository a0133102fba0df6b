// The install values gangway understands, in the shape istioctl's --set paths and an
// IstioOperator give them: the profile, the proxy image, and the istio-ingressgateway
// component (enabled, Service type and annotations, replicas, extra labels).
// Every field is optional so that layers (defaults, --set flags, IstioOperator objects) merge.

export type ServiceType = 'LoadBalancer' | 'NodePort' | 'ClusterIP';

export const SERVICE_TYPES: readonly ServiceType[] = ['LoadBalancer', 'NodePort', 'ClusterIP'];

export interface IngressGatewayValues {
  enabled?: boolean;
  type?: ServiceType;
  /** metadata.annotations of the gateway's Service. */
  serviceAnnotations?: Record<string, string>;
  /** metadata.annotations of the gateway's pod template. */
  podAnnotations?: Record<string, string>;
  /** Extra labels for the Deployment, its pods and the Service (app and istio stay). */
  labels?: Record<string, string>;
  replicaCount?: number;
}

export interface IstioValues {
  profile?: string;
  hub?: string;
  tag?: string;
  /** install.operator.istio.io/owning-resource (istioctl's default: 'unknown'). Not taken from
   *  IstioOperator names: a change would relabel the pod template and roll the gateway. */
  ownerName?: string;
  ingressGateway?: IngressGatewayValues;
  /** meshConfig: the mesh-wide settings istiod applies (gangway reads accessLogFile). */
  meshConfig?: MeshConfigValues;
}

export interface MeshConfigValues {
  /** Where Envoy writes access logs ('/dev/stdout'); empty or unset: no access log (the default profile). */
  accessLogFile?: string;
}

/** The access log file in force: the value set, else the profile's (demo: /dev/stdout). */
export function accessLogFile(values: IstioValues): string {
  return (
    values.meshConfig?.accessLogFile ?? ((values.profile ?? DEFAULT_PROFILE) === 'demo' ? '/dev/stdout' : '')
  );
}

export const DEFAULT_PROFILE = 'default';
export const DEFAULT_HUB = 'docker.io/istio';
export const DEFAULT_TAG = '1.28.0';

/** The profiles istioctl ships; gangway installs the ingress part of each alike. */
export const PROFILES: readonly string[] = [
  'ambient',
  'default',
  'demo',
  'empty',
  'minimal',
  'openshift',
  'openshift-ambient',
  'preview',
  'remote',
  'stable',
];

/** Profiles whose ingress gateway is off unless enabled explicitly. */
const NO_INGRESS_PROFILES = new Set(['ambient', 'empty', 'minimal', 'openshift-ambient', 'remote']);

/** Whether the ingress gateway is installed: an explicit `enabled`, else what the profile says. */
export function ingressGatewayEnabled(values: IstioValues): boolean {
  return values.ingressGateway?.enabled ?? !NO_INGRESS_PROFILES.has(values.profile ?? DEFAULT_PROFILE);
}

function mergeRecord(
  a: Record<string, string> | undefined,
  b: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (a === undefined) return b === undefined ? undefined : { ...b };
  if (b === undefined) return { ...a };
  return { ...a, ...b };
}

function mergeGateway(
  a: IngressGatewayValues | undefined,
  b: IngressGatewayValues | undefined,
): IngressGatewayValues | undefined {
  if (a === undefined && b === undefined) return undefined;
  const out: IngressGatewayValues = { ...a, ...b };
  for (const k of ['serviceAnnotations', 'podAnnotations', 'labels'] as const) {
    const merged = mergeRecord(a?.[k], b?.[k]);
    if (merged === undefined) delete out[k];
    else out[k] = merged;
  }
  return out;
}

/** `b` layered over `a`: scalars of b win, maps merge key by key (b's value wins). */
export function mergeValues(a: IstioValues, b: IstioValues): IstioValues {
  const out: IstioValues = { ...a, ...b };
  if (a.meshConfig !== undefined || b.meshConfig !== undefined)
    out.meshConfig = { ...a.meshConfig, ...b.meshConfig };
  const gw = mergeGateway(a.ingressGateway, b.ingressGateway);
  if (gw === undefined) delete out.ingressGateway;
  else out.ingressGateway = gw;
  return out;
}
