// Manifests grouped by file and decoded: a file with any error-level diagnostic yields no
// object at all ("an invalid object is rejected whole; a file with any invalid object applies
// nothing"), other files still do. Shared by `gangway apply` and `gangway up -f`.
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Manifest } from '../manifest/types.ts';
import type { ResourceType } from '../resources/catalogue.ts';
import { decodeManifest } from '../resources/decode.ts';
import type { KubeObject } from '../resources/types.ts';

export interface DecodedItem {
  object: KubeObject;
  rt: ResourceType;
  source: Manifest['source'];
}

export interface DecodedFiles {
  /** Objects of the files without errors, in file and document order. */
  items: DecodedItem[];
  /** Every diagnostic, in file order (load problems first). */
  diagnostics: Diagnostic[];
  /** Files that apply nothing because of an error-level diagnostic. */
  rejectedFiles: string[];
}

export function decodeFiles(loaded: {
  manifests: readonly Manifest[];
  diagnostics: readonly Diagnostic[];
}): DecodedFiles {
  const order: string[] = [];
  const perFile = new Map<string, { items: DecodedItem[]; diagnostics: Diagnostic[] }>();
  const entry = (file: string): { items: DecodedItem[]; diagnostics: Diagnostic[] } => {
    let e = perFile.get(file);
    if (!e) {
      e = { items: [], diagnostics: [] };
      perFile.set(file, e);
      order.push(file);
    }
    return e;
  };
  const loose: Diagnostic[] = [];
  for (const d of loaded.diagnostics) {
    if (d.at) entry(d.at.file).diagnostics.push(d);
    else loose.push(d);
  }
  for (const m of loaded.manifests) {
    const e = entry(m.source.file);
    const decoded = decodeManifest(m);
    e.diagnostics.push(...decoded.diagnostics);
    if (decoded.object && decoded.rt)
      e.items.push({ object: decoded.object, rt: decoded.rt, source: m.source });
  }
  const out: DecodedFiles = { items: [], diagnostics: [...loose], rejectedFiles: [] };
  for (const file of order) {
    const e = perFile.get(file)!;
    out.diagnostics.push(...e.diagnostics);
    if (e.diagnostics.some((d) => d.severity === 'error')) out.rejectedFiles.push(file);
    else out.items.push(...e.items);
  }
  return out;
}

/** Namespaces first (so the objects in them can land), otherwise file order. */
export function namespacesFirst(items: readonly DecodedItem[]): DecodedItem[] {
  const ns = items.filter((i) => i.rt.kind === 'Namespace' && i.rt.group === '');
  return [...ns, ...items.filter((i) => !ns.includes(i))];
}

/** `bad.yaml: not applied: 2 errors` for a rejected file. */
export function rejectionLine(file: string, diagnostics: readonly Diagnostic[]): string {
  const n = diagnostics.filter((d) => d.severity === 'error' && d.at?.file === file).length;
  return `${file}: not applied: ${n} error${n === 1 ? '' : 's'}`;
}
