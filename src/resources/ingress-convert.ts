// Ingress conversion between extensions/v1beta1 / networking.k8s.io/v1beta1 and
// networking.k8s.io/v1, as the API server converted them (pkg/apis/networking/v1beta1 and
// pkg/apis/extensions/v1beta1 conversion.go, with v1beta1's pathType defaulting).
import type { FieldPath, JsonObject } from './types.ts';
import { isObject, objectAt } from './json.ts';

function backendToV1(b: JsonObject): JsonObject {
  const out: JsonObject = {};
  const name = b.serviceName;
  const port = b.servicePort;
  const hasName = typeof name === 'string' && name !== '';
  const hasPort = (typeof port === 'number' && port !== 0) || typeof port === 'string';
  if (hasName || hasPort) {
    const p: JsonObject = {};
    if (typeof port === 'string' && port !== '') p.name = port;
    else if (typeof port === 'number' && port !== 0) p.number = port;
    out.service = { name: typeof name === 'string' ? name : '', port: p };
  }
  if (b.resource !== undefined) out.resource = b.resource;
  return out;
}

function backendToV1beta1(b: JsonObject): JsonObject {
  const out: JsonObject = {};
  const service = objectAt(b, 'service');
  if (service) {
    out.serviceName = service.name ?? '';
    const port = objectAt(service, 'port');
    const name = port?.name;
    out.servicePort = typeof name === 'string' && name !== '' ? name : (port?.number ?? 0);
  }
  if (b.resource !== undefined) out.resource = b.resource;
  return out;
}

function convertSpec(spec: JsonObject, toV1: boolean): JsonObject {
  const out: JsonObject = { ...spec };
  const convertBackend = toV1 ? backendToV1 : backendToV1beta1;
  const [from, to] = toV1 ? ['backend', 'defaultBackend'] : ['defaultBackend', 'backend'];
  delete out[from];
  const def = objectAt(spec, from);
  if (def) out[to] = convertBackend(def);
  if (Array.isArray(spec.rules)) {
    out.rules = spec.rules.map((rule: unknown) => {
      if (!isObject(rule)) return rule;
      const http = objectAt(rule, 'http');
      if (!http || !Array.isArray(http.paths)) return rule;
      const paths = http.paths.map((p: unknown) => {
        if (!isObject(p)) return p;
        const path: JsonObject = { ...p };
        if (toV1 && (path.pathType === undefined || path.pathType === null))
          path.pathType = 'ImplementationSpecific';
        const backend = objectAt(p, 'backend');
        if (backend) path.backend = convertBackend(backend);
        return path;
      });
      return { ...rule, http: { ...http, paths } };
    });
  }
  return out;
}

/** A v1beta1 Ingress spec (either group) -> the networking.k8s.io/v1 spec. New object. */
export function ingressSpecToV1(spec: JsonObject): JsonObject {
  return convertSpec(spec, true);
}

/** A networking.k8s.io/v1 Ingress spec -> the v1beta1 spec. New object. */
export function ingressSpecToV1beta1(spec: JsonObject): JsonObject {
  return convertSpec(spec, false);
}

/**
 * A field path of the converted v1 object -> the path of the same field in the v1beta1
 * object it came from, for pointing at the right line of a v1beta1 manifest.
 */
export function v1PathToV1beta1(path: FieldPath): FieldPath {
  const out: (string | number)[] = [];
  for (const [i, seg] of path.entries()) {
    if (i === 1 && path[0] === 'spec' && seg === 'defaultBackend') {
      out.push('backend');
    } else if (seg === 'service' && out[out.length - 1] === 'backend') {
      const next = path[i + 1];
      if (next === 'name') out.push('serviceName');
      else if (next === 'port') out.push('servicePort');
      return out;
    } else {
      out.push(seg);
    }
  }
  return out;
}
