// Findings about objects `up` installs for Istio (the gateway Service has no file of its own):
// point them at the IstioOperator line that produced the field, e.g. an annotation set through
// spec.values.gateways.istio-ingressgateway.serviceAnnotations.
import type { FieldPath, KubeObject } from '../../resources/types.ts';
import type { AnalyzeContext, Analyzer, Finding } from '../types.ts';

function hasPath(o: unknown, path: FieldPath): boolean {
  let cur = o;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return false;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur !== undefined;
}

/** The IstioOperator field a gateway Service's `path` came from. */
function operatorPath(svc: Readonly<KubeObject>, path: FieldPath): FieldPath | undefined {
  if (svc.kind !== 'Service' || path[0] !== 'metadata' || path[1] !== 'annotations' || path.length !== 3)
    return undefined;
  return ['spec', 'values', 'gateways', svc.metadata.name ?? '', 'serviceAnnotations', path[2]!];
}

function locateInstalled(ctx: AnalyzeContext, f: Finding): Finding {
  const s = f.subject;
  if (f.at || !s || !f.path) return f;
  if (ctx.objects.some((o) => o.object === s && o.source)) return f;
  const opPath = operatorPath(s, f.path);
  if (!opPath) return f;
  for (const o of ctx.objects) {
    if (o.object.kind !== 'IstioOperator' || !o.source || !hasPath(o.object, opPath)) continue;
    return { ...f, at: o.source.locate(opPath) };
  }
  return f;
}

/** `analyze`, with findings on installed objects located in the IstioOperator that set them. */
export function locatedInOperator(analyze: Analyzer): Analyzer {
  return (ctx) => analyze(ctx).map((f) => locateInstalled(ctx, f));
}
