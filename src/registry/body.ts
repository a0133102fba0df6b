// Request bodies of writes, checked as the API server's handlers check them: a JSON object,
// apiVersion and kind defaulted from the URL or matching it, and the name and namespace
// agreeing with the URL.
import type { ResourceType } from '../resources/catalogue.ts';
import { apiVersionOf } from '../resources/catalogue.ts';
import type { KubeObject } from '../resources/types.ts';
import { badRequest } from './status-error.ts';

const TYPE_META_STRUCT =
  'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

function goKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'boolean' ? 'bool' : typeof v;
}

/** A body as sent (text or bytes) or already parsed -> a fresh, mutable JSON object. */
export function parseJsonObject(body: unknown): Record<string, unknown> {
  let value: unknown;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
    try {
      value = JSON.parse(text) as unknown;
    } catch (err) {
      throw badRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
    }
  } else {
    value = structuredClone(body);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest(
      `couldn't get version/kind; json parse error: json: cannot unmarshal ${goKind(value)} into Go value of type ${TYPE_META_STRUCT}`,
    );
  }
  return value as Record<string, unknown>;
}

/** Fills a missing apiVersion/kind from the URL; a different one is a 400. */
export function checkTypeMeta(obj: Record<string, unknown>, rt: ResourceType, version: string): KubeObject {
  const expected = apiVersionOf(rt.group, version);
  const apiVersion =
    typeof obj['apiVersion'] === 'string' && obj['apiVersion'] !== '' ? obj['apiVersion'] : expected;
  const kind = typeof obj['kind'] === 'string' && obj['kind'] !== '' ? obj['kind'] : rt.kind;
  if (apiVersion !== expected) {
    throw badRequest(
      `the API version in the data (${apiVersion}) does not match the expected API version (${expected})`,
    );
  }
  if (kind !== rt.kind) {
    throw badRequest(
      `${kind} in version "${version}" cannot be handled as a ${rt.kind}: no kind "${kind}" is registered for version "${expected}" in scheme "pkg/api/legacyscheme/scheme.go:30"`,
    );
  }
  obj['apiVersion'] = apiVersion;
  obj['kind'] = kind;
  const meta = obj['metadata'];
  if (meta === undefined || meta === null) obj['metadata'] = {};
  else if (typeof meta !== 'object' || Array.isArray(meta)) {
    throw badRequest(
      `${rt.kind} in version "${version}" cannot be handled as a ${rt.kind}: json: cannot unmarshal ${goKind(meta)} into Go struct field ${rt.kind}.metadata of type v1.ObjectMeta`,
    );
  }
  return obj as KubeObject;
}

/** Create: the body's namespace must match the URL's (and is set from it); cluster-scoped objects have none. */
export function checkCreateNamespace(obj: KubeObject, rt: ResourceType, namespace: string): void {
  if (!rt.namespaced) {
    delete obj.metadata.namespace;
    return;
  }
  const ns = obj.metadata.namespace;
  if (ns !== undefined && ns !== '' && ns !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  obj.metadata.namespace = namespace;
}

/** Update and patch: name and namespace must agree with the URL (apiserver checkName). */
export function checkName(obj: KubeObject, rt: ResourceType, namespace: string, name: string): void {
  const objName = obj.metadata.name ?? '';
  if (objName !== name) {
    throw badRequest(`the name of the object (${objName}) does not match the name on the URL (${name})`);
  }
  if (!rt.namespaced) {
    delete obj.metadata.namespace;
    return;
  }
  const ns = obj.metadata.namespace;
  if (ns !== undefined && ns !== '' && ns !== namespace) {
    throw badRequest(
      `the namespace of the object (${ns}) does not match the namespace on the request (${namespace})`,
    );
  }
  obj.metadata.namespace = namespace;
}
