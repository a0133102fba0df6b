// The field table of every served kind (field-schema.json, made by generate.ts): which fields
// each object knows and the Go type each decodes into, for the unknown-field check and the
// API server's JSON decoding errors.
import { readFileSync } from 'node:fs';

/**
 * A field's type, written compactly:
 * - scalars: `string`, `bool`, `int32`, `int64`, `float64`, `bytes` (base64 `[]byte`),
 *   `intstr` (intstr.IntOrString), `quantity` (resource.Quantity), `time` (metav1.Time), `any`;
 *   CRD scalars: `integer`, `number`, `int-or-string`
 * - `#<id>`: a struct in `types`; `[]<T>`: a list; `map[]<T>`: a map with string keys.
 */
export type FieldSchema = string;

export interface StructSchema {
  /** The Go type as Go prints it (`v1.DeploymentSpec`); absent for CRD objects. */
  go?: string;
  fields: Record<string, FieldSchema>;
}

export interface FieldSchemaFile {
  /** `apps/v1/Deployment` -> struct id. */
  kinds: Record<string, string>;
  types: Record<string, StructSchema>;
}

let loaded: FieldSchemaFile | undefined;

function load(): FieldSchemaFile {
  loaded ??= JSON.parse(
    readFileSync(new URL('./field-schema.json', import.meta.url), 'utf8'),
  ) as FieldSchemaFile;
  return loaded;
}

/** The root struct of `apiVersion`/`kind`, if the table has it. */
export function rootStruct(apiVersion: string, kind: string): StructSchema | undefined {
  const f = load();
  const id = f.kinds[`${apiVersion}/${kind}`];
  return id === undefined ? undefined : f.types[id];
}

export function struct(ref: FieldSchema): StructSchema | undefined {
  return ref.startsWith('#') ? load().types[ref.slice(1)] : undefined;
}

/** The type inside `[]T` or `map[]T`, or undefined for other types. */
export function elementOf(t: FieldSchema): FieldSchema | undefined {
  if (t.startsWith('[]')) return t.slice(2);
  if (t.startsWith('map[]')) return t.slice(5);
  return undefined;
}

const GO_SCALARS: Record<string, string> = {
  string: 'string',
  bool: 'bool',
  int32: 'int32',
  int64: 'int64',
  float64: 'float64',
  bytes: '[]uint8',
  intstr: 'intstr.IntOrString',
  quantity: 'resource.Quantity',
  time: 'v1.Time',
  any: 'interface {}',
};

/** The Go type name as encoding/json prints it in an UnmarshalTypeError. */
export function goTypeName(t: FieldSchema): string {
  if (t.startsWith('[]')) return `[]${goTypeName(t.slice(2))}`;
  if (t.startsWith('map[]')) return `map[string]${goTypeName(t.slice(5))}`;
  if (t.startsWith('#')) return struct(t)?.go ?? 'map[string]interface {}';
  return GO_SCALARS[t] ?? t;
}
