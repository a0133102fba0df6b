// CONTRACT: the gateway model, what istiod would push to one ingress gateway pod over xDS,
// named and shaped as Istio names it so proxy-config reads like istioctl. Produced by the pure
// translator (istio/translate/), consumed by the gateway data plane (dataplane/gateway/) and
// rendered by proxy-config. Runtime facts (endpoints) are not in it: clusters name services.

export interface GatewayModel {
  /** Envoy's xff_num_trusted_hops: the gateway's numTrustedProxies (proxy.istio.io/config). */
  xffNumTrustedHops?: number;
  /** false: meshConfig.accessLogFile is empty (the default profile), Envoy writes no access log. */
  accessLog?: boolean;
  /** Sorted by port. Always includes the bootstrap listeners 15021 and 15090. */
  listeners: GatewayListener[];
  /** Sorted by name. */
  routeConfigs: RouteConfig[];
  /** Sorted by name. Includes BlackHoleCluster, PassthroughCluster as istioctl lists them. */
  clusters: GatewayCluster[];
}

export interface GatewayListener {
  name: string; // '0.0.0.0_8080'
  address: string; // '0.0.0.0'
  port: number; // the pod port (Service targetPort), e.g. 8080
  /** 'HTTP' for plain HTTP, 'HTTPS' terminated, 'TCP', 'TLS' passthrough; 'BOOTSTRAP' for 15021/15090. */
  protocol: 'HTTP' | 'HTTPS' | 'TCP' | 'TLS' | 'BOOTSTRAP';
  filterChains: FilterChain[];
}

export interface FilterChain {
  /** SNI server names this chain matches; [] = any. */
  serverNames: string[];
  tls?: DownstreamTls;
  /** HTTP: the RDS route config name, e.g. 'http.8080' or 'https.443.https.mygateway.default'. */
  routeConfigName?: string;
  /** Bootstrap listeners: inline routes, e.g. prefix '/healthz/ready' -> 'agent'. */
  inlineRoutes?: { prefix: string; target: 'readiness' | 'prometheus' }[];
  /** TCP / TLS passthrough: weighted clusters per connection. */
  tcpRoutes?: { clusters: WeightedCluster[]; sniHosts?: string[] }[];
}

export interface DownstreamTls {
  mode: 'SIMPLE' | 'MUTUAL' | 'OPTIONAL_MUTUAL';
  credentialName: string; // Secret in the gateway's namespace
  minProtocolVersion?: string;
}

export interface RouteConfig {
  name: string; // 'http.8080'
  virtualHosts: VirtualHost[]; // in Envoy's order
}

export interface VirtualHost {
  name: string; // 'istio-test-alb.example.com:80' or 'blackhole:80'
  domains: string[]; // ['istio-test-alb.example.com'] or ['*']
  routes: GatewayRoute[]; // first match wins
  /** Gateway server tls.httpsRedirect: 301 to https unless x-forwarded-proto is https. */
  requireTls?: boolean;
}

export type StringMatch = { exact: string } | { prefix: string } | { regex: string };

export interface RouteMatch {
  path?: { exact: string } | { prefix: string } | { regex: string }; // absent: prefix '/'
  ignoreCase?: boolean;
  headers?: { name: string; match?: StringMatch; present?: boolean; invert?: boolean }[];
  queryParams?: { name: string; match?: StringMatch; present?: boolean }[];
}

export interface WeightedCluster {
  cluster: string; // 'outbound|80||test-svc.test-ns.svc.cluster.local'
  weight: number;
  /** Per-destination header operations (VirtualService route[].headers). */
  requestHeaders?: HeaderOps;
  responseHeaders?: HeaderOps;
  /** Per-destination `host` / `:authority` header set: this cluster's authority rewrite. */
  hostRewrite?: string;
}

/** set = overwrite or add; add = append; remove = drop. Names lower-case. */
export interface HeaderOps {
  set?: [string, string][];
  add?: [string, string][];
  remove?: string[];
}

export interface FaultPolicy {
  delay?: { fixedDelayMs: number; percentage: number }; // percentage 0-100
  abort?: { httpStatus?: number; grpcStatus?: string; percentage: number };
}

export interface MirrorPolicy {
  cluster: string;
  percentage: number; // 0-100
}

export interface CorsPolicy {
  allowOrigins: StringMatch[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAge?: string; // seconds as Envoy sends it, e.g. '86400'
  allowCredentials?: boolean;
  unmatchedPreflights?: 'FORWARD' | 'IGNORE';
}

export type RouteAction =
  | {
      type: 'route';
      clusters: WeightedCluster[];
      timeoutMs?: number; // 0 / absent: none
      retry?: {
        attempts: number;
        retryOn: string;
        perTryTimeoutMs?: number;
        retriableStatusCodes?: number[];
      };
      prefixRewrite?: string;
      /** rewrite.uriRegexRewrite: RE2 `pattern` over the path, `substitution` with \1 groups. */
      regexRewrite?: { pattern: string; substitution: string };
      hostRewrite?: string;
      /** mirror / mirrors (Envoy request_mirror_policies), in VirtualService order. */
      mirrors?: MirrorPolicy[];
    }
  | {
      type: 'redirect';
      scheme?: string;
      host?: string;
      port?: number;
      /** redirect.derivePort as written; FROM_REQUEST_PORT also sets `port` (the server port). */
      derivePort?: 'FROM_PROTOCOL_DEFAULT' | 'FROM_REQUEST_PORT';
      path?: string;
      prefixRewrite?: string;
      code: number;
    }
  | { type: 'direct'; status: number; body?: string };

export interface GatewayRoute {
  name: string; // Istio's route name: the http route's name, else ''
  match: RouteMatch;
  action: RouteAction;
  /** The VirtualService it came from (istioctl's VIRTUAL SERVICE column: name.namespace). */
  virtualService?: { name: string; namespace: string };
  /** x-envoy-decorator-operation, e.g. 'test-svc.test-ns.svc.cluster.local:80/*'. */
  decoratorOperation?: string;
  /** Route-level header operations (VirtualService http[].headers). */
  requestHeaders?: HeaderOps;
  responseHeaders?: HeaderOps;
  fault?: FaultPolicy;
  cors?: CorsPolicy;
}

export interface GatewayCluster {
  name: string; // 'outbound|80||test-svc.test-ns.svc.cluster.local'
  type: 'EDS' | 'STATIC' | 'ORIGINAL_DST';
  /** EDS clusters: the Service and port (number) whose endpoints to use. */
  service?: { namespace: string; name: string; fqdn: string; port: number };
  subset?: { name: string; labels: Record<string, string> };
  lbPolicy: 'LEAST_REQUEST' | 'ROUND_ROBIN' | 'RANDOM' | 'RING_HASH' | 'MAGLEV' | 'CLUSTER_PROVIDED';
  /** The DestinationRule that shaped it (istioctl's DESTINATION RULE column: name.namespace). */
  destinationRule?: { name: string; namespace: string };
  /** consistentHash load balancing (lbPolicy RING_HASH or MAGLEV). */
  hashPolicy?: {
    header?: string;
    cookie?: { name: string; path?: string; ttlSeconds?: number };
    sourceIp?: boolean;
    queryParameter?: string;
  };
  /** DestinationRule connectionPool -> Envoy circuit breakers (absent: Envoy's 2^32-1). */
  circuitBreakers?: {
    maxConnections?: number;
    maxPendingRequests?: number;
    maxRequests?: number;
    maxRetries?: number;
  };
  maxRequestsPerConnection?: number; // 1 = no keep-alive
  connectTimeoutMs?: number; // default 10000
  idleTimeoutMs?: number; // default 3600000
  outlierDetection?: {
    consecutive5xx?: number;
    consecutiveGatewayFailure?: number;
    intervalMs: number;
    baseEjectionTimeMs: number;
    maxEjectionPercent: number;
    minHealthPercent?: number;
  };
}

/** What the translator needs to know about the gateway pod it builds for. */
export interface GatewayProxy {
  namespace: string; // 'istio-system'
  name: string; // pod name
  labels: Record<string, string>;
  /** Pod annotations (proxy.istio.io/config carries gatewayTopology.numTrustedProxies). */
  annotations?: Record<string, string>;
}
