// The pod metadata fields a fieldRef names, shared by env vars (valueFrom.fieldRef) and downward
// API volumes: name, namespace, uid and one label or annotation (`metadata.labels['k']`).
import type { ObjectMeta } from '../resources/types.ts';

/** The field's value, or undefined when `path` is not one of these metadata fields. */
export function podMetadataField(path: string, meta: Readonly<ObjectMeta>): string | undefined {
  const sub = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (sub) return (sub[1] === 'labels' ? meta.labels : meta.annotations)?.[sub[2] ?? ''] ?? '';
  switch (path) {
    case 'metadata.name':
      return meta.name ?? '';
    case 'metadata.namespace':
      return meta.namespace ?? '';
    case 'metadata.uid':
      return meta.uid ?? '';
    default:
      return undefined;
  }
}
