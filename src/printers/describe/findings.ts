// The analyzers' findings about one object, as a describe section beside its Events
// (`gangway describe` on Ingress, Gateway and VirtualService; kubectl has no such section).
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import { levelOf } from '../../analyze/types.ts';

/** The kinds whose describe output carries the analyzers' findings. */
export const KINDS_WITH_FINDINGS: ReadonlySet<string> = new Set(['Ingress', 'Gateway', 'VirtualService']);

/** `Findings:` and one line per finding (`Warning [GW1101] field: message`), or `<none>`. */
export function findingsSection(findings: readonly Diagnostic[]): string {
  if (findings.length === 0) return 'Findings:  <none>\n';
  const lines = findings.map((d) => {
    const where = d.field ? `${d.field}: ` : '';
    return `  ${levelOf(d.severity)} [${d.code}] ${where}${d.message}\n`;
  });
  return `Findings (gangway analyze):\n${lines.join('')}`;
}

/** Puts the section before `Events:` (or at the end when there is none). */
export function withFindings(text: string, section: string): string {
  const at = text.lastIndexOf('\nEvents:');
  if (at < 0) return text.endsWith('\n') ? text + section : `${text}\n${section}`;
  return `${text.slice(0, at + 1)}${section}${text.slice(at + 1)}`;
}
