// Custom resources (the Istio kinds): checked against their CRD's OpenAPI schema with the
// validators @kubernetes-models/istio compiles from the same CRDs, and reported as the
// apiextensions-apiserver reports schema failures (422 causes, kube-openapi wording).
import { Gateway as GatewayV1 } from '@kubernetes-models/istio/networking.istio.io/v1/Gateway';
import { VirtualService as VirtualServiceV1 } from '@kubernetes-models/istio/networking.istio.io/v1/VirtualService';
import { DestinationRule as DestinationRuleV1 } from '@kubernetes-models/istio/networking.istio.io/v1/DestinationRule';
import { Gateway as GatewayV1beta1 } from '@kubernetes-models/istio/networking.istio.io/v1beta1/Gateway';
import { VirtualService as VirtualServiceV1beta1 } from '@kubernetes-models/istio/networking.istio.io/v1beta1/VirtualService';
import { DestinationRule as DestinationRuleV1beta1 } from '@kubernetes-models/istio/networking.istio.io/v1beta1/DestinationRule';
import { Gateway as GatewayV1alpha3 } from '@kubernetes-models/istio/networking.istio.io/v1alpha3/Gateway';
import { VirtualService as VirtualServiceV1alpha3 } from '@kubernetes-models/istio/networking.istio.io/v1alpha3/VirtualService';
import { DestinationRule as DestinationRuleV1alpha3 } from '@kubernetes-models/istio/networking.istio.io/v1alpha3/DestinationRule';
import { IstioOperator } from '@kubernetes-models/istio/install.istio.io/v1alpha1/IstioOperator';
import { formatFieldPath, type FieldPath } from '../types.ts';
import { goValue, invalid, notSupported, required, typeInvalid, type Cause } from './field-errors.ts';

interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
}

interface ModelClass {
  prototype: { validate(this: unknown): void };
}

const MODELS: Record<string, ModelClass> = {
  'networking.istio.io/v1/Gateway': GatewayV1,
  'networking.istio.io/v1/VirtualService': VirtualServiceV1,
  'networking.istio.io/v1/DestinationRule': DestinationRuleV1,
  'networking.istio.io/v1beta1/Gateway': GatewayV1beta1,
  'networking.istio.io/v1beta1/VirtualService': VirtualServiceV1beta1,
  'networking.istio.io/v1beta1/DestinationRule': DestinationRuleV1beta1,
  'networking.istio.io/v1alpha3/Gateway': GatewayV1alpha3,
  'networking.istio.io/v1alpha3/VirtualService': VirtualServiceV1alpha3,
  'networking.istio.io/v1alpha3/DestinationRule': DestinationRuleV1alpha3,
  'install.istio.io/v1alpha1/IstioOperator': IstioOperator,
};

function schemaErrors(model: ModelClass, obj: unknown): AjvError[] {
  try {
    model.prototype.validate.call(obj);
    return [];
  } catch (e) {
    const errors = (e as { errors?: AjvError[] }).errors;
    if (!errors) throw e;
    return errors;
  }
}

/** `/spec/servers/0/port` -> ['spec', 'servers', 0, 'port'] (indices where the value is a list). */
function pointerToPath(obj: unknown, pointer: string): { path: FieldPath; value: unknown } {
  const path: (string | number)[] = [];
  let value = obj;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(value)) {
      path.push(Number(seg));
      value = value[Number(seg)];
    } else {
      path.push(seg);
      value =
        typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[seg] : undefined;
    }
  }
  return { path, value };
}

/** The OpenAPI type name of a JSON value, as kube-openapi reports the type it found. */
function openAPIType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'boolean') return 'boolean';
  return typeof v === 'string' ? 'string' : 'object';
}

function toCause(obj: unknown, e: AjvError): Cause | undefined {
  const { path, value } = pointerToPath(obj, e.instancePath);
  const field = formatFieldPath(path);
  const p = e.params;
  switch (e.keyword) {
    case 'type': {
      const found = openAPIType(value);
      const expected = Array.isArray(p.type) ? p.type.join(',') : String(p.type);
      return typeInvalid(
        path,
        found,
        `${field} in body must be of type ${expected}: ${JSON.stringify(found)}`,
      );
    }
    case 'required':
      return required([...path, String(p.missingProperty)], '');
    case 'enum':
      return notSupported(
        path,
        value,
        (Array.isArray(p.allowedValues) ? p.allowedValues : []).map((v) =>
          typeof v === 'string' ? v : JSON.stringify(v),
        ),
      );
    case 'maximum':
      return invalid(
        path,
        value,
        `${field} in body should be less than ${p.comparison === '<' ? '' : 'or equal to '}${String(p.limit)}`,
      );
    case 'minimum':
      return invalid(
        path,
        value,
        `${field} in body should be greater than ${p.comparison === '>' ? '' : 'or equal to '}${String(p.limit)}`,
      );
    case 'maxLength':
      return {
        ...invalid(path, value, ''),
        reason: 'FieldValueTooLong',
        message: `Too long: may not be more than ${String(p.limit)} bytes`,
      };
    case 'minLength':
      return invalid(path, value, `${field} in body should be at least ${String(p.limit)} chars long`);
    case 'maxItems':
      return {
        ...invalid(path, value, ''),
        reason: 'FieldValueTooMany',
        message: `Too many: ${Array.isArray(value) ? value.length : 0}: must have at most ${String(p.limit)} items`,
      };
    case 'minItems':
      return invalid(
        path,
        value,
        `${field} in body should have at least ${String(p.limit)} items`,
        undefined,
        goValue(Array.isArray(value) ? value.length : 0),
      );
    case 'pattern':
      return invalid(path, value, `${field} in body should match '${String(p.pattern)}'`);
    case 'oneOf': {
      const passing = Array.isArray(p.passingSchemas) ? p.passingSchemas.length : 0;
      const found = passing === 0 ? 'Found none valid' : `Found ${passing} valid alternatives`;
      return invalid(
        path,
        '',
        `${JSON.stringify(field)} must validate one and only one schema (oneOf). ${found}`,
      );
    }
    case 'anyOf':
      return invalid(path, '', `${JSON.stringify(field)} must validate at least one schema (anyOf)`);
    default:
      return undefined;
  }
}

/** The schema failures of a custom resource; empty for kinds without a compiled schema. */
export function validateCustomResource(obj: unknown, key: string): Cause[] {
  const model = MODELS[key];
  if (!model) return [];
  const out: Cause[] = [];
  const errors = schemaErrors(model, obj);
  // Failures inside oneOf/anyOf branches are reported once, by the composite keyword.
  const composite = new Set(
    errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath),
  );
  for (const e of errors) {
    if (e.keyword === 'not' || /\/(oneOf|anyOf|not)\//.test(e.schemaPath)) continue;
    const isComposite = e.keyword === 'oneOf' || e.keyword === 'anyOf';
    if (!isComposite && composite.has(e.instancePath)) continue;
    // apiVersion and kind were checked when the kind was resolved.
    if (e.instancePath === '/apiVersion' || e.instancePath === '/kind') continue;
    const cause = toCause(obj, e);
    if (cause) out.push(cause);
  }
  return out;
}
