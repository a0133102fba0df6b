// The messages between the main thread and the other data-plane threads. The main thread
// owns the control plane (store, controllers, istiod, health checks) and every socket but the
// shared ALB HTTP listeners; each data-plane thread gets plain-data copies of what its
// listeners need (full snapshots, in order) and sends back access-log lines and stats.
import type { AlbModel, Target, TargetGroup, TargetHealthState } from '../../alb/model.ts';
import type { ClusterEndpoint } from '../../istio/istiod-endpoints.ts';
import type { GatewayModel, GatewayProxy } from '../../istio/model.ts';
import type { ServiceTable } from '../../kube/service-picker.ts';
import type { Endpoint } from '../../net/dial-table.ts';
import type { StatsSnapshot } from '../gateway/stats.ts';

/** workerData of a data-plane thread. */
export interface ReplicaInit {
  /** 1.. (the main thread is 0). */
  index: number;
  /** The ALB's shared balancing cells (SharedCounters). */
  shared: SharedArrayBuffer;
  addressBlock: number;
  multiAddress: boolean;
}

export interface EntrySnapshot {
  key: string;
  target: Target;
  state: TargetHealthState;
  slot: number;
}

export interface GroupSnapshot {
  tg: TargetGroup;
  inUse: boolean;
  stickySeconds: number;
  rrSlot: number;
  /** In the order the health checker keeps them (the order round-robin walks). */
  entries: EntrySnapshot[];
}

/** The shared cells counting each thread's connections of one listener (thread i: open[i]). */
export interface ListenerCells {
  open: number[];
  idle: number;
}

export interface GatewaySeat {
  key: string;
  podIP: string;
  proxy: GatewayProxy;
  accessLog: boolean;
}

export type ToReplica =
  | { type: 'dial'; entries: [string, Endpoint][] }
  | { type: 'services'; table: ServiceTable }
  | { type: 'eds'; endpoints: [string, readonly ClusterEndpoint[]][] }
  | { type: 'gateway-up'; seat: GatewaySeat }
  | { type: 'gateway-model'; key: string; model: GatewayModel }
  | { type: 'gateway-down'; key: string }
  | { type: 'alb-model'; model: AlbModel; addresses: [string, string][] }
  | { type: 'alb-targets'; groups: GroupSnapshot[] }
  | { type: 'alb-listen'; key: string; fd: number; boundPort: number; balance: ListenerCells }
  | { type: 'alb-close'; key: string; force: boolean }
  | { type: 'stats'; id: number }
  | { type: 'stop'; id: number };

export type FromReplica =
  | { type: 'log'; key: string; lines: string[] }
  | { type: 'stats'; id: number; stats: [string, StatsSnapshot][] }
  | { type: 'problem'; message: string }
  | { type: 'stopped'; id: number };
