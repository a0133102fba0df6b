// The default scheduler, reduced to what a handful of identical nodes need: a pod without
// spec.nodeName goes to the feasible node with the fewest pods (ties by name), where
// feasible means Ready, schedulable, taints tolerated, nodeSelector / required node
// affinity matched and below its pod capacity. Binding sets spec.nodeName and the
// PodScheduled condition and records `Scheduled`; an unschedulable pod gets PodScheduled
// False and `FailedScheduling` with the scheduler's wording.
import type { Component } from '../runtime/component.ts';
import type { Store } from '../store/types.ts';
import { ControllerLoop } from './controller-loop.ts';
import { eventRecorder, type EventRecorder } from './events.ts';
import { NODES, PODS, objectKey, splitKey } from './keys.ts';
import { copy, type Node, type Pod } from './objects.ts';
import { rfc3339 } from '../resources/time.ts';
import { isPodActive, podCondition } from './pod-util.ts';

export const SCHEDULER_NAME = 'default-scheduler';

type Taint = NonNullable<NonNullable<Node['spec']>['taints']>[number];
type Toleration = NonNullable<NonNullable<Pod['spec']>['tolerations']>[number];
type Requirement = { key: string; operator: string; values?: string[] };

function tolerates(ts: readonly Toleration[], taint: Taint): boolean {
  return ts.some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.key && t.key !== taint.key) return false;
    if (t.operator === 'Exists') return true;
    return (t.value ?? '') === (taint.value ?? '');
  });
}

function requirementHolds(r: Requirement, labels: Record<string, string>): boolean {
  const v = labels[r.key];
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return v !== undefined && values.includes(v);
    case 'NotIn':
      return v === undefined || !values.includes(v);
    case 'Exists':
      return v !== undefined;
    case 'DoesNotExist':
      return v === undefined;
    case 'Gt':
      return v !== undefined && Number(v) > Number(values[0]);
    case 'Lt':
      return v !== undefined && Number(v) < Number(values[0]);
    default:
      return false;
  }
}

/** Why `node` cannot take `pod` (the scheduler's per-node reason), or undefined when it can. */
export function unfitReason(
  pod: Readonly<Pod>,
  node: Readonly<Node>,
  podsOnNode: number,
): string | undefined {
  const labels = node.metadata.labels ?? {};
  const tolerations = pod.spec?.tolerations ?? [];
  const taints: Taint[] = [...(node.spec?.taints ?? [])];
  const ready = (node.status?.conditions ?? []).find((c) => c.type === 'Ready');
  if (ready?.status !== 'True') taints.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' });
  if (node.spec?.unschedulable) {
    const t: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };
    if (!tolerates(tolerations, t)) return 'node(s) were unschedulable';
  }
  for (const t of taints) {
    if (t.effect !== 'NoSchedule' && t.effect !== 'NoExecute') continue;
    if (!tolerates(tolerations, t)) return `node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`;
  }
  const selector = pod.spec?.nodeSelector ?? {};
  const selectorOk = Object.entries(selector).every(([k, v]) => labels[k] === v);
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const affinityOk =
    !terms ||
    terms.some((term) => {
      const exprs = (term.matchExpressions ?? []) as Requirement[];
      const fields = (term.matchFields ?? []) as Requirement[];
      if (exprs.length === 0 && fields.length === 0) return false;
      return (
        exprs.every((r) => requirementHolds(r, labels)) &&
        fields.every((r) => requirementHolds(r, { 'metadata.name': node.metadata.name ?? '' }))
      );
    });
  if (!selectorOk || !affinityOk) return "node(s) didn't match Pod's node affinity/selector";
  const capacity = Number(node.status?.allocatable?.['pods'] ?? 110);
  if (podsOnNode >= capacity) return 'Too many pods';
  return undefined;
}

/** `0/2 nodes are available: 2 node(s) were unschedulable. preemption: ...` */
export function unschedulableMessage(total: number, reasons: readonly string[]): string {
  if (total === 0) return 'no nodes available to schedule pods';
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const parts = [...counts].map(([r, n]) => `${n} ${r}`).sort();
  return `0/${total} nodes are available: ${parts.join(', ')}. preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`;
}

export function scheduler(deps: { store: Store; now?: () => Date }): Component {
  const { store } = deps;
  const now = deps.now ?? (() => new Date());
  const recorder = eventRecorder(store, { component: SCHEDULER_NAME }, now);
  const pending = (): string[] =>
    (store.list(PODS) as Readonly<Pod>[])
      .filter((p) => !p.spec?.nodeName && isPodActive(p))
      .map((p) => objectKey(p.metadata.namespace, p.metadata.name));
  let bound = 0;
  return new ControllerLoop({
    name: SCHEDULER_NAME,
    store,
    watches: [
      {
        key: PODS,
        keysFor: (e) => {
          const p = e.object as Readonly<Pod>;
          if (e.type !== 'DELETED' && !p.spec?.nodeName)
            return [objectKey(p.metadata.namespace, p.metadata.name)];
          // A pod leaving a node may make room (capacity) for a waiting one.
          return e.type === 'DELETED' && p.spec?.nodeName ? pending() : [];
        },
      },
      { key: NODES, keysFor: () => pending() },
    ],
    resync: pending,
    reconcile: (key) => {
      if (schedule(store, recorder, key, now())) bound++;
      return undefined;
    },
    detail: () => `${bound} pods bound`,
  });
}

/** Binds one pod; true when it was bound. */
export function schedule(store: Store, recorder: EventRecorder, key: string, now: Date): boolean {
  const { namespace, name } = splitKey(key);
  const pod = store.get(PODS, namespace, name) as Readonly<Pod> | undefined;
  if (!pod || pod.spec?.nodeName || !isPodActive(pod)) return false;
  if ((pod.spec?.schedulerName ?? SCHEDULER_NAME) !== SCHEDULER_NAME) return false;
  const nodes = store.list(NODES) as Readonly<Node>[];
  const counts = new Map<string, number>();
  for (const p of store.list(PODS) as Readonly<Pod>[]) {
    const n = p.spec?.nodeName;
    if (n && isPodActive(p)) counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  const reasons: string[] = [];
  const feasible: Readonly<Node>[] = [];
  for (const node of nodes) {
    const why = unfitReason(pod, node, counts.get(node.metadata.name ?? '') ?? 0);
    if (why) reasons.push(why);
    else feasible.push(node);
  }
  const next = copy<Pod>(pod);
  const ts = rfc3339(now);
  const others = (next.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
  if (feasible.length === 0) {
    const message = unschedulableMessage(nodes.length, reasons);
    const prev = podCondition(pod, 'PodScheduled') as { status?: string; message?: string } | undefined;
    if (prev?.status === 'False' && prev.message === message) return false;
    next.status = {
      ...next.status,
      phase: next.status?.phase ?? 'Pending',
      conditions: [
        ...others,
        {
          type: 'PodScheduled',
          status: 'False',
          lastProbeTime: null as never,
          lastTransitionTime: ts,
          reason: 'Unschedulable',
          message,
        },
      ],
    };
    store.update(PODS, next, pod.metadata.resourceVersion);
    recorder.record(pod, 'Warning', 'FailedScheduling', message);
    return false;
  }
  const chosen = [...feasible].sort((a, b) => {
    const d = (counts.get(a.metadata.name ?? '') ?? 0) - (counts.get(b.metadata.name ?? '') ?? 0);
    return d !== 0 ? d : (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
  })[0]!;
  const nodeName = chosen.metadata.name ?? '';
  next.spec = { ...next.spec!, nodeName };
  next.status = {
    ...next.status,
    phase: next.status?.phase ?? 'Pending',
    conditions: [
      ...others,
      { type: 'PodScheduled', status: 'True', lastProbeTime: null as never, lastTransitionTime: ts },
    ],
  };
  const bound = store.update(PODS, next, pod.metadata.resourceVersion);
  recorder.record(bound, 'Normal', 'Scheduled', `Successfully assigned ${namespace}/${name} to ${nodeName}`);
  return true;
}
