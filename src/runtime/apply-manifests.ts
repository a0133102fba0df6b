// `gangway up -f`: the files applied in-process through the registry, with the same
// all-or-nothing rule per file and the same last-applied annotation as `gangway apply`.
import { formatDiagnostic } from '../diagnostics/diagnostic.ts';
import { loadManifests } from '../manifest/load.ts';
import { parseApiVersion } from '../resources/catalogue.ts';
import { StatusError } from '../registry/status-error.ts';
import type { Registry } from '../registry/types.ts';
import { withLastApplied } from '../resources/last-applied.ts';
import { decodeFiles, namespacesFirst, rejectionLine } from './decode-files.ts';

export interface ApplyReport {
  applied: number;
  errors: number;
}

export async function applyManifestFiles(
  registry: Registry,
  paths: readonly string[],
  opts: { log: (line: string) => void; stdin?: NodeJS.ReadableStream },
): Promise<ApplyReport> {
  const report: ApplyReport = { applied: 0, errors: 0 };
  if (paths.length === 0) return report;
  const loaded = await loadManifests([...paths], opts.stdin ? { stdin: opts.stdin } : {});
  const decoded = decodeFiles(loaded);
  for (const d of decoded.diagnostics) {
    opts.log(formatDiagnostic(d));
    if (d.severity === 'error') report.errors++;
  }
  for (const file of decoded.rejectedFiles) opts.log(rejectionLine(file, decoded.diagnostics));
  for (const item of namespacesFirst(decoded.items)) {
    const { rt, object } = item;
    const namespace = rt.namespaced ? (object.metadata.namespace ?? 'default') : '';
    const name = object.metadata.name ?? '';
    try {
      registry.patch(
        rt,
        parseApiVersion(object.apiVersion).version,
        namespace,
        name,
        'apply',
        withLastApplied(object),
        {
          fieldManager: 'gangway',
          force: true,
          fieldValidation: 'Ignore',
        },
      );
      report.applied++;
    } catch (err) {
      report.errors++;
      const message = err instanceof StatusError ? err.message : String(err);
      const at = item.source.locate([]);
      opts.log(
        `${at.file}:${at.line}:${at.column}: error: ${rt.kind} ${namespace ? `${namespace}/` : ''}${name}: ${message}`,
      );
    }
  }
  return report;
}
