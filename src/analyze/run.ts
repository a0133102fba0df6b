// Runs analyzers over one context and turns their Findings into located, deduplicated
// Diagnostics in istioctl's order (level, code, namespace, name, position, message).
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { objectRef } from '../resources/types.ts';
import { parseFieldString } from './field-path.ts';
import type { AnalyzeContext, Analyzer, AnalyzedObject, Finding } from './types.ts';

const LEVEL_ORDER: Readonly<Record<string, number>> = { error: 0, warning: 1, info: 2 };

function locate(f: Finding, sources: Map<string, AnalyzedObject>): Diagnostic {
  const d: Diagnostic = { code: f.code, severity: f.severity, message: f.message };
  const ref = f.object ?? (f.subject ? objectRef(f.subject) : undefined);
  if (ref !== undefined) d.object = ref;
  if (f.field !== undefined) d.field = f.field;
  if (f.at) d.at = f.at;
  else if (ref !== undefined) {
    const src = sources.get(ref)?.source;
    if (src) d.at = src.locate(f.path ?? (f.field ? parseFieldString(f.field) : []));
  }
  return d;
}

function compare(a: Diagnostic, b: Diagnostic): number {
  const la = LEVEL_ORDER[a.severity] ?? 3;
  const lb = LEVEL_ORDER[b.severity] ?? 3;
  if (la !== lb) return la - lb;
  const ka = [a.code, a.object ?? '', a.at?.file ?? '', String(a.at?.line ?? 0).padStart(8, '0'), a.message];
  const kb = [b.code, b.object ?? '', b.at?.file ?? '', String(b.at?.line ?? 0).padStart(8, '0'), b.message];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
  return 0;
}

/** Every analyzer's findings, located in the sources, deduplicated and sorted. */
export function runAnalyzers(ctx: AnalyzeContext, analyzers: readonly Analyzer[]): Diagnostic[] {
  const sources = new Map<string, AnalyzedObject>();
  for (const o of ctx.objects) sources.set(objectRef(o.object), o);
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const analyze of analyzers) {
    for (const f of analyze(ctx)) {
      const d = locate(f, sources);
      const key = `${d.code}\0${d.object ?? ''}\0${d.field ?? ''}\0${d.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(d);
    }
  }
  return out.sort(compare);
}
