// The translator's input and output: a consistent snapshot of the store objects the AWS Load
// Balancer Controller reads, and the ALB model with diagnostics, Ingress statuses and Events.
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { KubeObject } from '../../resources/types.ts';
import type { AlbModel, ObjectRef } from '../model.ts';

export interface AlbSnapshot {
  ingresses: readonly Readonly<KubeObject>[]; // networking.k8s.io/v1
  ingressClasses: readonly Readonly<KubeObject>[];
  services: readonly Readonly<KubeObject>[];
  nodes: readonly Readonly<KubeObject>[];
}

export interface AlbTranslateOptions {
  region: string;
  accountId: string;
  /** --default-load-balancer-scheme; the controller's default is 'internal'. */
  defaultScheme?: string;
  /** --cluster-name, hashed into every name (default 'gangway'). */
  clusterName?: string;
  /** --ingress-class (default 'alb'). */
  ingressClass?: string;
}

export interface IngressStatusUpdate {
  hostname: string;
  ports: number[];
}

export interface AlbEvent {
  ingress: ObjectRef;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export interface AlbTranslation {
  model: AlbModel;
  diagnostics: Diagnostic[];
  /** `ns/name` -> the status.loadBalancer entry to write; absent: leave the status as it is. */
  status: Map<string, IngressStatusUpdate | undefined>;
  events: AlbEvent[];
}

/** The Ingress fields the controller reads (networking.k8s.io/v1). */
export interface IngressBackend {
  service?: { name?: string; port?: { name?: string; number?: number } };
  resource?: unknown;
}
export interface IngressPath {
  path?: string;
  pathType?: string;
  backend?: IngressBackend;
}
export interface IngressRule {
  host?: string;
  http?: { paths?: IngressPath[] };
}
export interface IngressSpec {
  ingressClassName?: string;
  defaultBackend?: IngressBackend;
  rules?: IngressRule[];
  tls?: { hosts?: string[]; secretName?: string }[];
}
export interface Ingress extends KubeObject {
  spec?: IngressSpec;
}

export interface ServicePortSpec {
  name?: string;
  port: number;
  targetPort?: number | string;
  nodePort?: number;
  protocol?: string;
}
export interface ServiceObj extends KubeObject {
  spec?: { type?: string; ports?: ServicePortSpec[] };
}

/** A failure that stops the model build of one load balancer (the controller's error text). */
export class BuildError extends Error {
  /** 'deploy': the model builds but the ELBv2 API would reject it (FailedDeployModel). */
  readonly phase: 'build' | 'deploy';
  constructor(message: string, phase: 'build' | 'deploy' = 'build') {
    super(message);
    this.name = 'BuildError';
    this.phase = phase;
  }
}
