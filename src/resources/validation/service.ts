// Service validation (pkg/apis/core/validation ValidateService), the common cases, on a
// defaulted Service; plus the nodePort range check the allocator makes.
import type { FieldPath, JsonObject } from '../types.ts';
import { externallyAccessible } from '../defaults-service.ts';
import { isObject, objectsAt, stringAt } from '../json.ts';
import {
  duplicate,
  forbidden,
  invalid,
  invalidEach,
  notSupported,
  required,
  type Cause,
} from './field-errors.ts';
import { validateLabels } from './meta.ts';
import { isDNS1123Label, isDNS1123Subdomain, isIP, isQualifiedName, isValidPortNum } from './names.ts';
import { validatePortNumOrName } from './pod.ts';

export const NODE_PORT_RANGE = [30000, 32767] as const;

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const AFFINITIES = ['ClientIP', 'None'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const IP_MESSAGE = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

function goServicePortKey(protocol: string, port: unknown): string {
  return `core.ServicePort{Name:"", Protocol:${JSON.stringify(protocol)}, AppProtocol:(*string)(nil), Port:${String(port)}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;
}

function validatePort(sp: JsonObject, path: FieldPath, requireName: boolean, names: Set<string>): Cause[] {
  const out: Cause[] = [];
  const name = stringAt(sp, 'name') ?? '';
  if (requireName && !name) out.push(required([...path, 'name'], ''));
  else if (name) {
    out.push(...invalidEach([...path, 'name'], name, isDNS1123Label(name)));
    if (names.has(name)) out.push(duplicate([...path, 'name'], name));
    else names.add(name);
  }
  const port = typeof sp.port === 'number' ? sp.port : 0;
  out.push(...invalidEach([...path, 'port'], port, isValidPortNum(port)));
  const proto = stringAt(sp, 'protocol') ?? '';
  if (!proto) out.push(required([...path, 'protocol'], ''));
  else if (!PROTOCOLS.includes(proto)) out.push(notSupported([...path, 'protocol'], proto, PROTOCOLS));
  out.push(...validatePortNumOrName(sp.targetPort ?? 0, [...path, 'targetPort']));
  const app = stringAt(sp, 'appProtocol');
  if (app !== undefined) out.push(...invalidEach([...path, 'appProtocol'], app, isQualifiedName(app)));
  return out;
}

function validateTypeSpecific(spec: JsonObject, type: string, headless: boolean): Cause[] {
  const out: Cause[] = [];
  const ips = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [];
  if ((type === 'LoadBalancer' || type === 'NodePort') && headless) {
    out.push(invalid(['spec', 'clusterIPs', 0], ips[0], `may not be set to 'None' for ${type} services`));
  }
  if (type === 'ExternalName') {
    if (ips.length > 0)
      out.push(forbidden(['spec', 'clusterIPs'], 'may not be set for ExternalName services'));
    if (Array.isArray(spec.ipFamilies) && spec.ipFamilies.length > 0) {
      out.push(forbidden(['spec', 'ipFamilies'], 'may not be set for ExternalName services'));
    }
    if (spec.ipFamilyPolicy !== undefined)
      out.push(forbidden(['spec', 'ipFamilyPolicy'], 'may not be set for ExternalName services'));
    const cname = (stringAt(spec, 'externalName') ?? '').replace(/\.$/, '');
    if (cname) out.push(...invalidEach(['spec', 'externalName'], cname, isDNS1123Subdomain(cname)));
    else out.push(required(['spec', 'externalName'], ''));
  }
  return out;
}

function validatePorts(spec: JsonObject, type: string): Cause[] {
  const out: Cause[] = [];
  const ports = objectsAt(spec, 'ports');
  const names = new Set<string>();
  ports.forEach((sp, i) => out.push(...validatePort(sp, ['spec', 'ports', i], ports.length > 1, names)));
  const nodePorts = new Set<string>();
  const seen = new Set<string>();
  ports.forEach((sp, i) => {
    const p: FieldPath = ['spec', 'ports', i];
    const proto = stringAt(sp, 'protocol') ?? '';
    const nodePort = typeof sp.nodePort === 'number' ? sp.nodePort : 0;
    if (nodePort !== 0) {
      if (type === 'ClusterIP')
        out.push(forbidden([...p, 'nodePort'], "may not be used when `type` is 'ClusterIP'"));
      const key = `${proto}/${nodePort}`;
      if (nodePorts.has(key)) out.push(duplicate([...p, 'nodePort'], nodePort));
      nodePorts.add(key);
      const [min, max] = NODE_PORT_RANGE;
      if ((type === 'NodePort' || type === 'LoadBalancer') && (nodePort < min || nodePort > max)) {
        const detail = `provided port is not in the valid range. The range of valid ports is ${min}-${max}`;
        out.push(invalid([...p, 'nodePort'], nodePort, detail));
      }
    }
    const key = `${proto}/${String(sp.port)}`;
    if (seen.has(key))
      out.push({ ...duplicate(p, ''), message: `Duplicate value: ${goServicePortKey(proto, sp.port)}` });
    seen.add(key);
  });
  return out;
}

function validateClusterIPs(spec: JsonObject): Cause[] {
  const out: Cause[] = [];
  const ips = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [];
  ips.forEach((ip: unknown, i) => {
    if (typeof ip !== 'string') return;
    if (ip === 'None') {
      if (i !== 0 || ips.length > 1)
        out.push(invalid(['spec', 'clusterIPs', i], ip, "'None' must be the first and only value"));
    } else if (ip !== '' && !isIP(ip)) {
      // Defaulting copied clusterIP into clusterIPs[0]: point at the field the manifest most likely has.
      out.push(
        invalid(['spec', 'clusterIPs', i], ip, IP_MESSAGE, i === 0 ? ['spec', 'clusterIP'] : undefined),
      );
    }
  });
  (Array.isArray(spec.externalIPs) ? spec.externalIPs : []).forEach((ip: unknown, i) => {
    if (typeof ip === 'string' && !isIP(ip)) out.push(invalid(['spec', 'externalIPs', i], ip, IP_MESSAGE));
  });
  return out;
}

function validateTrafficPolicies(spec: JsonObject, type: string): Cause[] {
  const out: Cause[] = [];
  const etp = stringAt(spec, 'externalTrafficPolicy') ?? '';
  if (!externallyAccessible(spec)) {
    if (etp)
      out.push(
        invalid(['spec', 'externalTrafficPolicy'], etp, 'may only be set for externally-accessible services'),
      );
  } else if (!etp) out.push(required(['spec', 'externalTrafficPolicy'], ''));
  else if (!TRAFFIC_POLICIES.includes(etp))
    out.push(notSupported(['spec', 'externalTrafficPolicy'], etp, TRAFFIC_POLICIES));
  const itp = spec.internalTrafficPolicy;
  if (itp === undefined) {
    if (type !== 'ExternalName') out.push(required(['spec', 'internalTrafficPolicy'], ''));
  } else if (typeof itp === 'string' && !TRAFFIC_POLICIES.includes(itp)) {
    out.push(notSupported(['spec', 'internalTrafficPolicy'], itp, TRAFFIC_POLICIES));
  }
  return out;
}

/** ValidateService's spec checks (metadata is checked by the caller). */
export function validateServiceSpec(specValue: unknown): Cause[] {
  const spec = isObject(specValue) ? specValue : {};
  const type = stringAt(spec, 'type') ?? '';
  const headless = spec.clusterIP === 'None';
  const out: Cause[] = [];
  if (objectsAt(spec, 'ports').length === 0 && !headless && type !== 'ExternalName')
    out.push(required(['spec', 'ports'], ''));
  out.push(...validateTypeSpecific(spec, type, headless));
  out.push(...validatePorts(spec, type));
  out.push(...validateLabels(spec.selector, ['spec', 'selector']));
  const affinity = stringAt(spec, 'sessionAffinity') ?? '';
  if (!affinity) out.push(required(['spec', 'sessionAffinity'], ''));
  else if (!AFFINITIES.includes(affinity))
    out.push(notSupported(['spec', 'sessionAffinity'], affinity, AFFINITIES));
  if (affinity === 'None' && spec.sessionAffinityConfig !== undefined) {
    out.push(forbidden(['spec', 'sessionAffinityConfig'], 'must not be set when session affinity is None'));
  }
  out.push(...validateClusterIPs(spec));
  if (!type) out.push(required(['spec', 'type'], ''));
  else if (!TYPES.includes(type)) out.push(notSupported(['spec', 'type'], type, TYPES));
  out.push(...validateTrafficPolicies(spec, type));
  return out;
}
