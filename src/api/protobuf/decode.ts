// Decodes a Kubernetes protobuf request body (`application/vnd.kubernetes.protobuf`: the
// `k8s\0` magic, then a runtime.Unknown whose raw bytes are the object) into the JSON object
// the same Go value would encode to, for the kinds in messages.ts. Fields without a table
// entry are refused, naming the message and field number, rather than silently dropped.
import { badRequest, unsupportedMediaType } from '../../registry/status-error.ts';
import { KINDS, Unknown } from './messages.ts';
import type { Field, MessageType, Scalar } from './messages.ts';
import { Reader, WIRE_NAMES, WireError, signed } from './wire.ts';

export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** An object body sent as Kubernetes protobuf, as the equivalent JSON object. */
export function decodeProtobufObject(buf: Uint8Array): Record<string, unknown> {
  if (buf.length < MAGIC.length || !MAGIC.equals(buf.subarray(0, MAGIC.length))) {
    throw badRequest('protobuf body does not start with the Kubernetes "k8s\\x00" prefix');
  }
  const envelope = decodeAt(Unknown, buf.subarray(MAGIC.length), 'runtime.Unknown');
  const typeMeta = (envelope['typeMeta'] ?? {}) as { apiVersion?: string; kind?: string };
  const apiVersion = typeMeta.apiVersion ?? '';
  const kind = typeMeta.kind ?? '';
  if (envelope['contentEncoding'] !== undefined) {
    throw unsupportedMediaType(
      `protobuf body: unsupported contentEncoding ${JSON.stringify(envelope['contentEncoding'])}`,
    );
  }
  const type = KINDS[`${apiVersion}/${kind}`];
  if (type === undefined) {
    throw unsupportedMediaType(
      `protobuf bodies are supported only for ${Object.keys(KINDS).join(', ')}, not ${apiVersion}/${kind} - send it as application/json or application/yaml`,
    );
  }
  const raw = Buffer.from((envelope['raw'] as string | undefined) ?? '', 'base64');
  return { kind, apiVersion, ...decodeAt(type, raw, '') };
}

function decodeAt(type: MessageType, bytes: Uint8Array, path: string): Record<string, unknown> {
  try {
    return decodeMessage(type, bytes, path);
  } catch (err) {
    if (err instanceof WireError) throw badRequest(`protobuf body: malformed: ${err.message}`);
    throw err;
  }
}

/** One message as its fields' JSON values (before the message's own toJSON). */
export function decodeMessage(type: MessageType, bytes: Uint8Array, path: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const r = new Reader(bytes);
  while (!r.done) {
    const { field: num, wire } = r.tag();
    const field = type.fields[num];
    const where = `${type.name} (at ${path === '' ? '.' : path})`;
    if (field === undefined) {
      throw unsupportedMediaType(
        `protobuf body: unknown field number ${num} (${WIRE_NAMES[wire] ?? `wire type ${wire}`}) in message ${where}; gangway decodes only the fields kubectl create sets - send this object as application/json or application/yaml`,
      );
    }
    const fieldPath = `${path}.${field.json}`;
    const expected =
      field.map || field.type === 'string' || field.type === 'bytes' || typeof field.type !== 'string'
        ? 2
        : 0;
    if (wire !== expected) {
      throw badRequest(
        `protobuf body: field ${num} (${field.json}) of message ${where} has wire type ${WIRE_NAMES[wire] ?? wire}, expected ${WIRE_NAMES[expected]}`,
      );
    }
    if (field.map) {
      const [key, value] = mapEntry(type, num, field, r.bytes(), fieldPath);
      const m = (out[field.json] ??= {}) as Record<string, unknown>;
      m[key] = value;
      continue;
    }
    const value = readValue(field.type, r, fieldPath);
    if (field.repeated) {
      ((out[field.json] ??= []) as unknown[]).push(value);
    } else if (field.keepZero || typeof field.type !== 'string' || !isZero(value)) {
      out[field.json] = value;
    } else {
      delete out[field.json];
    }
  }
  return out;
}

function readValue(type: Scalar | MessageType, r: Reader, path: string): unknown {
  switch (type) {
    case 'string':
      return Buffer.from(r.bytes()).toString('utf8');
    case 'bytes':
      return Buffer.from(r.bytes()).toString('base64');
    case 'int32':
    case 'int64':
      return signed(r.varint());
    case 'bool':
      return r.varint() !== 0n;
    default: {
      const m = decodeMessage(type, r.bytes(), path);
      return type.toJSON ? type.toJSON(m) : m;
    }
  }
}

/** A map entry: a message with the key as field 1 (a string) and the value as field 2. */
function mapEntry(
  parent: MessageType,
  num: number,
  field: Field,
  bytes: Uint8Array,
  path: string,
): [string, unknown] {
  let key = '';
  let value: unknown = field.type === 'string' || field.type === 'bytes' ? '' : undefined;
  const r = new Reader(bytes);
  while (!r.done) {
    const tag = r.tag();
    if (tag.field === 1 && tag.wire === 2) key = Buffer.from(r.bytes()).toString('utf8');
    else if (tag.field === 2 && tag.wire === 2) value = readValue(field.type, r, `${path}[${key}]`);
    else {
      throw badRequest(
        `protobuf body: map entry of field ${num} (${field.json}) in message ${parent.name} has unexpected field ${tag.field} (${WIRE_NAMES[tag.wire] ?? tag.wire})`,
      );
    }
  }
  if (value === undefined && typeof field.type !== 'string') {
    value = field.type.toJSON ? field.type.toJSON({}) : {};
  }
  return [key, value];
}

function isZero(v: unknown): boolean {
  return v === '' || v === 0 || v === false;
}
