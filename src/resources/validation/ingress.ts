// Ingress and IngressClass validation (pkg/apis/networking/validation), on the
// networking.k8s.io/v1 form: v1beta1 Ingresses are converted first, as the API server
// validated its internal (v1-shaped) type, so field names are v1's.
import type { FieldPath, JsonObject } from '../types.ts';
import { isObject, objectAt, objectsAt, stringAt } from '../json.ts';
import { invalid, invalidEach, notSupported, required, tooLong, type Cause } from './field-errors.ts';
import {
  isDNS1035Label,
  isDNS1123Subdomain,
  isIP,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
} from './names.ts';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_SUFFIXES = ['/..', '/.'];
const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

function validateBackend(b: JsonObject, path: FieldPath): Cause[] {
  const service = objectAt(b, 'service');
  const hasResource = b.resource !== undefined;
  if (service && hasResource) return [invalid(path, '', 'cannot set both resource and service backends')];
  if (hasResource) {
    const r = objectAt(b, 'resource') ?? {};
    const out: Cause[] = [];
    if (!stringAt(r, 'kind')) out.push(required([...path, 'resource', 'kind'], ''));
    if (!stringAt(r, 'name')) out.push(required([...path, 'resource', 'name'], ''));
    return out;
  }
  if (!service) return [invalid(path, '', 'resource or service backend is required')];
  const out: Cause[] = [];
  const sp = [...path, 'service'];
  const name = stringAt(service, 'name') ?? '';
  if (!name) out.push(required([...sp, 'name'], ''));
  else out.push(...invalidEach([...sp, 'name'], name, isDNS1035Label(name)));
  const port = objectAt(service, 'port') ?? {};
  const portName = stringAt(port, 'name') ?? '';
  const portNumber = typeof port.number === 'number' ? port.number : 0;
  if (portName && portNumber) out.push(invalid(path, '', 'cannot set both port name & port number'));
  else if (portName) out.push(...invalidEach([...sp, 'port', 'name'], portName, isValidPortName(portName)));
  else if (portNumber)
    out.push(...invalidEach([...sp, 'port', 'number'], portNumber, isValidPortNum(portNumber)));
  else out.push(required([...sp, 'port'], 'port name or number is required'));
  return out;
}

function validatePath(p: JsonObject, path: FieldPath): Cause[] {
  const pathType = p.pathType;
  if (pathType === undefined) return [required([...path, 'pathType'], 'pathType must be specified')];
  const out: Cause[] = [];
  const value = stringAt(p, 'path') ?? '';
  const pp = [...path, 'path'];
  if (pathType === 'Exact' || pathType === 'Prefix') {
    if (!value.startsWith('/')) out.push(invalid(pp, value, 'must be an absolute path'));
    for (const seq of INVALID_SEQUENCES)
      if (value.includes(seq)) out.push(invalid(pp, value, `must not contain '${seq}'`));
    for (const suffix of INVALID_SUFFIXES)
      if (value.endsWith(suffix)) out.push(invalid(pp, value, `cannot end with '${suffix}'`));
  } else if (pathType === 'ImplementationSpecific') {
    if (value && !value.startsWith('/')) out.push(invalid(pp, value, 'must be an absolute path'));
  } else {
    out.push(notSupported([...path, 'pathType'], pathType, PATH_TYPES));
  }
  out.push(...validateBackend(objectAt(p, 'backend') ?? {}, [...path, 'backend']));
  return out;
}

function validateHost(host: string, path: FieldPath): Cause[] {
  if (host.includes('*')) return invalidEach(path, host, isWildcardDNS1123Subdomain(host));
  return invalidEach(path, host, isDNS1123Subdomain(host));
}

function validateRules(rules: JsonObject[], path: FieldPath): Cause[] {
  const out: Cause[] = [];
  rules.forEach((rule, i) => {
    const rp = [...path, i];
    const host = stringAt(rule, 'host') ?? '';
    if (host) {
      if (isIP(host)) out.push(invalid([...rp, 'host'], host, 'must be a DNS name, not an IP address'));
      out.push(...validateHost(host, [...rp, 'host']));
    }
    const http = objectAt(rule, 'http');
    if (!http) return;
    const paths = objectsAt(http, 'paths');
    if (paths.length === 0) out.push(required([...rp, 'http', 'paths'], ''));
    paths.forEach((p, j) => out.push(...validatePath(p, [...rp, 'http', 'paths', j])));
  });
  return out;
}

/** ValidateIngressCreate's checks past metadata, on a networking.k8s.io/v1 Ingress. */
export function validateIngressV1(obj: JsonObject): Cause[] {
  const spec = objectAt(obj, 'spec') ?? {};
  const out: Cause[] = [];
  const rules = objectsAt(spec, 'rules');
  const defaultBackend = objectAt(spec, 'defaultBackend');
  if (rules.length === 0 && !defaultBackend) {
    const raw = Array.isArray(spec.rules) ? '[]networking.IngressRule{}' : '[]networking.IngressRule(nil)';
    out.push(
      invalid(['spec'], spec.rules, 'either `defaultBackend` or `rules` must be specified', undefined, raw),
    );
  }
  if (defaultBackend) out.push(...validateBackend(defaultBackend, ['spec', 'defaultBackend']));
  out.push(...validateRules(rules, ['spec', 'rules']));
  objectsAt(spec, 'tls').forEach((tls, i) => {
    const tp = ['spec', 'tls', i];
    const hosts = Array.isArray(tls.hosts) ? tls.hosts : [];
    hosts.forEach((h: unknown, j) => {
      if (typeof h === 'string') out.push(...validateHost(h, [...tp, 'hosts', j]));
    });
    const secret = stringAt(tls, 'secretName');
    if (secret) out.push(...invalidEach([...tp, 'secretName'], secret, isDNS1123Subdomain(secret)));
  });
  const className = stringAt(spec, 'ingressClassName');
  if (className !== undefined)
    out.push(...invalidEach(['spec', 'ingressClassName'], className, isDNS1123Subdomain(className)));
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const annotation = objectAt(meta, 'annotations')?.[CLASS_ANNOTATION];
  if (typeof annotation === 'string' && className !== undefined && annotation !== className) {
    const at = ['metadata', 'annotations', CLASS_ANNOTATION];
    out.push(
      invalid(
        ['annotations', CLASS_ANNOTATION],
        annotation,
        'must match `ingressClassName` when both are specified',
        at,
      ),
    );
  }
  return out;
}

/** ValidateIngressClass's spec checks. */
export function validateIngressClassSpec(spec: unknown): Cause[] {
  const s = isObject(spec) ? spec : {};
  const controller = stringAt(s, 'controller') ?? '';
  if (!controller) return [required(['spec', 'controller'], '')];
  if (controller.length > 250) return [tooLong(['spec', 'controller'], 250)];
  return [];
}
