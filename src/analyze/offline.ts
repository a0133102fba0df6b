// The offline input of `gangway analyze -f`: the decoded manifests (storage version, defaults,
// namespace `default` where none is given) plus the objects `up` would install for Istio.
// Decode errors become IST0106-style shape findings (SchemaValidationError) instead of stopping.
import { albIngressClass } from '../alb/ingress-class.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { operatorValues } from '../istio/install/controller.ts';
import { istioInstallObjects } from '../istio/install/objects.ts';
import type { IstioValues } from '../istio/install/values.ts';
import type { Manifest } from '../manifest/types.ts';
import { toStorageVersion } from '../resources/convert.ts';
import { decodeManifest } from '../resources/decode.ts';
import { applyDefaults } from '../resources/defaults.ts';
import type { KubeObject } from '../resources/types.ts';
import type { AnalyzedObject } from './types.ts';

export interface OfflineInput {
  objects: AnalyzedObject[];
  /** Problems decoding the files (shape errors), as the decoder words them. */
  decodeDiagnostics: Diagnostic[];
}

/** `istio`: the install values (from --set), or false for --no-istio. */
export function offlineObjects(manifests: readonly Manifest[], istio: IstioValues | false): OfflineInput {
  const objects: AnalyzedObject[] = [];
  const decodeDiagnostics: Diagnostic[] = [];
  for (const m of manifests) {
    const d = decodeManifest(m);
    decodeDiagnostics.push(...d.diagnostics);
    if (!d.object || !d.rt) continue;
    let obj: KubeObject = applyDefaults(toStorageVersion(d.object, d.rt), d.rt);
    if (d.rt.namespaced && !obj.metadata.namespace)
      obj = { ...obj, metadata: { ...obj.metadata, namespace: 'default' } };
    objects.push({ object: obj, source: m.source });
  }
  // What `up` creates whatever the files say: the controller chart's IngressClass `alb`.
  const cls = albIngressClass();
  if (!objects.some((o) => o.object.kind === 'IngressClass' && o.object.metadata.name === cls.metadata.name))
    objects.push({ object: cls });
  if (istio !== false) {
    const operators = objects.map((o) => o.object).filter((o) => o.kind === 'IstioOperator');
    const { values } = operatorValues(istio, operators);
    const have = new Set(
      objects.map(
        (o) => `${o.object.kind}/${o.object.metadata.namespace ?? ''}/${o.object.metadata.name ?? ''}`,
      ),
    );
    for (const obj of istioInstallObjects(values)) {
      const key = `${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
      if (!have.has(key)) objects.push({ object: obj });
    }
  }
  return { objects, decodeDiagnostics };
}

interface NodePortSpec {
  nodePort?: unknown;
}

function nodePortPorts(o: Readonly<KubeObject>): NodePortSpec[] | undefined {
  if (o.kind !== 'Service') return undefined;
  const spec = o['spec'] as { type?: unknown; ports?: unknown } | undefined;
  if (spec?.type !== 'NodePort' && spec?.type !== 'LoadBalancer') return undefined;
  return Array.isArray(spec.ports) ? (spec.ports as NodePortSpec[]) : [];
}

/**
 * Offline, Services have no nodePorts yet (the API server allocates them): NodePort and
 * LoadBalancer Services get stand-ins, in order from 30000, skipping those the files declare.
 * Other objects are returned as they are.
 */
export function withStandInNodePorts<T extends Readonly<KubeObject>>(objects: readonly T[]): T[] {
  const used = new Set<number>();
  for (const o of objects)
    for (const p of nodePortPorts(o) ?? []) if (typeof p.nodePort === 'number') used.add(p.nodePort);
  let next = 30000;
  return objects.map((o) => {
    const ports = nodePortPorts(o);
    if (!ports || ports.every((p) => typeof p.nodePort === 'number')) return o;
    const filled = ports.map((p) => {
      if (typeof p.nodePort === 'number') return p;
      while (used.has(next)) next++;
      used.add(next);
      return { ...p, nodePort: next };
    });
    return { ...o, spec: { ...(o['spec'] as Record<string, unknown>), ports: filled } };
  });
}
