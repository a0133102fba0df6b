// What the kubelet needs from a running container, whatever runs it (a built-in image's
// in-process server, a mapped command's process group, a TCP forwarder to a URL).
import type { AddressPlan } from '../net/addresses.ts';
import type { DialTable } from '../net/dial-table.ts';
import type { Mount } from './volumes.ts';

export interface ExitStatus {
  exitCode: number;
  reason: 'Completed' | 'Error';
  signal?: string;
  message?: string;
}

export interface ContainerInstance {
  /** Settles once when the container's main process ends, on its own or stopped. */
  readonly exited: Promise<ExitStatus>;
  /** SIGTERM, then SIGKILL after graceSeconds; resolves with the exit status. */
  stop(graceSeconds: number): Promise<ExitStatus>;
}

export interface ContainerPortSpec {
  name?: string;
  containerPort: number;
  protocol?: string;
}

/** Everything a container is started with. */
export interface RunContext {
  namespace: string;
  podName: string;
  /** The pod's labels (metadata.labels) when the container starts. */
  labels?: Readonly<Record<string, string>>;
  /** The pod's annotations (e.g. proxy.istio.io/config for the gateway image). */
  annotations?: Readonly<Record<string, string>>;
  /** The container's hostname: spec.hostname, else the pod name (at most 63 characters). */
  hostname: string;
  podIP: string;
  hostIP: string;
  containerName: string;
  ports: readonly ContainerPortSpec[];
  /** The container's resolved environment (env, envFrom). */
  env: Readonly<Record<string, string>>;
  /** The container's command + args, as `$@` for mapped commands. */
  argv: readonly string[];
  home: string;
  plan: AddressPlan;
  dial: DialTable;
  /** One line of the container's output (stdout or stderr), without its newline. */
  log: (text: string) => void;
  /** The container's volumeMounts resolved to directories on this machine (see volumes.ts). */
  mounts?: readonly Mount[];
}

/** A start that failed before the container ran (kubelet: RunContainerError). */
export class StartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartError';
  }
}

export function exitFromCode(code: number): ExitStatus {
  return { exitCode: code, reason: code === 0 ? 'Completed' : 'Error' };
}
