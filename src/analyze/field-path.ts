// A field string as the translators print it (`spec.http[0].route[1].destination.host`,
// `metadata.annotations.alb.ingress.kubernetes.io/healthcheck-port`) back into a FieldPath.
import type { FieldPath } from '../resources/types.ts';

export function parseFieldString(field: string): FieldPath {
  const out: (string | number)[] = [];
  const ann = /^metadata\.(annotations|labels)\.(.+)$/.exec(field);
  if (ann) return ['metadata', ann[1]!, ann[2]!];
  for (const part of field.split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}
