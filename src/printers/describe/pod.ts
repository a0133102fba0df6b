// `kubectl describe pod` (describe.go describePod) and the pod QoS class it shows.
import type { IPod } from 'kubernetes-models/v1/Pod';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { KubeObject } from '../../resources/types.ts';
import { timestampSince } from '../human-duration.ts';
import { compareQuantity, addQuantity, resourceList, type Quantity } from '../quantity.ts';
import { describeContainers, podEnvResolver } from './containers.ts';
import {
  controllerOf,
  describeEvents,
  formatRFC1123Z,
  printAnnotationsMultiline,
  printLabelsMultiline,
} from './format.ts';
import { describeTopologySpread, describeVolumes, printTolerations } from './pod-spec.ts';
import { LEVEL_0, LEVEL_1, tabbed } from './prefix-writer.ts';

/** ComputePodQOS: BestEffort, Guaranteed or Burstable from cpu/memory requests and limits. */
export function podQOS(containers: readonly IContainer[]): string {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  const zero: Quantity = { value: 0n, scale: 0, format: 'DecimalSI' };
  let guaranteed = true;
  const add = (m: Map<string, Quantity>, k: string, q: Quantity): void => {
    const cur = m.get(k);
    m.set(k, cur ? addQuantity(q, cur) : q);
  };
  for (const c of containers) {
    for (const [name, q] of resourceList(c.resources?.requests)) {
      if ((name === 'cpu' || name === 'memory') && compareQuantity(q, zero) > 0) add(requests, name, q);
    }
    const found = new Set<string>();
    for (const [name, q] of resourceList(c.resources?.limits)) {
      if ((name === 'cpu' || name === 'memory') && compareQuantity(q, zero) > 0) {
        found.add(name);
        add(limits, name, q);
      }
    }
    if (!found.has('cpu') || !found.has('memory')) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || compareQuantity(lim, req) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

export function describePod(obj: Readonly<KubeObject>, events: readonly unknown[], now: Date): string {
  const pod = obj as unknown as IPod;
  const md = obj.metadata;
  const spec = pod.spec ?? { containers: [] };
  const status = pod.status ?? {};
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${md.namespace ?? ''}\n`);
    if (spec.priority != null) w.write(LEVEL_0, `Priority:\t${spec.priority}\n`);
    if (spec.priorityClassName) w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`);
    if (spec.runtimeClassName) w.write(LEVEL_0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
    if (spec.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
    if (!spec.nodeName) w.write(LEVEL_0, 'Node:\t<none>\n');
    else w.write(LEVEL_0, `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n`);
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${formatRFC1123Z(status.startTime)}\n`);
    printLabelsMultiline(w, 'Labels', md.labels);
    printAnnotationsMultiline(w, 'Annotations', md.annotations);
    const phase = status.phase ?? '';
    if (md.deletionTimestamp && phase !== 'Failed' && phase !== 'Succeeded') {
      w.write(LEVEL_0, `Status:\tTerminating (lasts ${timestampSince(md.deletionTimestamp, now)})\n`);
      const grace = (obj.metadata as { deletionGracePeriodSeconds?: number }).deletionGracePeriodSeconds ?? 0;
      w.write(LEVEL_0, `Termination Grace Period:\t${grace}s\n`);
    } else {
      w.write(LEVEL_0, `Status:\t${phase}\n`);
    }
    if (status.reason) w.write(LEVEL_0, `Reason:\t${status.reason}\n`);
    if (status.message) w.write(LEVEL_0, `Message:\t${status.message}\n`);
    const seccomp = spec.securityContext?.seccompProfile;
    if (seccomp) {
      w.write(LEVEL_0, `SeccompProfile:\t${seccomp.type}\n`);
      if (seccomp.type === 'Localhost')
        w.write(LEVEL_0, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
    }
    w.write(LEVEL_0, `IP:\t${status.podIP ?? ''}\n`);
    const ips = status.podIPs ?? [];
    if (ips.length === 0) w.write(LEVEL_0, 'IPs:\t<none>\n');
    else {
      w.write(LEVEL_0, 'IPs:\n');
      for (const ip of ips) w.write(LEVEL_1, `IP:\t${ip.ip}\n`);
    }
    const controlledBy = controllerOf(obj);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    if (status.nominatedNodeName) w.write(LEVEL_0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
    const resolve = podEnvResolver(pod);
    if ((spec.initContainers ?? []).length > 0) {
      describeContainers(
        'Init Containers',
        spec.initContainers ?? [],
        status.initContainerStatuses,
        resolve,
        w,
        '',
      );
    }
    describeContainers('Containers', spec.containers ?? [], status.containerStatuses, resolve, w, '');
    const gates = spec.readinessGates ?? [];
    if (gates.length > 0) {
      w.write(LEVEL_0, 'Readiness Gates:\n  Type\tStatus\n');
      for (const g of gates) {
        const c = (status.conditions ?? []).find((x) => x.type === g.conditionType);
        w.write(LEVEL_1, `${g.conditionType} \t${c ? c.status : '<none>'} \n`);
      }
    }
    const conditions = status.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
      for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status} \n`);
    }
    describeVolumes(spec.volumes, w, '');
    const qos = status.qosClass || podQOS([...(spec.containers ?? []), ...(spec.initContainers ?? [])]);
    w.write(LEVEL_0, `QoS Class:\t${qos}\n`);
    printLabelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
    printTolerations(w, 'Tolerations', spec.tolerations);
    describeTopologySpread(spec.topologySpreadConstraints, w, '');
    describeEvents(events, w, now);
  });
}
