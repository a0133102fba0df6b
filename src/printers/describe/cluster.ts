// `kubectl describe namespace` and `kubectl describe node` (describe.go describeNamespace,
// describeNode and describeNodeResource).
import type { INode } from 'kubernetes-models/v1/Node';
import type { IPod } from 'kubernetes-models/v1/Pod';
import type { KubeObject } from '../../resources/types.ts';
import { nodeRoles } from '../core.ts';
import { compareStrings } from '../../resources/go-json.ts';
import { timestampSince } from '../human-duration.ts';
import {
  addResourceList,
  maxResourceList,
  quantityMilliValue,
  quantityString,
  quantityValue,
  resourceList,
  ZERO,
  type Quantity,
  type ResourceList,
} from '../../resources/quantity.ts';
import { describeEvents, formatRFC1123Z, printAnnotationsMultiline, printLabelsMultiline } from './format.ts';
import { LEVEL_0, LEVEL_1, type PrefixWriter, tabbed } from './prefix-writer.ts';

export function describeNamespace(
  obj: Readonly<KubeObject>,
  resourceQuotas: readonly unknown[] | undefined,
  limitRanges: readonly unknown[] | undefined,
): string {
  const status = (obj['status'] ?? {}) as {
    phase?: string;
    conditions?: {
      type: string;
      status: string;
      lastTransitionTime?: string;
      reason?: string;
      message?: string;
    }[];
  };
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', obj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
    w.write(LEVEL_0, `Status:\t${status.phase ?? ''}\n`);
    const conditions = status.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n');
      for (const c of conditions) {
        w.write(
          LEVEL_1,
          `${c.type}\t${c.status}\t${formatRFC1123Z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`,
        );
      }
    }
    // Only empty lists are rendered: gangway serves neither resource (kubectl omits the
    // sections when the list answers 404, as it does against gangway).
    if (resourceQuotas) {
      w.write(LEVEL_0, '\n');
      if (resourceQuotas.length === 0) w.write(LEVEL_0, 'No resource quota.\n');
    }
    if (limitRanges) {
      w.write(LEVEL_0, '\n');
      if (limitRanges.length === 0) w.write(LEVEL_0, 'No LimitRange resource.\n');
    }
  });
}

/** resourcehelper.PodRequestsAndLimits (restartable init containers count as containers). */
export function podRequestsAndLimits(pod: IPod): { reqs: ResourceList; limits: ResourceList } {
  const spec = pod.spec ?? { containers: [] };
  const sum = (key: 'requests' | 'limits'): ResourceList => {
    const total: ResourceList = new Map();
    for (const c of spec.containers ?? []) addResourceList(total, resourceList(c.resources?.[key]));
    const restartable: ResourceList = new Map();
    const initMax: ResourceList = new Map();
    for (const c of spec.initContainers ?? []) {
      const own = resourceList(c.resources?.[key]);
      let eff: ResourceList;
      if (c.restartPolicy === 'Always') {
        addResourceList(total, own);
        addResourceList(restartable, own);
        eff = new Map(restartable);
      } else {
        eff = new Map();
        addResourceList(eff, own);
        addResourceList(eff, restartable);
      }
      maxResourceList(initMax, eff);
    }
    maxResourceList(total, initMax);
    const overhead = resourceList((spec as { overhead?: unknown }).overhead);
    if (key === 'requests') addResourceList(total, overhead);
    else for (const [k, v] of overhead) if (total.has(k)) addResourceList(total, new Map([[k, v]]));
    return total;
  };
  return { reqs: sum('requests'), limits: sum('limits') };
}

/** int64(float64(a) / float64(b) * 100) as Go computes it on amd64 (NaN/Inf -> MinInt64). */
function percent(a: bigint, b: bigint): string {
  const f = (Number(a) / Number(b)) * 100;
  if (!Number.isFinite(f) || Math.abs(f) >= 2 ** 63) return '-9223372036854775808';
  return String(Math.trunc(f));
}

const q = (list: ResourceList, name: string): Quantity => list.get(name) ?? ZERO;

function describeNodeResource(pods: readonly IPod[], node: INode, w: PrefixWriter, now: Date): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  let allocatable = resourceList(node.status?.capacity);
  const alloc = resourceList(node.status?.allocatable);
  if (alloc.size > 0) allocatable = alloc;
  const cpuAlloc = quantityMilliValue(q(allocatable, 'cpu'));
  const memAlloc = quantityValue(q(allocatable, 'memory'));
  for (const pod of pods) {
    const { reqs, limits } = podRequestsAndLimits(pod);
    const cells = [
      [q(reqs, 'cpu'), true],
      [q(limits, 'cpu'), true],
      [q(reqs, 'memory'), false],
      [q(limits, 'memory'), false],
    ] as const;
    const text = cells
      .map(
        ([x, cpu]) =>
          `${quantityString(x)} (${percent(cpu ? quantityMilliValue(x) : quantityValue(x), cpu ? cpuAlloc : memAlloc)}%)`,
      )
      .join('\t');
    w.write(
      LEVEL_1,
      `${pod.metadata?.namespace ?? ''}\t${pod.metadata?.name ?? ''}\t\t${text}\t${timestampSince(
        pod.metadata?.creationTimestamp,
        now,
      )}\n`,
    );
  }
  w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  const reqs: ResourceList = new Map();
  const limits: ResourceList = new Map();
  for (const pod of pods) {
    const r = podRequestsAndLimits(pod);
    addResourceList(reqs, r.reqs);
    addResourceList(limits, r.limits);
  }
  const line = (name: string, value: (x: Quantity) => bigint, total: bigint): void => {
    const fr = total !== 0n ? percent(value(q(reqs, name)), total) : '0';
    const fl = total !== 0n ? percent(value(q(limits, name)), total) : '0';
    w.write(
      LEVEL_1,
      `${name}\t${quantityString(q(reqs, name))} (${fr}%)\t${quantityString(q(limits, name))} (${fl}%)\n`,
    );
  };
  line('cpu', quantityMilliValue, cpuAlloc);
  line('memory', quantityValue, memAlloc);
  line('ephemeral-storage', quantityValue, quantityValue(q(allocatable, 'ephemeral-storage')));
  const names = [...allocatable.keys()].sort(compareStrings);
  for (const name of names.filter((n) => n.startsWith('hugepages-'))) {
    line(name, quantityValue, quantityValue(q(allocatable, name)));
  }
  const standard = new Set(['cpu', 'memory', 'ephemeral-storage', 'pods']);
  for (const name of names.filter((n) => !n.startsWith('hugepages-') && !standard.has(n))) {
    w.write(LEVEL_1, `${name}\t${quantityString(q(reqs, name))}\t${quantityString(q(limits, name))}\n`);
  }
}

/** The node's Lease, or why kubectl could not get it (gangway serves no leases: a 404). */
export type LeaseResult = { lease: Readonly<KubeObject> } | { error: string };

export const NO_LEASE: LeaseResult = { error: 'the server could not find the requested resource' };

export function describeNode(
  obj: Readonly<KubeObject>,
  pods: readonly unknown[],
  lease: LeaseResult,
  events: readonly unknown[],
  now: Date,
): string {
  const node = obj as unknown as INode;
  const status = node.status ?? {};
  const info = status.nodeInfo;
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ''}\n`);
    const roles = nodeRoles(obj.metadata.labels);
    w.write(LEVEL_0, `Roles:\t${roles.length > 0 ? roles.join(',') : '<none>'}\n`);
    printLabelsMultiline(w, 'Labels', obj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${formatRFC1123Z(obj.metadata.creationTimestamp)}\n`);
    const taints = [...(node.spec?.taints ?? [])].sort((a, b) =>
      compareStrings(`${a.effect},${a.key}`, `${b.effect},${b.key}`),
    );
    w.write(LEVEL_0, 'Taints:\t');
    if (taints.length === 0) w.writeLine('<none>');
    else {
      taints.forEach((t, i) => {
        if (i !== 0) w.write(LEVEL_0, '\t');
        w.write(LEVEL_0, `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}\n`);
      });
    }
    w.write(LEVEL_0, `Unschedulable:\t${node.spec?.unschedulable === true}\n`);
    if ('error' in lease) {
      w.write(LEVEL_0, `Lease:\tFailed to get lease: ${lease.error}\n`);
    } else {
      const spec = (lease.lease['spec'] ?? {}) as {
        holderIdentity?: string;
        acquireTime?: string;
        renewTime?: string;
      };
      w.write(LEVEL_0, 'Lease:\n');
      w.write(LEVEL_1, `HolderIdentity:\t${spec.holderIdentity ?? '<unset>'}\n`);
      w.write(LEVEL_1, `AcquireTime:\t${spec.acquireTime ? formatRFC1123Z(spec.acquireTime) : '<unset>'}\n`);
      w.write(LEVEL_1, `RenewTime:\t${spec.renewTime ? formatRFC1123Z(spec.renewTime) : '<unset>'}\n`);
    }
    const conditions = status.conditions ?? [];
    if (conditions.length > 0) {
      w.write(
        LEVEL_0,
        'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n',
      );
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of conditions) {
        w.write(
          LEVEL_1,
          `${c.type} \t${c.status} \t${formatRFC1123Z(c.lastHeartbeatTime)} \t${formatRFC1123Z(
            c.lastTransitionTime,
          )} \t${c.reason ?? ''} \t${c.message ?? ''}\n`,
        );
      }
    }
    w.write(LEVEL_0, 'Addresses:\n');
    for (const a of status.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
    for (const [title, raw] of [
      ['Capacity', status.capacity],
      ['Allocatable', status.allocatable],
    ] as const) {
      const list = resourceList(raw);
      if (list.size === 0) continue;
      w.write(LEVEL_0, `${title}:\n`);
      for (const name of [...list.keys()].sort(compareStrings)) {
        w.write(LEVEL_0, `  ${name}:\t${quantityString(list.get(name)!)}\n`);
      }
    }
    w.write(LEVEL_0, 'System Info:\n');
    w.write(LEVEL_0, `  Machine ID:\t${info?.machineID ?? ''}\n`);
    w.write(LEVEL_0, `  System UUID:\t${info?.systemUUID ?? ''}\n`);
    w.write(LEVEL_0, `  Boot ID:\t${info?.bootID ?? ''}\n`);
    w.write(LEVEL_0, `  Kernel Version:\t${info?.kernelVersion ?? ''}\n`);
    w.write(LEVEL_0, `  OS Image:\t${info?.osImage ?? ''}\n`);
    w.write(LEVEL_0, `  Operating System:\t${info?.operatingSystem ?? ''}\n`);
    w.write(LEVEL_0, `  Architecture:\t${info?.architecture ?? ''}\n`);
    w.write(LEVEL_0, `  Container Runtime Version:\t${info?.containerRuntimeVersion ?? ''}\n`);
    w.write(LEVEL_0, `  Kubelet Version:\t${info?.kubeletVersion ?? ''}\n`);
    w.write(LEVEL_0, `  Kube-Proxy Version:\t${info?.kubeProxyVersion ?? ''}\n`);
    if (node.spec?.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${node.spec.podCIDR}\n`);
    if ((node.spec?.podCIDRs ?? []).length > 0)
      w.write(LEVEL_0, `PodCIDRs:\t${(node.spec?.podCIDRs ?? []).join(',')}\n`);
    if (node.spec?.providerID) w.write(LEVEL_0, `ProviderID:\t${node.spec.providerID}\n`);
    describeNodeResource(pods as IPod[], node, w, now);
    describeEvents(events, w, now);
  });
}
