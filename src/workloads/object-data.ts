// The keys of a ConfigMap or Secret as bytes, as the kubelet reads them for volumes and env:
// Secret data is base64 (stringData, if ever stored, is text), ConfigMap data text + binaryData.
import type { Store } from '../store/types.ts';

/** The object's keys as bytes (Secret data is base64, ConfigMap data text + binaryData). */
export function objectData(
  store: Store,
  kind: 'secrets' | 'configmaps',
  ns: string,
  name: string,
): Map<string, Buffer> | undefined {
  const obj = store.get({ group: '', resource: kind }, ns, name);
  if (!obj) return undefined;
  const out = new Map<string, Buffer>();
  const data = (obj['data'] ?? {}) as Record<string, string>;
  for (const [k, v] of Object.entries(data)) {
    out.set(k, kind === 'secrets' ? Buffer.from(v, 'base64') : Buffer.from(v, 'utf8'));
  }
  const extra = kind === 'secrets' ? 'stringData' : 'binaryData';
  for (const [k, v] of Object.entries((obj[extra] ?? {}) as Record<string, string>)) {
    out.set(k, kind === 'secrets' ? Buffer.from(v, 'utf8') : Buffer.from(v, 'base64'));
  }
  return out;
}
