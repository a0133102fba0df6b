// Proportional scaling of a Deployment (the real controller's sync.go `scale`): when
// spec.replicas changes mid-rollout, every active ReplicaSet grows or shrinks by its share,
// guided by the max-replicas annotation, leftovers to the largest.
import { byCreation, isRollingUpdate, maxSurge, replicasOf, rsReplicas, sumSpec } from './deployment-util.ts';
import {
  activeRSs,
  getNewReplicaSet,
  oldReplicaSets,
  scaleRS,
  scaleRSAndRecord,
  type RS,
  type SyncContext,
} from './deployment-sync.ts';
import type { Deployment } from './objects.ts';

/** isScalingEvent: an active ReplicaSet was sized for another spec.replicas. */
export function isScalingEvent(ctx: SyncContext, rsList: readonly RS[]): boolean {
  const newRS = getNewReplicaSet(ctx, rsList, false);
  const all = [...oldReplicaSets(newRS, rsList), ...(newRS ? [newRS] : [])];
  return activeRSs(all).some((rs) => {
    const desired = rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas'];
    return desired !== undefined && Number(desired) !== replicasOf(ctx.d);
  });
}

/** scale: proportional scaling of every active ReplicaSet to a new spec.replicas. */
export function scale(ctx: SyncContext, newRS: RS | undefined, oldRSs: readonly RS[]): void {
  const { d } = ctx;
  const active = activeRSs([newRS, ...oldRSs]);
  const single =
    active.length === 1
      ? active[0]
      : active.length === 0
        ? (newRS ?? [...oldRSs].sort(byCreation).at(-1))
        : undefined;
  if (single) {
    scaleRSAndRecord(ctx, single, replicasOf(d));
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const rs of activeRSs(oldRSs)) scaleRSAndRecord(ctx, rs, 0);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
  const toAdd = allowed - sumSpec(active);
  const sorted = [...active].sort((a, b) => {
    if (rsReplicas(a) !== rsReplicas(b)) return rsReplicas(b) - rsReplicas(a);
    return toAdd > 0 ? -byCreation(a, b) : byCreation(a, b);
  });
  let added = 0;
  const sizes = new Map<RS, number>();
  for (const rs of sorted) {
    let proportion = 0;
    if (toAdd !== 0 && rsReplicas(rs) !== 0 && toAdd !== added) {
      const fraction = replicaSetFraction(d, rs);
      const allowedLeft = toAdd - added;
      proportion = toAdd > 0 ? Math.min(fraction, allowedLeft) : Math.max(fraction, allowedLeft);
    }
    sizes.set(rs, rsReplicas(rs) + proportion);
    added += proportion;
  }
  sorted.forEach((rs, i) => {
    let size = sizes.get(rs) ?? 0;
    if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
    scaleRS(ctx, rs, size);
  });
}

/** IsSaturated: the new ReplicaSet is sized, annotated and available for spec.replicas. */
function isSaturated(d: Readonly<Deployment>, rs: RS | undefined): boolean {
  if (!rs) return false;
  const desired = Number(rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas'] ?? NaN);
  const want = replicasOf(d);
  return rsReplicas(rs) === want && desired === want && (rs.status?.availableReplicas ?? 0) === want;
}

function replicaSetFraction(d: Readonly<Deployment>, rs: RS): number {
  if (replicasOf(d) === 0) return -rsReplicas(rs);
  const deploymentReplicas = replicasOf(d) + maxSurge(d);
  const annotated = Number(rs.metadata.annotations?.['deployment.kubernetes.io/max-replicas'] ?? NaN);
  const base = Number.isNaN(annotated) ? (d.status?.replicas ?? 0) : annotated;
  if (base === 0) return 0;
  return Math.round((rsReplicas(rs) * deploymentReplicas) / base) - rsReplicas(rs);
}
