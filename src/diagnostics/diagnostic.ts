// User mistakes are data: a Diagnostic names the code, the object, the field and where in
// which file it came from. Translators, decoders and analyzers return them; only cli/ prints.

export type Severity = 'error' | 'warning' | 'info';

export interface SourcePosition {
  file: string; // as the user named it ('-' for stdin)
  line: number; // 1-based
  column: number; // 1-based
}

export interface Diagnostic {
  code: string; // e.g. 'KUBE-INVALID', 'YAML-SYNTAX', 'IST0101'
  severity: Severity;
  message: string; // what is wrong and what to do, in the API server's wording where it has one
  object?: string; // 'Deployment test-ns/test-deploy'
  field?: string; // 'spec.replicas'
  at?: SourcePosition;
}

/** `FILE:LINE:COLUMN: error: Deployment test-ns/x: spec.replicas: <message>` */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.at ? `${d.at.file}:${d.at.line}:${d.at.column}: ` : '';
  const obj = d.object ? `${d.object}: ` : '';
  const field = d.field && !d.message.startsWith(d.field) ? `${d.field}: ` : '';
  return `${where}${d.severity}: ${obj}${field}${d.message}`;
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}
