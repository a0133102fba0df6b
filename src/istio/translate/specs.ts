// Typed views of the Istio and Kubernetes objects the translator reads (storage version, as
// in the store), narrowed loosely: every field optional, since objects come from users.
import type { KubeObject } from '../../resources/types.ts';

export interface IstioStringMatch {
  exact?: string;
  prefix?: string;
  regex?: string;
}

export interface ServerSpec {
  port?: { number?: number; name?: string; protocol?: string; targetPort?: number };
  bind?: string;
  hosts?: string[];
  tls?: {
    httpsRedirect?: boolean;
    mode?: string;
    credentialName?: string;
    minProtocolVersion?: string;
  };
  name?: string;
}

export interface GatewaySpec {
  selector?: Record<string, string>;
  servers?: ServerSpec[];
}

export interface HttpMatchSpec {
  name?: string;
  uri?: IstioStringMatch;
  scheme?: IstioStringMatch;
  method?: IstioStringMatch;
  authority?: IstioStringMatch;
  headers?: Record<string, IstioStringMatch | null>;
  withoutHeaders?: Record<string, IstioStringMatch | null>;
  queryParams?: Record<string, IstioStringMatch | null>;
  port?: number;
  ignoreUriCase?: boolean;
  gateways?: string[];
  sourceLabels?: Record<string, string>;
  sourceNamespace?: string;
}

export interface DestinationSpec {
  host?: string;
  subset?: string;
  port?: { number?: number };
}

/** VirtualService Headers: request/response set, add, remove. */
export interface HeadersSpec {
  request?: HeaderOperationsSpec;
  response?: HeaderOperationsSpec;
}

/** Values as users write them: YAML may make `1` a number. */
export interface HeaderOperationsSpec {
  set?: Record<string, unknown>;
  add?: Record<string, unknown>;
  remove?: unknown[];
}

export interface RouteDestinationSpec {
  destination?: DestinationSpec;
  weight?: number;
  headers?: HeadersSpec;
}

/** Protobuf Percent: `{value: 12.5}`. */
export interface PercentSpec {
  value?: number;
}

export interface FaultSpec {
  delay?: { fixedDelay?: string; exponentialDelay?: string; percentage?: PercentSpec; percent?: number };
  abort?: { httpStatus?: number; grpcStatus?: string; http2Error?: string; percentage?: PercentSpec };
}

export interface CorsPolicySpec {
  allowOrigins?: IstioStringMatch[];
  allowOrigin?: unknown[];
  allowMethods?: string[];
  allowHeaders?: string[];
  exposeHeaders?: string[];
  maxAge?: string;
  allowCredentials?: boolean;
  unmatchedPreflights?: string;
}

export interface HttpRouteSpec {
  name?: string;
  match?: HttpMatchSpec[];
  route?: RouteDestinationSpec[];
  redirect?: {
    uri?: string;
    authority?: string;
    port?: number;
    derivePort?: string;
    scheme?: string;
    redirectCode?: number;
  };
  directResponse?: { status?: number; body?: { string?: string; bytes?: string } };
  delegate?: { name?: string; namespace?: string };
  rewrite?: { uri?: string; authority?: string; uriRegexRewrite?: { match?: string; rewrite?: string } };
  timeout?: string;
  retries?: { attempts?: number; perTryTimeout?: string; retryOn?: string };
  fault?: FaultSpec;
  mirror?: DestinationSpec;
  mirrorPercent?: number;
  mirrorPercentage?: PercentSpec;
  mirrors?: { destination?: DestinationSpec; percentage?: PercentSpec }[];
  corsPolicy?: CorsPolicySpec;
  headers?: HeadersSpec;
}

export interface L4MatchSpec {
  port?: number;
  sniHosts?: string[];
  gateways?: string[];
  sourceLabels?: Record<string, string>;
}

export interface L4RouteSpec {
  match?: L4MatchSpec[];
  route?: RouteDestinationSpec[];
}

export interface VirtualServiceSpec {
  hosts?: string[];
  gateways?: string[];
  exportTo?: string[];
  http?: HttpRouteSpec[];
  tcp?: L4RouteSpec[];
  tls?: L4RouteSpec[];
}

export interface LoadBalancerSpec {
  simple?: string;
  consistentHash?: {
    httpHeaderName?: string;
    httpCookie?: { name?: string; path?: string; ttl?: string };
    useSourceIp?: boolean;
    httpQueryParameterName?: string;
    ringHash?: { minimumRingSize?: number };
    maglev?: { tableSize?: number };
    minimumRingSize?: number;
  };
}

export interface ConnectionPoolSpec {
  tcp?: { maxConnections?: number; connectTimeout?: string; idleTimeout?: string };
  http?: {
    http1MaxPendingRequests?: number;
    http2MaxRequests?: number;
    maxRequestsPerConnection?: number;
    maxRetries?: number;
    idleTimeout?: string;
  };
}

export interface OutlierDetectionSpec {
  consecutive5xxErrors?: number | null;
  consecutiveGatewayErrors?: number | null;
  interval?: string;
  baseEjectionTime?: string;
  maxEjectionPercent?: number;
  minHealthPercent?: number;
}

/** The four components a port-level setting replaces as a whole. */
export interface PolicyComponentsSpec {
  loadBalancer?: LoadBalancerSpec;
  connectionPool?: ConnectionPoolSpec;
  outlierDetection?: OutlierDetectionSpec;
  tls?: unknown;
}

export interface TrafficPolicySpec extends PolicyComponentsSpec {
  portLevelSettings?: (PolicyComponentsSpec & { port?: { number?: number } })[];
}

export interface DestinationRuleSpec {
  host?: string;
  exportTo?: string[];
  trafficPolicy?: TrafficPolicySpec;
  subsets?: { name?: string; labels?: Record<string, string>; trafficPolicy?: TrafficPolicySpec }[];
}

export interface ServicePortSpec {
  name?: string;
  port?: number;
  targetPort?: number | string;
  protocol?: string;
}

export interface ServiceSpec {
  type?: string;
  selector?: Record<string, string>;
  ports?: ServicePortSpec[];
}

/** A typed view of an object's spec ({} when absent); fields stay optional and unchecked. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the view
export function specOf<T>(obj: Readonly<KubeObject>): T {
  const spec = obj['spec'];
  return (spec !== null && typeof spec === 'object' ? spec : {}) as T;
}

export function nameOf(obj: Readonly<KubeObject>): string {
  return obj.metadata.name ?? '';
}

export function namespaceOf(obj: Readonly<KubeObject>): string {
  return obj.metadata.namespace ?? 'default';
}

/** Istio's sortConfigByCreationTime: oldest first, then name, then namespace. */
export function byCreation<T extends Readonly<KubeObject>>(objs: readonly T[]): T[] {
  const ts = (o: T): string => o.metadata.creationTimestamp ?? '';
  return [...objs].sort(
    (a, b) => cmp(ts(a), ts(b)) || cmp(nameOf(a), nameOf(b)) || cmp(namespaceOf(a), namespaceOf(b)),
  );
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every key/value of `selector` is in `labels`. */
export function labelsMatch(
  selector: Readonly<Record<string, string>> | undefined,
  labels: Readonly<Record<string, string>>,
): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector)) if (labels[k] !== v) return false;
  return true;
}
