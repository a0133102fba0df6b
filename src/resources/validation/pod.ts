// Pod spec validation (k8s.io/kubernetes pkg/apis/core/validation ValidatePodSpec and the
// container checks), the common cases, on a defaulted spec.
import type { FieldPath, JsonObject } from '../types.ts';
import { isObject, objectAt, objectsAt, stringAt } from '../json.ts';
import { compareQuantity, parseQuantity, ZERO } from '../quantity.ts';
import {
  duplicate,
  forbidden,
  invalid,
  invalidEach,
  notFound,
  notSupported,
  required,
  type Cause,
} from './field-errors.ts';
import { validateLabels } from './meta.ts';
import { isDNS1123Label, isDNS1123Subdomain, isValidPortName, isValidPortNum } from './names.ts';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const RESTART_POLICIES = ['Always', 'Never', 'OnFailure'];
const DNS_POLICIES = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'];
const MESSAGE_POLICIES = ['FallbackToLogsOnError', 'File'];
const SCHEMES = ['HTTP', 'HTTPS'];
const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];

/** ValidatePortNumOrName: an int32 in range, or an IANA port name. */
export function validatePortNumOrName(port: unknown, path: FieldPath): Cause[] {
  if (typeof port === 'number') return invalidEach(path, port, isValidPortNum(port));
  if (typeof port === 'string') return invalidEach(path, port, isValidPortName(port));
  return [];
}

function nonNegative(o: JsonObject, key: string, path: FieldPath): Cause[] {
  const v = o[key];
  return typeof v === 'number' && v < 0
    ? [invalid([...path, key], v, 'must be greater than or equal to 0')]
    : [];
}

function validateHandler(h: JsonObject, path: FieldPath, what: 'probe' | 'lifecycle'): Cause[] {
  const set = HANDLERS.filter((k) => h[k] !== undefined && h[k] !== null);
  if (set.length === 0) return [required(path, 'must specify a handler type')];
  if (set.length > 1 && what === 'probe')
    return [forbidden(path, 'may not specify more than 1 handler type')];
  const out: Cause[] = [];
  const get = objectAt(h, 'httpGet');
  if (get) {
    const p = [...path, 'httpGet'];
    if (!stringAt(get, 'path')) out.push(required([...p, 'path'], ''));
    out.push(...validatePortNumOrName(get.port, [...p, 'port']));
    const scheme = stringAt(get, 'scheme') ?? '';
    if (!SCHEMES.includes(scheme)) out.push(notSupported([...p, 'scheme'], scheme, SCHEMES));
  }
  const tcp = objectAt(h, 'tcpSocket');
  if (tcp) out.push(...validatePortNumOrName(tcp.port, [...path, 'tcpSocket', 'port']));
  const exec = objectAt(h, 'exec');
  if (exec && (!Array.isArray(exec.command) || exec.command.length === 0)) {
    out.push(required([...path, 'exec', 'command'], ''));
  }
  return out;
}

function validateProbe(probe: JsonObject, path: FieldPath, mustSucceedOnce: boolean): Cause[] {
  const out = validateHandler(probe, path, 'probe');
  for (const key of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ]) {
    out.push(...nonNegative(probe, key, path));
  }
  const success = probe.successThreshold;
  if (mustSucceedOnce && typeof success === 'number' && success !== 1) {
    out.push(invalid([...path, 'successThreshold'], success, 'must be 1'));
  }
  return out;
}

function validatePorts(ports: JsonObject[], path: FieldPath): Cause[] {
  const out: Cause[] = [];
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const p = [...path, i];
    const name = stringAt(port, 'name') ?? '';
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length > 0) out.push(...invalidEach([...p, 'name'], name, msgs));
      else if (names.has(name)) out.push(duplicate([...p, 'name'], name));
      else names.add(name);
    }
    const cp = port.containerPort;
    if (cp === undefined || cp === 0) out.push(required([...p, 'containerPort'], ''));
    else if (typeof cp === 'number')
      out.push(...invalidEach([...p, 'containerPort'], cp, isValidPortNum(cp)));
    const hp = port.hostPort;
    if (typeof hp === 'number' && hp !== 0)
      out.push(...invalidEach([...p, 'hostPort'], hp, isValidPortNum(hp)));
    const proto = stringAt(port, 'protocol') ?? '';
    if (!proto) out.push(required([...p, 'protocol'], ''));
    else if (!PROTOCOLS.includes(proto)) out.push(notSupported([...p, 'protocol'], proto, PROTOCOLS));
  });
  return out;
}

function validateResources(resources: JsonObject | undefined, path: FieldPath): Cause[] {
  if (!resources) return [];
  const out: Cause[] = [];
  const limits = objectAt(resources, 'limits') ?? {};
  const requests = objectAt(resources, 'requests') ?? {};
  for (const [kind, list] of [
    ['limits', limits],
    ['requests', requests],
  ] as const) {
    for (const [name, q] of Object.entries(list)) {
      const v = parseQuantity(q);
      if (v !== undefined && compareQuantity(v, ZERO) < 0) {
        const at = [...path, kind, name];
        out.push(invalid([...path, `${kind}[${name}]`], String(q), 'must be greater than or equal to 0', at));
      }
    }
  }
  for (const [name, q] of Object.entries(requests)) {
    const req = parseQuantity(q);
    const lim = parseQuantity(limits[name]);
    if (req !== undefined && lim !== undefined && compareQuantity(req, lim) > 0) {
      out.push(
        invalid(
          [...path, 'requests'],
          String(q),
          `must be less than or equal to ${name} limit of ${String(limits[name])}`,
          [...path, 'requests', name],
        ),
      );
    }
  }
  return out;
}

function validateContainer(
  c: JsonObject,
  path: FieldPath,
  volumes: ReadonlySet<string>,
  regular: boolean,
): Cause[] {
  const out: Cause[] = [];
  const image = stringAt(c, 'image') ?? '';
  if (!image) out.push(required([...path, 'image'], ''));
  out.push(...validatePorts(objectsAt(c, 'ports'), [...path, 'ports']));
  objectsAt(c, 'env').forEach((env, i) => {
    if (!stringAt(env, 'name')) out.push(required([...path, 'env', i, 'name'], ''));
  });
  objectsAt(c, 'volumeMounts').forEach((m, i) => {
    const p = [...path, 'volumeMounts', i];
    const name = stringAt(m, 'name') ?? '';
    if (!name) out.push(required([...p, 'name'], ''));
    else if (!volumes.has(name)) out.push(notFound([...p, 'name'], name));
    if (!stringAt(m, 'mountPath')) out.push(required([...p, 'mountPath'], ''));
  });
  const probes: [string, boolean][] = [
    ['livenessProbe', true],
    ['readinessProbe', false],
    ['startupProbe', true],
  ];
  for (const [key, once] of probes) {
    const probe = objectAt(c, key);
    if (!probe) continue;
    if (!regular)
      out.push(forbidden([...path, key], 'may not be set for init containers without restartPolicy=Always'));
    else out.push(...validateProbe(probe, [...path, key], once));
  }
  const lifecycle = objectAt(c, 'lifecycle');
  for (const key of ['postStart', 'preStop']) {
    const h = objectAt(lifecycle, key);
    if (h) out.push(...validateHandler(h, [...path, 'lifecycle', key], 'lifecycle'));
  }
  const pull = stringAt(c, 'imagePullPolicy') ?? '';
  if (!PULL_POLICIES.includes(pull))
    out.push(notSupported([...path, 'imagePullPolicy'], pull, PULL_POLICIES));
  const tmp = stringAt(c, 'terminationMessagePolicy') ?? '';
  if (!MESSAGE_POLICIES.includes(tmp))
    out.push(notSupported([...path, 'terminationMessagePolicy'], tmp, MESSAGE_POLICIES));
  out.push(...validateResources(objectAt(c, 'resources'), [...path, 'resources']));
  return out;
}

function validateVolumes(volumes: JsonObject[], path: FieldPath): { causes: Cause[]; names: Set<string> } {
  const causes: Cause[] = [];
  const names = new Set<string>();
  volumes.forEach((v, i) => {
    const p = [...path, i];
    const name = stringAt(v, 'name') ?? '';
    if (!name) causes.push(required([...p, 'name'], ''));
    else {
      causes.push(...invalidEach([...p, 'name'], name, isDNS1123Label(name)));
      if (names.has(name)) causes.push(duplicate([...p, 'name'], name));
      names.add(name);
    }
    const sources = Object.keys(v).filter((k) => k !== 'name' && v[k] !== null && v[k] !== undefined);
    if (sources.length === 0) causes.push(required(p, 'must specify a volume type'));
    else if (sources.length > 1) causes.push(forbidden(p, 'may not specify more than 1 volume type'));
  });
  return { causes, names };
}

/** ValidatePodSpec on a defaulted spec; `path` is where the spec sits (`spec` or `spec.template.spec`). */
export function validatePodSpec(spec: unknown, path: FieldPath): Cause[] {
  if (!isObject(spec)) return [required([...path, 'containers'], '')];
  const { causes: out, names: volumes } = validateVolumes(objectsAt(spec, 'volumes'), [...path, 'volumes']);
  const containers = objectsAt(spec, 'containers');
  if (containers.length === 0) out.push(required([...path, 'containers'], ''));
  const seen = new Set<string>();
  const check = (list: JsonObject[], key: string, regular: boolean): void => {
    list.forEach((c, i) => {
      const p = [...path, key, i];
      const name = stringAt(c, 'name') ?? '';
      if (!name) out.push(required([...p, 'name'], ''));
      else if (isDNS1123Label(name).length > 0)
        out.push(...invalidEach([...p, 'name'], name, isDNS1123Label(name)));
      else if (seen.has(name)) out.push(duplicate([...p, 'name'], name));
      seen.add(name);
      const initRestart = !regular && stringAt(c, 'restartPolicy') === 'Always';
      out.push(...validateContainer(c, p, volumes, regular || initRestart));
    });
  };
  check(objectsAt(spec, 'initContainers'), 'initContainers', false);
  check(containers, 'containers', true);
  const restart = stringAt(spec, 'restartPolicy') ?? '';
  if (!RESTART_POLICIES.includes(restart))
    out.push(notSupported([...path, 'restartPolicy'], restart, RESTART_POLICIES));
  const dns = stringAt(spec, 'dnsPolicy') ?? '';
  if (!DNS_POLICIES.includes(dns)) out.push(notSupported([...path, 'dnsPolicy'], dns, DNS_POLICIES));
  out.push(...validateLabels(spec.nodeSelector, [...path, 'nodeSelector']));
  const sa = stringAt(spec, 'serviceAccountName');
  if (sa) out.push(...invalidEach([...path, 'serviceAccountName'], sa, isDNS1123Subdomain(sa)));
  out.push(...nonNegative(spec, 'terminationGracePeriodSeconds', path));
  return out;
}
