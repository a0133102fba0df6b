// Objects printed as kubectl prints them: Go's encoding/json (map keys sorted, `<>&` escaped
// as \u003c \u003e \u0026), `-o json` indented by 4 spaces, and kubectl's List wrapper.
import { goJsonEscapeHtml } from '../resources/go-json.ts';

export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeysDeep(v);
    }
    return out;
  }
  return value;
}

/** Go's json.MarshalIndent(v, "", "    ") plus the newline kubectl's JSON printer adds. */
export function goJsonIndent(value: unknown): string {
  return goJsonEscapeHtml(JSON.stringify(sortKeysDeep(value), null, 4) ?? 'null') + '\n';
}

/** kubectl's wrapper for several objects in -o yaml/json/jsonpath. */
export function listWrapper(items: unknown[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

/** `kubectl get -o yaml` hides metadata.managedFields unless --show-managed-fields. */
export function withoutManagedFields<T>(obj: T): T {
  if (typeof obj !== 'object' || obj === null) return obj;
  const meta = (obj as Record<string, unknown>)['metadata'];
  if (typeof meta !== 'object' || meta === null || !('managedFields' in meta)) return obj;
  const { managedFields: _drop, ...rest } = meta as Record<string, unknown>;
  return { ...(obj as Record<string, unknown>), metadata: rest } as T;
}
