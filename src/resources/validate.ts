// Shape and meaning checks of one object against its kind, as the API server makes them.
// Used by registry/ (API writes) and by resources/decode.ts (files given to `gangway apply`
// / `up -f`). Order as in the API server: JSON decoding (type errors, unknown fields), then
// defaulting and conversion to the internal form, then the kind's validation.
import { parseApiVersion, type ResourceType } from './catalogue.ts';
import type { FieldPath, JsonObject, KubeObject } from './types.ts';
import type { StatusCause } from '../registry/status-error.ts';
import { rootStruct } from './schema/field-schema.ts';
import { walkFields } from './schema/walk.ts';
import { isObject, objectAt } from './json.ts';
import { toStorageVersion } from './convert.ts';
import { applyDefaults } from './defaults.ts';
import { v1PathToV1beta1 } from './ingress-convert.ts';
import type { Cause } from './validation/field-errors.ts';
import { nameIsDNSLabel, nameIsDNSSubdomain, validateObjectMeta, type NameFn } from './validation/meta.ts';
import { isDNS1035Label } from './validation/names.ts';
import { validatePodSpec } from './validation/pod.ts';
import { validateServiceSpec } from './validation/service.ts';
import { validateDeploymentSpec, validateReplicaSetSpec } from './validation/workloads.ts';
import { validateIngressClassSpec, validateIngressV1 } from './validation/ingress.ts';
import { validateConfigMap, validateEndpointSlice, validateSecret } from './validation/config.ts';
import { validateCustomResource } from './validation/crd.ts';

export interface ValidationResult {
  /**
   * A decoding failure (a field of the wrong type): the API server answers 400 BadRequest
   * with `<Kind> in version "<v>" cannot be handled as a <Kind>: <decodeError>`.
   */
  decodeError?: { path: FieldPath; message: string };
  /** Semantic failures: 422 Invalid with these causes. */
  causes: (StatusCause & { path: FieldPath })[];
  /** Fields the schema does not know, as `spec.foo` (Strict: 400; Warn: warning header). */
  unknownFields: { path: FieldPath; field: string }[];
}

interface KindRules {
  name: NameFn;
  spec?: (obj: JsonObject) => Cause[];
}

const nameIsDNS1035Label: NameFn = (n, prefix) =>
  isDNS1035Label(prefix && n.endsWith('-') ? `${n.slice(0, -1)}a` : n);

/** Per `${storage group}/${kind}`; kinds not listed get the subdomain name rule only. */
const RULES: Record<string, KindRules> = {
  '/Namespace': { name: nameIsDNSLabel },
  '/Service': { name: nameIsDNS1035Label, spec: (o) => validateServiceSpec(o.spec) },
  '/Pod': { name: nameIsDNSSubdomain, spec: (o) => validatePodSpec(o.spec, ['spec']) },
  '/ConfigMap': { name: nameIsDNSSubdomain, spec: validateConfigMap },
  '/Secret': { name: nameIsDNSSubdomain, spec: validateSecret },
  'apps/Deployment': { name: nameIsDNSSubdomain, spec: (o) => validateDeploymentSpec(o.spec) },
  'apps/ReplicaSet': { name: nameIsDNSSubdomain, spec: (o) => validateReplicaSetSpec(o.spec) },
  'networking.k8s.io/Ingress': { name: nameIsDNSSubdomain, spec: validateIngressV1 },
  'networking.k8s.io/IngressClass': {
    name: nameIsDNSSubdomain,
    spec: (o) => validateIngressClassSpec(o.spec),
  },
  'discovery.k8s.io/EndpointSlice': { name: nameIsDNSSubdomain, spec: validateEndpointSlice },
};

/** The kind's validation on its defaulted storage form; paths point back into `obj`. */
function builtinCauses(obj: KubeObject, rt: ResourceType, version: string): Cause[] {
  const rules = RULES[`${rt.storage.group}/${rt.kind}`] ?? { name: nameIsDNSSubdomain };
  const internal = applyDefaults(toStorageVersion(obj, rt), rt);
  const causes = [
    ...validateObjectMeta(objectAt(obj, 'metadata'), { namespaced: rt.namespaced, nameFn: rules.name }),
    ...(rules.spec?.(internal) ?? []),
  ];
  const converted = rt.kind === 'Ingress' && version === 'v1beta1';
  return converted ? causes.map((c) => ({ ...c, path: v1PathToV1beta1(c.path) })) : causes;
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'boolean' ? 'bool' : typeof v;
}

/** Validates `obj` (in the apiVersion it carries, before defaulting) against `rt`. */
export function validateObject(obj: unknown, rt: ResourceType): ValidationResult {
  if (!isObject(obj)) {
    const message = `json: cannot unmarshal ${jsonKind(obj)} into Go value of type map[string]interface {}`;
    return { decodeError: { path: [], message }, causes: [], unknownFields: [] };
  }
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const { version } = parseApiVersion(apiVersion);
  const root = rootStruct(apiVersion, rt.kind);
  const walk = root ? walkFields(obj, root, rt.crd) : { unknownFields: [] };
  if (walk.decodeError)
    return { decodeError: walk.decodeError, causes: [], unknownFields: walk.unknownFields };
  const kube = obj as KubeObject;
  const causes = rt.crd
    ? [
        ...validateObjectMeta(objectAt(obj, 'metadata'), {
          namespaced: rt.namespaced,
          nameFn: nameIsDNSSubdomain,
        }),
        ...validateCustomResource(obj, `${apiVersion}/${rt.kind}`),
      ]
    : builtinCauses(kube, rt, version);
  return { causes, unknownFields: walk.unknownFields };
}
