// The analyzers' view of one set of objects: lookups by kind and name, and the workloads
// (Pods, or offline the pod templates of Deployments) that Gateways select.
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { KubeObject } from '../resources/types.ts';
import type { AnalyzeContext, AnalyzedObject, Workload } from './types.ts';

export interface ContextOptions {
  live: boolean;
  region?: string;
  accountId?: string;
  inputDiagnostics?: readonly Diagnostic[];
}

function labelsOf(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (typeof x === 'string') out[k] = x;
  return out;
}

function workloadsOf(objects: readonly AnalyzedObject[]): Workload[] {
  const out: Workload[] = [];
  for (const { object: p } of objects)
    if (p.kind === 'Pod')
      out.push({
        namespace: p.metadata.namespace ?? 'default',
        name: p.metadata.name ?? '',
        labels: labelsOf(p.metadata.labels),
        object: p,
      });
  const pods = [...out];
  for (const { object: d } of objects) {
    if (d.kind !== 'Deployment') continue;
    const ns = d.metadata.namespace ?? 'default';
    const spec = d['spec'] as { template?: { metadata?: { labels?: unknown } } } | undefined;
    const labels = labelsOf(spec?.template?.metadata?.labels);
    const keys = Object.keys(labels);
    const running =
      keys.length > 0 && pods.some((p) => p.namespace === ns && keys.every((k) => p.labels[k] === labels[k]));
    if (!running) out.push({ namespace: ns, name: d.metadata.name ?? '', labels, object: d });
  }
  return out;
}

export function createContext(objects: readonly AnalyzedObject[], opts: ContextOptions): AnalyzeContext {
  const byKind = new Map<string, Readonly<KubeObject>[]>();
  const byKey = new Map<string, Readonly<KubeObject>>();
  for (const { object } of objects) {
    let list = byKind.get(object.kind);
    if (!list) byKind.set(object.kind, (list = []));
    list.push(object);
    byKey.set(`${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`, object);
  }
  return {
    objects,
    ofKind: (kind) => byKind.get(kind) ?? [],
    get: (kind, namespace, name) => byKey.get(`${kind}/${namespace}/${name}`),
    workloads: workloadsOf(objects),
    live: opts.live,
    inputDiagnostics: opts.inputDiagnostics ?? [],
    region: opts.region ?? 'eu-west-3',
    accountId: opts.accountId ?? '111111111111',
  };
}
