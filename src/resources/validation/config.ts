// ConfigMap and Secret validation (keys of data/binaryData/stringData, TLS secret keys) and
// EndpointSlice's address type (pkg/apis/core/validation, pkg/apis/discovery/validation).
import type { FieldPath, JsonObject } from '../types.ts';
import { objectAt, stringAt } from '../json.ts';
import { invalid, notSupported, required, type Cause } from './field-errors.ts';
import { isConfigMapKey } from './names.ts';

/** `data[key]`, the way field.Path.Key prints a map key. */
function keyPath(bag: string, key: string): FieldPath {
  return [`${bag}[${key}]`];
}

function validateKeys(obj: JsonObject, bags: readonly string[]): Cause[] {
  const out: Cause[] = [];
  for (const bag of bags) {
    for (const key of Object.keys(objectAt(obj, bag) ?? {})) {
      for (const msg of isConfigMapKey(key)) out.push(invalid(keyPath(bag, key), key, msg, [bag, key]));
    }
  }
  return out;
}

export function validateConfigMap(obj: JsonObject): Cause[] {
  const out = validateKeys(obj, ['data', 'binaryData']);
  const binary = objectAt(obj, 'binaryData') ?? {};
  for (const key of Object.keys(objectAt(obj, 'data') ?? {})) {
    if (key in binary)
      out.push(invalid(keyPath('data', key), key, 'duplicate of key present in binaryData', ['data', key]));
  }
  return out;
}

export function validateSecret(obj: JsonObject): Cause[] {
  const out = validateKeys(obj, ['data', 'stringData']);
  // stringData is merged into data before validation.
  const keys = new Set([
    ...Object.keys(objectAt(obj, 'data') ?? {}),
    ...Object.keys(objectAt(obj, 'stringData') ?? {}),
  ]);
  const type = stringAt(obj, 'type');
  const needs: Record<string, string[]> = {
    'kubernetes.io/tls': ['tls.crt', 'tls.key'],
    'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
    'kubernetes.io/basic-auth': [],
    'kubernetes.io/ssh-auth': ['ssh-privatekey'],
  };
  for (const key of needs[type ?? ''] ?? [])
    if (!keys.has(key)) out.push(required(keyPath('data', key), '', ['data']));
  return out;
}

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];

export function validateEndpointSlice(obj: JsonObject): Cause[] {
  const t = stringAt(obj, 'addressType') ?? '';
  if (!t) return [required(['addressType'], '')];
  return ADDRESS_TYPES.includes(t) ? [] : [notSupported(['addressType'], t, ADDRESS_TYPES)];
}
