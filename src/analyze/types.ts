// CONTRACT (owned by the integrator): what every analyzer reads and returns.
// An analyzer is a pure function over one consistent set of objects (offline: the manifests plus
// the Istio install `up` would create; live: the running stack's store). It returns Findings:
// Diagnostics whose `path` names the field at fault, so the runner can point at FILE:LINE.
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.ts';
import type { SourceRef } from '../manifest/types.ts';
import type { FieldPath, KubeObject } from '../resources/types.ts';

/** One object as the analyzers see it: storage version, defaults applied, with its source if known. */
export interface AnalyzedObject {
  object: Readonly<KubeObject>;
  /** Where it came from (offline, or live objects matched to -f files); absent for installed objects. */
  source?: SourceRef;
}

/** The labels of a workload that runs (a Pod), or would run (a Deployment's pod template, offline). */
export interface Workload {
  namespace: string;
  name: string; // the Pod's name, or the Deployment's
  labels: Readonly<Record<string, string>>;
  /** The object it was read from (Pod or Deployment). */
  object: Readonly<KubeObject>;
}

export interface AnalyzeContext {
  /** Every object, in input order. */
  readonly objects: readonly AnalyzedObject[];
  /** Objects of one kind (e.g. 'Gateway', 'VirtualService', 'Service', 'Ingress'), in input order. */
  ofKind(kind: string): readonly Readonly<KubeObject>[];
  /** One object by kind, namespace ('' for cluster-scoped) and name. */
  get(kind: string, namespace: string, name: string): Readonly<KubeObject> | undefined;
  /** Pods, plus (offline, or where a Deployment has no pods yet) each Deployment's pod template. */
  readonly workloads: readonly Workload[];
  /** True when reading the running stack (Pods, EndpointSlices and Node objects are real). */
  readonly live: boolean;
  /** Problems found decoding the input (shape errors; offline only), as the decoder words them. */
  readonly inputDiagnostics: readonly Diagnostic[];
  /** The AWS region/account the ALB translator is run with. */
  readonly region: string;
  readonly accountId: string;
}

/** A Diagnostic from an analyzer; `path` is the field at fault, inside `subject`. */
export interface Finding extends Diagnostic {
  /** The object at fault (the runner derives `object` and `at` from it). */
  subject?: Readonly<KubeObject>;
  /** The field at fault, as a path into `subject` (more precise than the `field` string). */
  path?: FieldPath;
}

export type Analyzer = (ctx: AnalyzeContext) => Finding[];

/** istioctl's levels. */
export type Level = 'Error' | 'Warning' | 'Info';

/** One documented code: every code produced must be here, and every code here must be produced. */
export interface CodeInfo {
  code: string; // 'IST0101', 'GW1001'
  name: string; // 'ReferencedResourceNotFound'
  level: Level;
  /** One line: what it means and what to do. */
  summary: string;
}

export function levelOf(severity: Severity): Level {
  return severity === 'error' ? 'Error' : severity === 'warning' ? 'Warning' : 'Info';
}

export function severityOf(level: Level): Severity {
  return level === 'Error' ? 'error' : level === 'Warning' ? 'warning' : 'info';
}
