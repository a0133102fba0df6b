// The trace contract: one request in, the hops it takes out. The pure core (trace.ts) reads a
// TraceInput (models plus the runtime facts the running stack knows: DNS, target health,
// gateway pods, endpoints), built offline from files (offline.ts) or from the stack (live.ts).
import type { AlbModel, TargetGroup, TargetHealth } from '../alb/model.ts';
import type { GatewayCluster, GatewayModel, GatewayProxy } from '../istio/model.ts';
import type { ClusterEndpoint } from '../istio/istiod-endpoints.ts';
import type { KubeObject } from '../resources/types.ts';

/** The request to trace (what `gangway trace URL -H -X` describes). */
export interface TraceRequest {
  url: string;
  method: string;
  /** Extra request headers in order; a `Host` here overrides the URL's host. */
  headers: [string, string][];
}

/** One gateway pod: who it is and the model istiod pushes to it (undefined: none yet). */
export interface TracePod {
  proxy: GatewayProxy;
  model: GatewayModel | undefined;
}

export interface TraceInput {
  mode: 'live' | 'offline';
  alb: AlbModel;
  /** DNS A records (live); undefined offline (names resolve through the model). */
  dns: { name: string; value: string }[] | undefined;
  /** The address an ALB answers on (live). */
  lbAddress?: (lbName: string) => string | undefined;
  /** The targets' health; undefined when not known (offline). */
  targets: (tg: TargetGroup) => TargetHealth[] | undefined;
  /** Services (for NodePort -> targetPort and their selectors). */
  services: readonly Readonly<KubeObject>[];
  /** Gateway pods (proxies) that a Service may select. */
  pods: readonly TracePod[];
  /** A cluster's endpoints; undefined when not known (offline). */
  endpoints: (cluster: GatewayCluster) => readonly ClusterEndpoint[] | undefined;
}

export type HopKind =
  | 'dns'
  | 'alb'
  | 'listener'
  | 'rule'
  | 'action'
  | 'target-group'
  | 'targets'
  | 'node-port'
  | 'gateway-pod'
  | 'gateway-listener'
  | 'route-config'
  | 'virtual-host'
  | 'route'
  | 'cluster'
  | 'endpoints';

/** ok: passes; fail: the request stops here with `status`; assumed: not known (offline), assumed fine. */
export type HopVerdict = 'ok' | 'fail' | 'assumed' | 'warn';

export interface Hop {
  hop: HopKind;
  verdict: HopVerdict;
  /** What this hop picked, e.g. 'HTTPS:443' or 'priority 1'. */
  name: string;
  /** Why, in a sentence. */
  detail: string;
  /** The status this hop answers with, when it ends the request. */
  status?: number;
  /** Who answers the status ('awselb/2.0' or 'istio-envoy'). */
  server?: string;
  /** For a failing hop: what to change. */
  fix?: string;
}

export interface TraceResult {
  kind: 'Trace';
  mode: 'live' | 'offline';
  request: { method: string; url: string; host: string; port: number; path: string };
  hops: Hop[];
  /** The final status (0: no answer, e.g. the name does not resolve). */
  status: number;
  server: string;
  /** The first hop at fault, when the request fails (status 0 or >= 400). */
  fault?: { hop: HopKind; status: number; why: string; fix: string };
  /** What the verdict assumes (offline: healthy targets, endpoints present). */
  assumptions: string[];
}
