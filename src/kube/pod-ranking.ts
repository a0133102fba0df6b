// Which pods a ReplicaSet deletes first when scaling down (controller.ActivePodsWithRanks):
// unassigned before assigned, Pending before Unknown before Running, not ready before
// ready, lower pod-deletion-cost first, pods doubled up on a node first, ready for less
// time first, more restarts first, newer first.
import { isPodReady, podCondition } from './pod-util.ts';
import type { Pod } from './objects.ts';

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function deletionCost(pod: Readonly<Pod>): number {
  const v = Number(pod.metadata.annotations?.['controller.kubernetes.io/pod-deletion-cost'] ?? 0);
  return Number.isFinite(v) ? v : 0;
}

function restarts(pod: Readonly<Pod>): number {
  return (pod.status?.containerStatuses ?? []).reduce((n, c) => Math.max(n, c.restartCount), 0);
}

function time(s: string | undefined): number {
  const t = s ? Date.parse(s) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

/** `pods` ordered deletion-first. `related` are the pods counted for "doubled up on a node". */
export function rankForDeletion(
  pods: readonly Readonly<Pod>[],
  related: readonly Readonly<Pod>[],
): Readonly<Pod>[] {
  const perNode = new Map<string, number>();
  for (const p of related) {
    const n = p.spec?.nodeName;
    if (n) perNode.set(n, (perNode.get(n) ?? 0) + 1);
  }
  const rank = (p: Readonly<Pod>): number => (p.spec?.nodeName ? (perNode.get(p.spec.nodeName) ?? 0) : 0);
  const compare = (a: Readonly<Pod>, b: Readonly<Pod>): number => {
    const assignedA = a.spec?.nodeName ? 1 : 0;
    const assignedB = b.spec?.nodeName ? 1 : 0;
    if (assignedA !== assignedB) return assignedA - assignedB;
    const phaseA = PHASE_RANK[a.status?.phase ?? 'Pending'] ?? 0;
    const phaseB = PHASE_RANK[b.status?.phase ?? 'Pending'] ?? 0;
    if (phaseA !== phaseB) return phaseA - phaseB;
    const readyA = isPodReady(a) ? 1 : 0;
    const readyB = isPodReady(b) ? 1 : 0;
    if (readyA !== readyB) return readyA - readyB;
    if (deletionCost(a) !== deletionCost(b)) return deletionCost(a) - deletionCost(b);
    if (rank(a) !== rank(b)) return rank(b) - rank(a);
    if (readyA && readyB) {
      const sinceA = time(podCondition(a, 'Ready')?.lastTransitionTime);
      const sinceB = time(podCondition(b, 'Ready')?.lastTransitionTime);
      if (sinceA !== sinceB) return sinceB - sinceA;
    }
    if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
    const createdA = time(a.metadata.creationTimestamp);
    const createdB = time(b.metadata.creationTimestamp);
    if (createdA !== createdB) return createdB - createdA;
    return (b.metadata.name ?? '') < (a.metadata.name ?? '') ? -1 : 1;
  };
  return [...pods].sort(compare);
}
