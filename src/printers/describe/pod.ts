// `kubectl describe pod` (describe.go describePod).
import type { IPod } from 'kubernetes-models/v1/Pod';
import type { KubeObject } from '../../resources/types.ts';
import { timestampSince } from '../human-duration.ts';
import { qosClass } from '../../resources/qos.ts';
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
    const qos = status.qosClass || qosClass([...(spec.containers ?? []), ...(spec.initContainers ?? [])]);
    w.write(LEVEL_0, `QoS Class:\t${qos}\n`);
    printLabelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
    printTolerations(w, 'Tolerations', spec.tolerations);
    describeTopologySpread(spec.topologySpreadConstraints, w, '');
    describeEvents(events, w, now);
  });
}
