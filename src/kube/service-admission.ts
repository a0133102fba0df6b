// The API server's Service allocation, as an admission plugin: spec.clusterIP(s) from the
// address plan's service range, nodePorts from 30000-32767 (random, upper band first, like
// the bitmap allocators), healthCheckNodePort for LoadBalancer + Local. On update it keeps
// what was allocated (patchAllocatedValues), drops what a new type no longer needs
// (dropTypeDependentFields) and refuses a changed clusterIP, with the API server's wording.
import type { AdmissionPlugin } from '../registry/admission.ts';
import { internalError, type StatusCause } from '../registry/status-error.ts';
import type { AddressPlan } from '../net/addresses.ts';
import { pickFree, rangeOffset } from './allocator.ts';
import type { Service } from './objects.ts';
import { clusterIPIndex, nodePortsOf, otherServices } from './service-ports.ts';

export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;

type Spec = NonNullable<Service['spec']>;

const typeOf = (s: Readonly<Spec>): string => s.type ?? 'ClusterIP';
const needsClusterIP = (s: Readonly<Spec>): boolean => typeOf(s) !== 'ExternalName';
const needsNodePort = (s: Readonly<Spec>): boolean =>
  typeOf(s) === 'NodePort' || typeOf(s) === 'LoadBalancer';
const shouldAllocateNodePorts = (s: Readonly<Spec>): boolean =>
  typeOf(s) === 'NodePort' || (typeOf(s) === 'LoadBalancer' && s.allocateLoadBalancerNodePorts !== false);
const needsHCNodePort = (s: Readonly<Spec>): boolean =>
  typeOf(s) === 'LoadBalancer' && s.externalTrafficPolicy === 'Local';

const invalid = (field: string, value: string, detail: string): StatusCause => ({
  reason: 'FieldValueInvalid',
  field,
  message: `Invalid value: ${value}: ${detail}`,
});
const goStrings = (xs: readonly string[] | undefined): string =>
  `[]string{${(xs ?? []).map((x) => JSON.stringify(x)).join(', ')}}`;

export function serviceAdmission(plan: AddressPlan, random: () => number = Math.random): AdmissionPlugin {
  return (req) => {
    if (req.operation === 'DELETE') return [];
    const svc = req.object as Service;
    const spec = (svc.spec ??= {});
    const old = req.operation === 'UPDATE' ? (req.old as Readonly<Service> | undefined)?.spec : undefined;
    const ns = svc.metadata.namespace ?? '';
    const name = svc.metadata.name ?? '';
    const others = otherServices(req.store, ns, name);
    const causes: StatusCause[] = [];

    normalizeClusterIPs(spec, old);
    if (old) {
      patchAllocatedValues(spec, old);
      dropTypeDependentFields(spec, old);
      causes.push(...clusterIPChanges(spec, old));
    }
    if (!needsNodePort(spec)) {
      (spec.ports ?? []).forEach((p, i) => {
        if (p.nodePort)
          causes.push({
            reason: 'FieldValueForbidden',
            field: `spec.ports[${i}].nodePort`,
            message: `Forbidden: may not be used when \`type\` is '${typeOf(spec)}'`,
          });
      });
    }
    if (causes.length > 0) return causes;

    if (needsClusterIP(spec) && (!old || !needsClusterIP(old) || (spec.clusterIPs ?? []).length === 0)) {
      causes.push(...allocateClusterIP(plan, spec, others, ns, name, random));
    }
    if (needsClusterIP(spec)) {
      spec.ipFamilies ??= ['IPv4'];
      spec.ipFamilyPolicy ??= 'SingleStack';
    }
    causes.push(...allocateNodePorts(spec, old, others, random));
    return causes;
  };
}

/** normalizeClusterIPs: keep clusterIP and clusterIPs[0] in step for old clients. */
function normalizeClusterIPs(spec: Spec, old: Readonly<Spec> | undefined): void {
  const ips = spec.clusterIPs ?? [];
  if (!old) {
    if (spec.clusterIP && ips.length === 0) spec.clusterIPs = [spec.clusterIP];
    return;
  }
  const oldIPs = old.clusterIPs ?? [];
  const same = oldIPs.length === ips.length && oldIPs.every((ip, i) => ips[i] === ip);
  if (oldIPs.length > 0 && ips.length === 0 && old.clusterIP === spec.clusterIP)
    spec.clusterIPs = [...oldIPs];
  if ((old.clusterIP ?? '') !== (spec.clusterIP ?? '')) {
    if (old.clusterIP && !spec.clusterIP && same) delete spec.clusterIPs;
    if (spec.clusterIP && same) spec.clusterIPs = [spec.clusterIP];
  }
}

/** patchAllocatedValues: an update that leaves allocated fields out keeps them. */
function patchAllocatedValues(spec: Spec, old: Readonly<Spec>): void {
  if (needsClusterIP(old) && needsClusterIP(spec)) {
    if (!spec.clusterIP && old.clusterIP) spec.clusterIP = old.clusterIP;
    if ((spec.clusterIPs ?? []).length === 0 && (old.clusterIPs ?? []).length > 0)
      spec.clusterIPs = [...(old.clusterIPs ?? [])];
  }
  if (needsNodePort(old) && needsNodePort(spec)) {
    const newUsed = new Set(nodePortsOf(spec));
    const used = new Set(nodePortsOf(old).filter((p) => newUsed.has(p)));
    const byName = new Map((old.ports ?? []).map((p) => [p.name ?? '', p.nodePort ?? 0]));
    for (const p of spec.ports ?? []) {
      const was = byName.get(p.name ?? '') ?? 0;
      if (!p.nodePort && was && !used.has(was)) p.nodePort = was;
    }
  }
  if (needsHCNodePort(old) && needsHCNodePort(spec) && !spec.healthCheckNodePort && old.healthCheckNodePort)
    spec.healthCheckNodePort = old.healthCheckNodePort;
}

/** dropTypeDependentFields: wipe what the new type no longer needs, unless the user changed it. */
function dropTypeDependentFields(spec: Spec, old: Readonly<Spec>): void {
  if (needsClusterIP(old) && !needsClusterIP(spec)) {
    const a = old.clusterIPs ?? [];
    const b = spec.clusterIPs ?? [];
    if (a.length === b.length && a.every((ip, i) => b[i] === ip)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (JSON.stringify(old.ipFamilies ?? []) === JSON.stringify(spec.ipFamilies ?? []))
      delete spec.ipFamilies;
    if (old.ipFamilyPolicy === spec.ipFamilyPolicy) delete spec.ipFamilyPolicy;
  }
  if (needsNodePort(old) && !needsNodePort(spec)) {
    const oldPorts = new Set(nodePortsOf(old));
    if (nodePortsOf(spec).every((p) => oldPorts.has(p))) for (const p of spec.ports ?? []) delete p.nodePort;
  }
  if (needsHCNodePort(old) && !needsHCNodePort(spec) && spec.healthCheckNodePort === old.healthCheckNodePort)
    delete spec.healthCheckNodePort;
  if (typeOf(old) === 'LoadBalancer' && typeOf(spec) !== 'LoadBalancer') {
    if (spec.allocateLoadBalancerNodePorts === old.allocateLoadBalancerNodePorts)
      delete spec.allocateLoadBalancerNodePorts;
    if (spec.loadBalancerClass === old.loadBalancerClass) delete spec.loadBalancerClass;
  }
  if (needsNodePort(old) && !needsNodePort(spec) && spec.externalTrafficPolicy === old.externalTrafficPolicy)
    delete spec.externalTrafficPolicy;
}

/** validateUpgradeDowngradeClusterIPs: the primary clusterIP may not change once set. */
function clusterIPChanges(spec: Readonly<Spec>, old: Readonly<Spec>): StatusCause[] {
  if (!needsClusterIP(spec) || !needsClusterIP(old)) return [];
  if (old.clusterIP === 'None' && spec.clusterIP === 'None') return [];
  const before = old.clusterIPs ?? [];
  const after = spec.clusterIPs ?? [];
  if (before.length > 0 && after.length === 0)
    return [invalid('spec.clusterIPs[0]', goStrings(after), 'primary clusterIP can not be unset')];
  if (before.length > 0 && after[0] !== before[0])
    return [invalid('spec.clusterIPs[0]', goStrings(after), 'may not change once set')];
  return [];
}

function allocateClusterIP(
  plan: AddressPlan,
  spec: Spec,
  others: readonly Readonly<Service>[],
  ns: string,
  name: string,
  random: () => number,
): StatusCause[] {
  const isKubernetes = ns === 'default' && name === 'kubernetes';
  const taken = new Set<number>();
  for (const s of others) {
    const n = clusterIPIndex(plan, s.spec?.clusterIPs?.[0] ?? s.spec?.clusterIP);
    if (n !== undefined) taken.add(n);
  }
  if (!isKubernetes) taken.add(0);
  const requested = spec.clusterIPs?.[0] ?? spec.clusterIP;
  if (requested === 'None') {
    spec.clusterIP = 'None';
    spec.clusterIPs = ['None'];
    return [];
  }
  if (requested) {
    const fail = (detail: string): StatusCause[] => [
      invalid('spec.clusterIPs', goStrings(spec.clusterIPs), `failed to allocate IP ${requested}: ${detail}`),
    ];
    const n = clusterIPIndex(plan, requested);
    if (n === undefined && !(requested === '127.0.0.1' && !plan.multiAddress))
      return fail(
        `the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${plan.serviceCIDR}`,
      );
    if (n !== undefined && plan.multiAddress && taken.has(n)) return fail('provided IP is already allocated');
    spec.clusterIP = requested;
    spec.clusterIPs = [requested];
    return [];
  }
  const count = plan.clusterIPCount;
  const n = isKubernetes
    ? 0
    : pickFree(
        0,
        count - 1,
        rangeOffset(count, 16, 16, 256),
        (v) => plan.multiAddress && taken.has(v),
        random,
      );
  if (n === undefined) throw internalError('failed to allocate a serviceIP: range is full');
  spec.clusterIP = plan.clusterIP(n);
  spec.clusterIPs = [spec.clusterIP];
  return [];
}

function allocateNodePorts(
  spec: Spec,
  old: Readonly<Spec> | undefined,
  others: readonly Readonly<Service>[],
  random: () => number,
): StatusCause[] {
  const taken = new Set<number>();
  for (const s of others) {
    for (const p of nodePortsOf(s.spec)) taken.add(p);
    if (s.spec?.healthCheckNodePort) taken.add(s.spec.healthCheckNodePort);
  }
  const own = new Set(old && needsNodePort(old) ? nodePortsOf(old) : []);
  if (old?.healthCheckNodePort) own.add(old.healthCheckNodePort);
  const mine = new Set<number>();
  const byServicePort = new Map<number, number>();
  const causes: StatusCause[] = [];
  const offset = rangeOffset(NODE_PORT_MAX - NODE_PORT_MIN + 1, 16, 32, 128);
  const next = (): number => {
    const v = pickFree(NODE_PORT_MIN, NODE_PORT_MAX, offset, (p) => taken.has(p) || mine.has(p), random);
    if (v === undefined) throw internalError('failed to allocate a nodePort: range is full');
    mine.add(v);
    return v;
  };
  const claim = (field: string, port: number): boolean => {
    if (own.has(port) && !mine.has(port)) {
      mine.add(port);
      return true;
    }
    let detail: string | undefined;
    if (port < NODE_PORT_MIN || port > NODE_PORT_MAX)
      detail = `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`;
    else if (taken.has(port) || mine.has(port)) detail = 'provided port is already allocated';
    if (detail) {
      causes.push(invalid(field, String(port), detail));
      return false;
    }
    mine.add(port);
    return true;
  };
  if (needsNodePort(spec)) {
    (spec.ports ?? []).forEach((p, i) => {
      if (!p.nodePort && !shouldAllocateNodePorts(spec)) return;
      const shared = byServicePort.get(p.port);
      if (p.nodePort && p.nodePort === shared) return;
      if (!p.nodePort && shared) {
        p.nodePort = shared;
        return;
      }
      if (p.nodePort) {
        if (claim(`spec.ports[${i}].nodePort`, p.nodePort)) byServicePort.set(p.port, p.nodePort);
        return;
      }
      p.nodePort = next();
      byServicePort.set(p.port, p.nodePort);
    });
  }
  if (needsHCNodePort(spec)) {
    if (spec.healthCheckNodePort) claim('spec.healthCheckNodePort', spec.healthCheckNodePort);
    else spec.healthCheckNodePort = next();
  }
  return causes;
}
