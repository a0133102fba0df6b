// The parts of a Pod's spec and status the kubelet reads and writes, typed loosely (objects
// come from the store as JSON) and named as in the Kubernetes API.
import type { ContainerPortSpec } from './container.ts';
import type { EnvFromSpec, EnvVarSpec } from './env.ts';
import type { ProbeSpec } from './probes.ts';

export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

export interface ContainerSpec {
  name: string;
  image?: string;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  command?: string[];
  args?: string[];
  ports?: ContainerPortSpec[];
  env?: EnvVarSpec[];
  envFrom?: EnvFromSpec[];
  resources?: { limits?: Record<string, unknown>; requests?: Record<string, unknown> };
  readinessProbe?: ProbeSpec;
  livenessProbe?: ProbeSpec;
  startupProbe?: ProbeSpec;
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean; subPath?: string }[];
  /** init containers only: Always makes a sidecar */
  restartPolicy?: string;
}

export interface PodSpec {
  nodeName?: string;
  containers?: ContainerSpec[];
  initContainers?: ContainerSpec[];
  restartPolicy?: RestartPolicy;
  terminationGracePeriodSeconds?: number;
  readinessGates?: { conditionType: string }[];
  enableServiceLinks?: boolean;
  hostNetwork?: boolean;
  hostname?: string;
  serviceAccountName?: string;
}

export interface ContainerStateTerminated {
  exitCode: number;
  signal?: number;
  reason: string;
  message?: string;
  startedAt: string;
  finishedAt: string;
  containerID?: string;
}

export type ContainerState =
  | { running: { startedAt: string } }
  | { waiting: { reason: string; message?: string } }
  | { terminated: ContainerStateTerminated };

export interface ContainerStatus {
  name: string;
  state: ContainerState;
  lastState: { terminated?: ContainerStateTerminated };
  ready: boolean;
  restartCount: number;
  image: string;
  imageID: string;
  containerID?: string;
  started: boolean;
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean; recursiveReadOnly: string }[];
}

export interface PodCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastProbeTime: null;
  lastTransitionTime: string;
  reason?: string;
  message?: string;
}

export interface PodStatus {
  phase?: string;
  conditions?: PodCondition[];
  hostIP?: string;
  hostIPs?: { ip: string }[];
  podIP?: string;
  podIPs?: { ip: string }[];
  startTime?: string;
  initContainerStatuses?: ContainerStatus[];
  containerStatuses?: ContainerStatus[];
  qosClass?: string;
  [key: string]: unknown;
}

export function podSpec(pod: { [key: string]: unknown }): PodSpec {
  return (pod['spec'] as PodSpec | undefined) ?? {};
}

export function podStatusOf(pod: { [key: string]: unknown }): PodStatus | undefined {
  return pod['status'] as PodStatus | undefined;
}
