// One install setting (a path as segments and its value) applied to IstioValues. Shared by
// `--set path=value` (values arrive as strings, converted as istioctl converts them) and by
// IstioOperator objects (values arrive typed from YAML). Returns an error text naming the path.
import type { IngressGatewayValues, IstioValues } from './values.ts';
import { PROFILES, SERVICE_TYPES } from './values.ts';

export const GATEWAY_NAME = 'istio-ingressgateway';

/** Fields that are maps: everything after them in a path is the key (dots and slashes kept). */
const MAP_FIELDS = new Set(['serviceAnnotations', 'podAnnotations', 'labels', 'label']);

/** Components gangway's built-in control plane stands for: `enabled` is accepted and has no effect. */
const BUILT_IN_COMPONENTS = new Set(['base', 'pilot', 'cni', 'ztunnel', 'istiodRemote']);

type Result = string | undefined;

function showValue(raw: unknown): string {
  return typeof raw === 'string' ? raw : JSON.stringify(raw);
}

function invalid(path: string, raw: unknown, why: string): string {
  return `invalid value ${JSON.stringify(showValue(raw))} for ${path}: ${why}`;
}

export function unknownField(path: string): string {
  return `unknown field "${path}" in IstioOperator`;
}

function asBool(path: string, raw: unknown): boolean | string {
  if (typeof raw === 'boolean') return raw;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  return invalid(path, raw, 'must be true or false');
}

function asCount(path: string, raw: unknown): number | string {
  const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0) return n;
  return invalid(path, raw, 'must be a non-negative integer');
}

function asText(path: string, raw: unknown): string | { error: string } {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number') return String(raw); // hub/tag written unquoted in YAML
  return { error: invalid(path, raw, 'must be a string') };
}

/** `ingressGateways[name=x]`, `ingressGateways[name:x]`, `ingressGateways[0]` -> the selected name. */
function selectedGateway(segment: string, list: string): string | undefined {
  const m = new RegExp(`^${list}\\[(?:name[=:])?([^\\]]*)\\]$`).exec(segment);
  if (!m) return undefined;
  const sel = m[1] ?? '';
  if (/^\d+$/.test(sel)) return sel === '0' ? GATEWAY_NAME : `#${sel}`;
  return sel;
}

function setMapEntry(
  gw: IngressGatewayValues,
  field: 'serviceAnnotations' | 'podAnnotations' | 'labels',
  path: string,
  key: string,
  raw: unknown,
): Result {
  if (key === '') return `${path}: a key is missing after "${field}"`;
  if (typeof raw !== 'string') return invalid(path, raw, 'must be a string');
  gw[field] = { ...gw[field], [key]: raw };
  return undefined;
}

function gatewaySetting(
  gw: IngressGatewayValues,
  rest: readonly string[],
  raw: unknown,
  path: string,
  form: 'values' | 'component',
): Result {
  const head = rest[0];
  if (head !== undefined && MAP_FIELDS.has(head)) {
    const allowed = form === 'values' ? head !== 'label' : head === 'label';
    if (!allowed) return unknownField(path);
    const field = head === 'label' ? 'labels' : (head as 'serviceAnnotations' | 'podAnnotations' | 'labels');
    return setMapEntry(gw, field, path, rest.slice(1).join('.'), raw);
  }
  const tail = rest.join('.');
  if (form === 'component' && tail.startsWith('k8s.')) {
    const k8s = rest.slice(1);
    const k = k8s[0];
    if ((k === 'serviceAnnotations' || k === 'podAnnotations') && k8s.length >= 2)
      return setMapEntry(gw, k, path, k8s.slice(1).join('.'), raw);
    if (k8s.join('.') === 'service.type') return setType(gw, path, raw);
    if (k8s.join('.') === 'replicaCount') return setReplicas(gw, path, raw);
    return unknownField(path);
  }
  switch (tail) {
    case 'enabled': {
      const b = asBool(path, raw);
      if (typeof b === 'string') return b;
      gw.enabled = b;
      return undefined;
    }
    case 'type':
      return form === 'values' ? setType(gw, path, raw) : unknownField(path);
    case 'replicaCount':
      return form === 'values' ? setReplicas(gw, path, raw) : unknownField(path);
    case 'name':
      if (form === 'values') return unknownField(path);
      return raw === GATEWAY_NAME ? undefined : gatewayNotSupported(path, showValue(raw));
    default:
      return unknownField(path);
  }
}

function setType(gw: IngressGatewayValues, path: string, raw: unknown): Result {
  const t = SERVICE_TYPES.find((s) => s === raw);
  if (t === undefined) return invalid(path, raw, `must be one of ${SERVICE_TYPES.join(', ')}`);
  gw.type = t;
  return undefined;
}

function setReplicas(gw: IngressGatewayValues, path: string, raw: unknown): Result {
  const n = asCount(path, raw);
  if (typeof n === 'string') return n;
  gw.replicaCount = n;
  return undefined;
}

function gatewayNotSupported(path: string, name: string): string {
  return `${path}: gangway installs one ingress gateway, "${GATEWAY_NAME}"; "${name}" is not supported`;
}

/** Applies the setting at `segments` (the path's parts) to `values`; an error text or undefined. */
export function applySetting(values: IstioValues, segments: readonly string[], raw: unknown): Result {
  const path = segments.join('.');
  const [first, second, third] = segments;
  if (segments.length === 1 && first === 'profile') {
    if (typeof raw !== 'string' || !PROFILES.includes(raw))
      return invalid(path, raw, `unknown profile; available: ${PROFILES.join(', ')}`);
    values.profile = raw;
    return undefined;
  }
  if (segments.length === 1 && (first === 'hub' || first === 'tag')) {
    const s = asText(path, raw);
    if (typeof s !== 'string') return s.error;
    values[first] = s;
    return undefined;
  }
  if (first === 'meshConfig' && second === 'accessLogFile' && segments.length === 2) {
    const s = asText(path, raw);
    if (typeof s !== 'string') return s.error;
    values.meshConfig = { ...values.meshConfig, accessLogFile: s };
    return undefined;
  }
  if (first === 'values') {
    if (second === 'global' && segments.length === 3 && (third === 'hub' || third === 'tag')) {
      const s = asText(path, raw);
      if (typeof s !== 'string') return s.error;
      values[third] = s;
      return undefined;
    }
    if (second === 'gateways' && third === GATEWAY_NAME && segments.length > 3) {
      const gw: IngressGatewayValues = { ...values.ingressGateway };
      const err = gatewaySetting(gw, segments.slice(3), raw, path, 'values');
      if (err === undefined) values.ingressGateway = gw;
      return err;
    }
    return unknownField(path);
  }
  if (first === 'components' && second !== undefined) {
    if (BUILT_IN_COMPONENTS.has(second) && segments.length === 3 && third === 'enabled') {
      const b = asBool(path, raw);
      return typeof b === 'string' ? b : undefined;
    }
    const egress = selectedGateway(second, 'egressGateways');
    if (egress !== undefined && segments.length === 3 && third === 'enabled') {
      const b = asBool(path, raw);
      if (typeof b === 'string') return b;
      return b ? `${path}: gangway does not run an egress gateway` : undefined;
    }
    const name = selectedGateway(second, 'ingressGateways');
    if (name !== undefined && segments.length > 2) {
      if (name !== GATEWAY_NAME) return gatewayNotSupported(path, name);
      const gw: IngressGatewayValues = { ...values.ingressGateway };
      const err = gatewaySetting(gw, segments.slice(2), raw, path, 'component');
      if (err === undefined) values.ingressGateway = gw;
      return err;
    }
  }
  return unknownField(path);
}
