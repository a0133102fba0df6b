// Reading Envoy admin JSON without trusting it (it comes over HTTP), and writing protos the
// way istioctl does: protojson field names (lowerCamelCase, Struct keys kept), Go's
// json.MarshalIndent with 4 spaces and HTML-safe escaping.

export type Json = Record<string, unknown>;

export function obj(v: unknown): Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return 0;
}

function camel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Fields whose values are google.protobuf.Struct maps: keys inside are data, not field names. */
const STRUCT_FIELDS = new Set(['filter_metadata']);
/** Map fields whose keys are data but whose values are messages again. */
const MAP_FIELDS = new Set([
  'typed_per_filter_config',
  'typed_extension_protocol_options',
  'typed_filter_metadata',
]);

/** Envoy admin JSON (proto field names) -> protojson (lowerCamelCase), as istioctl prints. */
export function toProtoJson(v: unknown, mode: 'message' | 'map' | 'struct' = 'message'): unknown {
  if (Array.isArray(v)) return v.map((x) => toProtoJson(x, mode === 'map' ? 'message' : mode));
  if (v === null || typeof v !== 'object') return v;
  const out: Json = {};
  for (const [k, x] of Object.entries(v as Json)) {
    if (mode === 'struct') out[k] = toProtoJson(x, 'struct');
    else if (mode === 'map') out[k] = toProtoJson(x, 'message');
    else if (STRUCT_FIELDS.has(k)) out[camel(k)] = toProtoJson(x, 'struct');
    else if (MAP_FIELDS.has(k)) out[camel(k)] = toProtoJson(x, 'map');
    else out[k.startsWith('@') ? k : camel(k)] = toProtoJson(x, 'message');
  }
  return out;
}

/** Go's json.MarshalIndent(v, "", "    "): 4 spaces, `<`, `>`, `&`, U+2028/9 escaped. */
export function goJsonIndent(v: unknown): string {
  return JSON.stringify(v, null, 4).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A message from inside an Any: its `@type` dropped, as when istioctl prints the message itself. */
export function unwrapAny(v: unknown): Json {
  const { ['@type']: _t, ...rest } = obj(v);
  return rest;
}
