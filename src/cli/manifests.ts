// Manifest files for apply and delete -f: loaded and decoded per file (runtime/decode-files.ts:
// a file with any error-level diagnostic applies nothing, the other files still do), every
// diagnostic printed to stderr.
import { formatDiagnostic } from '../diagnostics/diagnostic.ts';
import { decodeFiles, rejectionLine, type DecodedItem } from '../runtime/decode-files.ts';
import type { CliContext } from './context.ts';

export type { DecodedItem };

export interface LoadedFiles {
  /** Objects of the files without errors, in file and document order. */
  items: DecodedItem[];
  /** Files skipped because of an error-level diagnostic. */
  rejectedFiles: string[];
  errorCount: number;
}

export async function loadAndDecode(ctx: CliContext, paths: readonly string[]): Promise<LoadedFiles> {
  // Loaded on use: only apply and delete -f need the YAML machinery.
  const { loadManifests } = await import('../manifest/load.ts');
  const loaded = await loadManifests([...paths], { stdin: ctx.deps.stdin, cwd: ctx.deps.cwd });
  const decoded = decodeFiles(loaded);
  let errorCount = 0;
  for (const d of decoded.diagnostics) {
    ctx.print.errLine(formatDiagnostic(d));
    if (d.severity === 'error') errorCount++;
  }
  for (const file of decoded.rejectedFiles) ctx.print.errLine(rejectionLine(file, decoded.diagnostics));
  return { items: decoded.items, rejectedFiles: decoded.rejectedFiles, errorCount };
}
