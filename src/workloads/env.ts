// A container's environment as the kubelet builds it: Service variables (enableServiceLinks),
// envFrom, then env with `$(VAR)` expansion, valueFrom fieldRef / resourceFieldRef /
// configMapKeyRef / secretKeyRef. A missing non-optional reference is a
// CreateContainerConfigError, worded as the kubelet words it.
import { podMetadataField } from './pod-fields.ts';
import { objectData } from './object-data.ts';
import { availableParallelism, totalmem } from 'node:os';
import type { KubeObject } from '../resources/types.ts';
import type { Store } from '../store/types.ts';
import { parseQuantityNumber } from '../resources/quantity.ts';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

interface KeyRef {
  name?: string;
  key?: string;
  optional?: boolean;
}

export interface EnvVarSpec {
  name: string;
  value?: string;
  valueFrom?: {
    fieldRef?: { fieldPath?: string };
    resourceFieldRef?: { resource?: string; divisor?: string | number; containerName?: string };
    configMapKeyRef?: KeyRef;
    secretKeyRef?: KeyRef;
  };
}

export interface EnvFromSpec {
  prefix?: string;
  configMapRef?: { name?: string; optional?: boolean };
  secretRef?: { name?: string; optional?: boolean };
}

export interface EnvContainerSpec {
  name: string;
  env?: EnvVarSpec[];
  envFrom?: EnvFromSpec[];
  resources?: { limits?: Record<string, unknown>; requests?: Record<string, unknown> };
}

export interface EnvInputs {
  store: Store;
  pod: Readonly<KubeObject>;
  podIP: string;
  hostIP: string;
  nodeName: string;
}

/** `$(VAR)` -> value when defined earlier; `$$` -> `$`; anything else is kept. */
export function expandEnv(value: string, vars: ReadonlyMap<string, string>): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charAt(i);
    if (c !== '$' || i + 1 >= value.length) {
      out += c;
      continue;
    }
    const next = value[i + 1];
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '(') {
      const close = value.indexOf(')', i + 2);
      if (close < 0) {
        out += value.slice(i);
        break;
      }
      const name = value.slice(i + 2, close);
      const v = vars.get(name);
      out += v ?? `$(${name})`;
      i = close;
    } else {
      out += c;
    }
  }
  return out;
}

function dataOf(
  store: Store,
  kind: 'configmaps' | 'secrets',
  ns: string,
  name: string,
): Map<string, string> | undefined {
  const bytes = objectData(store, kind, ns, name);
  return bytes && new Map([...bytes].map(([k, v]) => [k, v.toString('utf8')]));
}

function fieldValue(path: string, inputs: EnvInputs): string {
  const meta = inputs.pod.metadata;
  const spec = (inputs.pod['spec'] ?? {}) as { serviceAccountName?: string };
  const own = podMetadataField(path, meta);
  if (own !== undefined) return own;
  switch (path) {
    case 'spec.nodeName':
      return inputs.nodeName;
    case 'spec.serviceAccountName':
      return spec.serviceAccountName ?? 'default';
    case 'status.hostIP':
    case 'status.hostIPs':
      return inputs.hostIP;
    case 'status.podIP':
    case 'status.podIPs':
      return inputs.podIP;
    default:
      throw new ConfigError(`unsupported fieldPath: ${path}`);
  }
}

function resourceValue(
  ref: NonNullable<EnvVarSpec['valueFrom']>['resourceFieldRef'],
  c: EnvContainerSpec,
): string {
  const resource = ref?.resource ?? '';
  const [kind, name] = resource.split('.', 2) as [string, string | undefined];
  const table = kind === 'limits' ? c.resources?.limits : c.resources?.requests;
  let v = parseQuantityNumber(table?.[name ?? '']);
  if (v === undefined && kind === 'limits') {
    if (name === 'cpu') v = availableParallelism();
    else if (name === 'memory') v = totalmem();
  }
  if (v === undefined) v = 0;
  const divisor = parseQuantityNumber(ref?.divisor ?? 1) || 1;
  return String(Math.ceil(v / divisor));
}

/** Docker-link style variables for every Service with a cluster IP in the pod's namespace. */
function serviceVars(inputs: EnvInputs, vars: Map<string, string>): void {
  const ns = inputs.pod.metadata.namespace ?? 'default';
  const spec = (inputs.pod['spec'] ?? {}) as { enableServiceLinks?: boolean };
  const key = { group: '', resource: 'services' };
  const services = (spec.enableServiceLinks === false ? [] : inputs.store.list(key, ns)).filter(
    (svc) => !(ns === 'default' && svc.metadata.name === 'kubernetes'),
  );
  const master = inputs.store.get(key, 'default', 'kubernetes');
  if (master) services.push(master); // always, as the kubelet does
  for (const svc of services) {
    const s = (svc['spec'] ?? {}) as {
      clusterIP?: string;
      ports?: { name?: string; port?: number; protocol?: string }[];
    };
    if (!s.clusterIP || s.clusterIP === 'None') continue;
    const prefix = (svc.metadata.name ?? '').toUpperCase().replaceAll('-', '_');
    const ports = s.ports ?? [];
    const first = ports[0];
    if (!first?.port) continue;
    vars.set(`${prefix}_SERVICE_HOST`, s.clusterIP);
    vars.set(`${prefix}_SERVICE_PORT`, String(first.port));
    for (const p of ports) {
      if (p.name)
        vars.set(`${prefix}_SERVICE_PORT_${p.name.toUpperCase().replaceAll('-', '_')}`, String(p.port));
    }
    const proto = (first.protocol ?? 'TCP').toLowerCase();
    vars.set(`${prefix}_PORT`, `${proto}://${s.clusterIP}:${first.port}`);
    for (const p of ports) {
      const pr = (p.protocol ?? 'TCP').toUpperCase();
      const base = `${prefix}_PORT_${p.port}_${pr}`;
      vars.set(base, `${pr.toLowerCase()}://${s.clusterIP}:${p.port}`);
      vars.set(`${base}_PROTO`, pr.toLowerCase());
      vars.set(`${base}_PORT`, String(p.port));
      vars.set(`${base}_ADDR`, s.clusterIP);
    }
  }
}

/** The container's variables, in the kubelet's precedence order. Throws ConfigError. */
export function containerEnv(c: EnvContainerSpec, inputs: EnvInputs): Map<string, string> {
  const ns = inputs.pod.metadata.namespace ?? 'default';
  const vars = new Map<string, string>();
  serviceVars(inputs, vars);
  for (const from of c.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    const kind = from.configMapRef ? 'configmaps' : 'secrets';
    if (!ref?.name) continue;
    const data = dataOf(inputs.store, kind, ns, ref.name);
    if (!data) {
      if (ref.optional) continue;
      throw new ConfigError(`${kind === 'configmaps' ? 'configmap' : 'secret'} "${ref.name}" not found`);
    }
    for (const [k, v] of data) vars.set(`${from.prefix ?? ''}${k}`, v);
  }
  for (const e of c.env ?? []) {
    const vf = e.valueFrom;
    if (!vf) {
      vars.set(e.name, expandEnv(e.value ?? '', vars));
      continue;
    }
    if (vf.fieldRef?.fieldPath) {
      vars.set(e.name, fieldValue(vf.fieldRef.fieldPath, inputs));
    } else if (vf.resourceFieldRef) {
      vars.set(e.name, resourceValue(vf.resourceFieldRef, c));
    } else {
      const ref = vf.configMapKeyRef ?? vf.secretKeyRef;
      const isCM = vf.configMapKeyRef !== undefined;
      if (!ref?.name) continue;
      const data = dataOf(inputs.store, isCM ? 'configmaps' : 'secrets', ns, ref.name);
      if (!data) {
        if (ref.optional) continue;
        throw new ConfigError(`${isCM ? 'configmap' : 'secret'} "${ref.name}" not found`);
      }
      const v = data.get(ref.key ?? '');
      if (v === undefined) {
        if (ref.optional) continue;
        throw new ConfigError(
          `couldn't find key ${ref.key ?? ''} in ${isCM ? 'ConfigMap' : 'Secret'} ${ns}/${ref.name}`,
        );
      }
      vars.set(e.name, v);
    }
  }
  return vars;
}

/** `$(VAR)` expansion of a container's command and args against its environment. */
export function expandArgs(args: readonly string[], vars: ReadonlyMap<string, string>): string[] {
  return args.map((a) => expandEnv(a, vars));
}
