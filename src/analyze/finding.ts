// Building Findings: one helper so every analyzer names the object, the field and the code alike.
import { formatFieldPath, objectRef } from '../resources/types.ts';
import type { FieldPath, KubeObject } from '../resources/types.ts';
import type { CodeInfo, Finding } from './types.ts';
import { severityOf } from './types.ts';

/** A Finding of `info`'s code and level about `subject` at `path`. */
export function finding(
  info: CodeInfo,
  subject: Readonly<KubeObject>,
  path: FieldPath,
  message: string,
): Finding {
  return {
    code: info.code,
    severity: severityOf(info.level),
    message,
    object: objectRef(subject),
    field: formatFieldPath(path),
    subject,
    path,
  };
}
