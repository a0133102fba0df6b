// What container runners share (per kubelet) and what they need from their pod's worker.
import type { EventRecorder } from '../kube/events.ts';
import type { AddressPlan } from '../net/addresses.ts';
import type { DialTable } from '../net/dial-table.ts';
import type { KubeObject } from '../resources/types.ts';
import type { Store } from '../store/types.ts';
import type { ImageMap } from './image-map.ts';
import type { PodLogStore } from './pod-logs-store.ts';

export interface RunnerDeps {
  store: Store;
  plan: AddressPlan;
  dial: DialTable;
  home: string;
  images: ImageMap;
  logs: PodLogStore;
  events: EventRecorder;
  now: () => Date;
}

export interface RunnerPod {
  /** The latest pod object (for events, annotations and env). */
  pod(): Readonly<KubeObject>;
  readonly podIP: string;
  readonly hostIP: string;
  readonly nodeName: string;
  /** terminationGracePeriodSeconds (default 30). */
  graceSeconds(): number;
  /** Something in a container's status changed: write the pod status soon. */
  onChange(): void;
  /** volume name -> host directory, once the pod's volumes are set up. */
  volumeDirs?(): ReadonlyMap<string, string> | undefined;
}
