// One sync of one Deployment, as the real deployment controller's sync.go does it: find or
// create the new ReplicaSet (named <deployment>-<pod-template-hash>), scale ReplicaSets
// with the ScalingReplicaSet events, proportional scaling, history cleanup and status.
// `ctx.d` is a working copy; the caller writes its annotations and status back at the end.
import type { Store } from '../store/types.ts';
import type { EventRecorder } from './events.ts';
import { REPLICASETS } from './keys.ts';
import { computeHash } from './names.ts';
import { copy, type Deployment, type ReplicaSet } from './objects.ts';
import { controllerRef, isTerminating, ownerRefTo } from './pod-util.ts';
import {
  HASH_LABEL,
  REVISION,
  byCreation,
  calculateStatus,
  equalIgnoreHash,
  findNewRS,
  getCondition,
  hasProgressDeadline,
  isComplete,
  isProgressing,
  isTimedOut,
  maxRevision,
  maxSurge,
  newCondition,
  newRSNewReplicas,
  removeCondition,
  replicasOf,
  revision,
  rsReplicas,
  setCondition,
  setNewRSAnnotations,
  setReplicasAnnotations,
  type DeploymentStatus,
} from './deployment-util.ts';

export type RS = Readonly<ReplicaSet>;

export interface SyncContext {
  store: Store;
  recorder: EventRecorder;
  now: Date;
  /** The deployment being synced: a writable copy whose annotations and status are written back. */
  d: Deployment;
  /** Set when the sync wants to run again after this many ms. */
  requeueAfter?: number;
}

const rsName = (rs: RS): string => rs.metadata.name ?? '';

/** Old ReplicaSets: every owned one but the new one. */
export function oldReplicaSets(newRS: RS | undefined, rsList: readonly RS[]): RS[] {
  return rsList.filter((rs) => rs.metadata.uid !== newRS?.metadata.uid);
}

export const activeRSs = (rss: readonly (RS | undefined)[]): RS[] =>
  rss.filter((rs): rs is RS => rs !== undefined && rsReplicas(rs) > 0);

/** getNewReplicaSet: the ReplicaSet for the current template, created when asked and missing. */
export function getNewReplicaSet(ctx: SyncContext, rsList: readonly RS[], create: boolean): RS | undefined {
  const { d, store } = ctx;
  const existing = findNewRS(d, rsList);
  const oldRSs = oldReplicaSets(existing, rsList);
  const newRevision = maxRevision(oldRSs) + 1;
  if (existing) {
    const next = copy<ReplicaSet>(existing);
    const annotated = setNewRSAnnotations(d, next, newRevision, true);
    const minReady = d.spec?.minReadySeconds ?? 0;
    if (annotated || (existing.spec?.minReadySeconds ?? 0) !== minReady) {
      next.spec = { ...next.spec!, minReadySeconds: minReady };
      if (minReady === 0) delete next.spec.minReadySeconds;
      return store.update(REPLICASETS, next, existing.metadata.resourceVersion);
    }
    setDeploymentRevision(d, next.metadata.annotations?.[REVISION]);
    if (hasProgressDeadline(d) && !getCondition(d.status, 'Progressing')) {
      setCondition(
        (d.status ??= {}),
        newCondition(
          'Progressing',
          'True',
          'FoundNewReplicaSet',
          `Found new replica set "${rsName(existing)}"`,
          ctx.now,
        ),
      );
    }
    return existing;
  }
  if (!create) return undefined;

  const template = structuredClone(d.spec?.template ?? {});
  const hash = computeHash(template, d.status?.collisionCount);
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [HASH_LABEL]: hash } };
  const selector = structuredClone(d.spec?.selector ?? {});
  selector.matchLabels = { ...selector.matchLabels, [HASH_LABEL]: hash };
  const namespace = d.metadata.namespace ?? 'default';
  const name = `${d.metadata.name ?? ''}-${hash}`;
  const newRS: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace,
      labels: { ...template.metadata.labels },
      ownerReferences: [ownerRefTo(d)],
    },
    spec: { replicas: 0, selector, template },
  };
  if (d.spec?.minReadySeconds) newRS.spec!.minReadySeconds = d.spec.minReadySeconds;
  const count = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
  newRS.spec!.replicas = count;
  setNewRSAnnotations(d, newRS, newRevision, false);

  const clash = store.get(REPLICASETS, namespace, name) as RS | undefined;
  if (clash) {
    if (
      controllerRef(clash)?.uid === d.metadata.uid &&
      equalIgnoreHash(d.spec?.template, clash.spec?.template)
    )
      return clash;
    // A hash collision: bump collisionCount and try again with a new name.
    (d.status ??= {}).collisionCount = (d.status.collisionCount ?? 0) + 1;
    ctx.requeueAfter = 1;
    return undefined;
  }
  const created = store.create(REPLICASETS, newRS) as RS;
  if (count > 0)
    ctx.recorder.record(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} from 0 to ${count}`);
  setDeploymentRevision(d, String(newRevision));
  if (hasProgressDeadline(d)) {
    setCondition(
      (d.status ??= {}),
      newCondition(
        'Progressing',
        'True',
        'NewReplicaSetCreated',
        `Created new replica set "${name}"`,
        ctx.now,
      ),
    );
  }
  return created;
}

function setDeploymentRevision(d: Deployment, rev: string | undefined): void {
  if (rev === undefined || d.metadata.annotations?.[REVISION] === rev) return;
  d.metadata.annotations = { ...d.metadata.annotations, [REVISION]: rev };
}

/** scaleReplicaSet: writes the new size and replica annotations, with the event on a size change. */
export function scaleRS(ctx: SyncContext, rs: RS, newScale: number): { scaled: boolean; rs: RS } {
  const { d } = ctx;
  const from = rsReplicas(rs);
  const next = copy<ReplicaSet>(rs);
  next.spec = { ...next.spec!, replicas: newScale };
  const annotated = setReplicasAnnotations(next, replicasOf(d), replicasOf(d) + maxSurge(d));
  if (from === newScale && !annotated) return { scaled: false, rs };
  const stored = ctx.store.update(REPLICASETS, next, rs.metadata.resourceVersion) as RS;
  if (from !== newScale) {
    const op = from < newScale ? 'up' : 'down';
    ctx.recorder.record(
      d,
      'Normal',
      'ScalingReplicaSet',
      `Scaled ${op} replica set ${rsName(rs)} from ${from} to ${newScale}`,
    );
  }
  return { scaled: from !== newScale, rs: stored };
}

export function scaleRSAndRecord(ctx: SyncContext, rs: RS, newScale: number): { scaled: boolean; rs: RS } {
  if (rsReplicas(rs) === newScale) return { scaled: false, rs };
  return scaleRS(ctx, rs, newScale);
}

/** cleanupDeployment: delete the oldest unused ReplicaSets beyond revisionHistoryLimit. */
export function cleanup(ctx: SyncContext, oldRSs: readonly RS[]): void {
  const limit = ctx.d.spec?.revisionHistoryLimit ?? 10;
  const cleanable = oldRSs.filter((rs) => !isTerminating(rs));
  const diff = cleanable.length - limit;
  if (diff <= 0) return;
  const byRevision = [...cleanable].sort((a, b) => revision(a) - revision(b) || byCreation(a, b));
  for (const rs of byRevision.slice(0, diff)) {
    if ((rs.status?.replicas ?? 0) !== 0 || rsReplicas(rs) !== 0) continue;
    if ((rs.metadata.generation ?? 1) > (rs.status?.observedGeneration ?? 0)) continue;
    ctx.store.delete(REPLICASETS, rs.metadata.namespace ?? '', rsName(rs));
  }
}

/** syncDeploymentStatus: the counts, without touching Progressing. */
export function syncStatus(ctx: SyncContext, all: readonly RS[], newRS: RS | undefined): void {
  ctx.d.status = calculateStatus(ctx.d, all, newRS, ctx.now);
}

/** syncRolloutStatus: counts plus the Progressing condition (and its deadline). */
export function syncRolloutStatus(ctx: SyncContext, all: readonly RS[], newRS: RS | undefined): void {
  const { d, now } = ctx;
  const s: DeploymentStatus = calculateStatus(d, all, newRS, now);
  if (!hasProgressDeadline(d)) removeCondition(s, 'Progressing');
  const current = getCondition(d.status, 'Progressing');
  const complete = s.replicas === s.updatedReplicas && current?.reason === 'NewReplicaSetAvailable';
  if (hasProgressDeadline(d) && !complete) {
    const rsText = newRS ? `ReplicaSet "${rsName(newRS)}"` : `Deployment "${d.metadata.name ?? ''}"`;
    if (isComplete(d, s)) {
      setCondition(
        s,
        newCondition(
          'Progressing',
          'True',
          'NewReplicaSetAvailable',
          `${rsText} has successfully progressed.`,
          now,
        ),
      );
    } else if (isProgressing(d, s)) {
      const c = newCondition('Progressing', 'True', 'ReplicaSetUpdated', `${rsText} is progressing.`, now);
      const cur = getCondition(s, 'Progressing');
      if (cur?.status === 'True' && cur.lastTransitionTime) c.lastTransitionTime = cur.lastTransitionTime;
      removeCondition(s, 'Progressing');
      setCondition(s, c);
    } else if (isTimedOut(d, s, now)) {
      setCondition(
        s,
        newCondition(
          'Progressing',
          'False',
          'ProgressDeadlineExceeded',
          `${rsText} has timed out progressing.`,
          now,
        ),
      );
    }
  }
  const failure = all
    .flatMap((rs) => rs.status?.conditions ?? [])
    .find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
  if (failure) {
    const c = newCondition(
      'ReplicaFailure',
      failure.status,
      failure.reason ?? '',
      failure.message ?? '',
      now,
    );
    setCondition(s, c);
  } else removeCondition(s, 'ReplicaFailure');
  d.status = s;
  // requeueStuckDeployment: look again when the progress deadline would pass.
  const cond = getCondition(s, 'Progressing');
  if (
    hasProgressDeadline(d) &&
    cond &&
    cond.reason !== 'NewReplicaSetAvailable' &&
    cond.reason !== 'ProgressDeadlineExceeded' &&
    !isComplete(d, s)
  ) {
    const at = Date.parse(cond.lastUpdateTime ?? '') + (d.spec?.progressDeadlineSeconds ?? 600) * 1000;
    if (!Number.isNaN(at))
      ctx.requeueAfter = Math.min(ctx.requeueAfter ?? Infinity, Math.max(1, at - now.getTime() + 1000));
  }
}
