// The Deployment controller (kubernetes pkg/controller/deployment): owns ReplicaSets by
// controller reference, rolls the template out with RollingUpdate (maxSurge /
// maxUnavailable, pod readiness through the ReplicaSets' status) or Recreate, scales
// proportionally, keeps revisionHistoryLimit old ReplicaSets at zero, and reports status
// and conditions the way `kubectl rollout status` reads them. No rollbacks (rollbackTo).
import type { Component } from '../runtime/component.ts';
import type { Store } from '../store/types.ts';
import { ControllerLoop } from './controller-loop.ts';
import { eventRecorder, type EventRecorder } from './events.ts';
import { DEPLOYMENTS, PODS, REPLICASETS, objectKey, splitKey } from './keys.ts';
import { selectorMatches, selectsEverything } from '../resources/label-selector.ts';
import { copy, type Deployment, type Pod } from './objects.ts';
import { claim } from './ownership.ts';
import { controllerRef, isTerminating } from './pod-util.ts';
import { updateIfChanged } from './store-util.ts';
import {
  activeRSs,
  cleanup,
  getNewReplicaSet,
  oldReplicaSets,
  scaleRS,
  scaleRSAndRecord,
  syncRolloutStatus,
  syncStatus,
  type RS,
  type SyncContext,
} from './deployment-sync.ts';
import {
  byCreation,
  fenceposts,
  getCondition,
  hasProgressDeadline,
  isComplete,
  newCondition,
  newRSNewReplicas,
  replicasOf,
  rsReplicas,
  setCondition,
  sumSpec,
  sumStatus,
} from './deployment-util.ts';
import type { ControllerDeps } from './replicaset.ts';
import { isScalingEvent, scale } from './deployment-scale.ts';

export function deploymentController(deps: ControllerDeps): Component {
  const { store } = deps;
  const now = deps.now ?? (() => new Date());
  const recorder = eventRecorder(store, { component: 'deployment-controller' }, now);
  const forRS = (namespace: string, rs: RS): string[] => {
    const ref = controllerRef(rs);
    if (ref) return ref.kind === 'Deployment' ? [objectKey(namespace, ref.name)] : [];
    return (store.list(DEPLOYMENTS, namespace) as Readonly<Deployment>[])
      .filter((d) => selectorMatches(d.spec?.selector, rs.metadata.labels))
      .map((d) => objectKey(namespace, d.metadata.name));
  };
  return new ControllerLoop({
    name: 'deployment-controller',
    store,
    watches: [
      { key: DEPLOYMENTS, keysFor: (e) => [objectKey(e.object.metadata.namespace, e.object.metadata.name)] },
      { key: REPLICASETS, keysFor: (e) => forRS(e.object.metadata.namespace ?? '', e.object) },
      {
        // Recreate waits for the old pods to be gone.
        key: PODS,
        keysFor: (e) => {
          const ref = controllerRef(e.object);
          if (e.type !== 'DELETED' || ref?.kind !== 'ReplicaSet') return [];
          const ns = e.object.metadata.namespace ?? '';
          const rs = store.get(REPLICASETS, ns, ref.name);
          return rs ? forRS(ns, rs) : [];
        },
      },
    ],
    resync: () => store.list(DEPLOYMENTS).map((o) => objectKey(o.metadata.namespace, o.metadata.name)),
    reconcile: (key) => syncDeployment(store, recorder, key, now()),
    detail: () => `${store.list(DEPLOYMENTS).length} deployments`,
  });
}

export function syncDeployment(
  store: Store,
  recorder: EventRecorder,
  key: string,
  now: Date,
): number | undefined {
  const { namespace, name } = splitKey(key);
  const stored = store.get(DEPLOYMENTS, namespace, name) as Readonly<Deployment> | undefined;
  if (!stored) return undefined;
  const ctx: SyncContext = { store, recorder, now, d: copy<Deployment>(stored) };
  const { d } = ctx;
  if (selectsEverything(d.spec?.selector)) {
    recorder.record(
      stored,
      'Warning',
      'SelectingAll',
      'This deployment is selecting all pods. A non-empty selector is required.',
    );
    if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 1)) {
      (d.status ??= {}).observedGeneration = d.metadata.generation ?? 1;
      write(ctx, stored);
    }
    return undefined;
  }
  const rsList = claim<RS>(store, REPLICASETS, stored, store.list(REPLICASETS, namespace), (o) =>
    selectorMatches(d.spec?.selector, o.metadata.labels),
  ) as RS[];

  if (isTerminating(stored)) {
    const newRS = getNewReplicaSet(ctx, rsList, false);
    syncStatus(ctx, [...oldReplicaSets(newRS, rsList), ...(newRS ? [newRS] : [])], newRS);
  } else {
    checkPausedConditions(ctx);
    if (d.spec?.paused) syncOnly(ctx, rsList);
    else if (isScalingEvent(ctx, rsList)) syncOnly(ctx, refresh(store, rsList));
    else if (d.spec?.strategy?.type === 'Recreate') rolloutRecreate(ctx, refresh(store, rsList));
    else rolloutRolling(ctx, refresh(store, rsList));
  }
  write(ctx, stored);
  return ctx.requeueAfter;
}

/** The latest stored version of each ReplicaSet (a step may have written some). */
function refresh(store: Store, rss: readonly RS[]): RS[] {
  return rss
    .map(
      (rs) => store.get(REPLICASETS, rs.metadata.namespace ?? '', rs.metadata.name ?? '') as RS | undefined,
    )
    .filter((rs): rs is RS => rs !== undefined);
}

function write(ctx: SyncContext, stored: Readonly<Deployment>): void {
  const latest = ctx.store.get(DEPLOYMENTS, stored.metadata.namespace ?? '', stored.metadata.name ?? '');
  if (!latest) return;
  const next = copy<Deployment>(latest);
  if (ctx.d.metadata.annotations) next.metadata.annotations = ctx.d.metadata.annotations;
  if (ctx.d.status) next.status = ctx.d.status;
  updateIfChanged(ctx.store, DEPLOYMENTS, latest, next);
}

function checkPausedConditions(ctx: SyncContext): void {
  const { d } = ctx;
  if (!hasProgressDeadline(d)) return;
  const cond = getCondition(d.status, 'Progressing');
  if (cond?.reason === 'ProgressDeadlineExceeded') return;
  const pausedCond = cond?.reason === 'DeploymentPaused';
  if (d.spec?.paused && !pausedCond)
    setCondition(
      (d.status ??= {}),
      newCondition('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', ctx.now),
    );
  else if (!d.spec?.paused && pausedCond)
    setCondition(
      (d.status ??= {}),
      newCondition('Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed', ctx.now),
    );
}

/** sync: scaling (and cleanup when paused) without rolling anything out. */
function syncOnly(ctx: SyncContext, rsList: RS[]): void {
  let newRS = getNewReplicaSet(ctx, rsList, false);
  scale(ctx, newRS, oldReplicaSets(newRS, rsList));
  const fresh = refresh(ctx.store, rsList);
  newRS = newRS && fresh.find((rs) => rs.metadata.uid === newRS!.metadata.uid);
  const oldRSs = oldReplicaSets(newRS, fresh);
  if (ctx.d.spec?.paused) cleanup(ctx, oldRSs);
  syncStatus(ctx, [...oldRSs, ...(newRS ? [newRS] : [])], newRS);
}

function rolloutRolling(ctx: SyncContext, rsList: RS[]): void {
  let newRS = getNewReplicaSet(ctx, rsList, true);
  if (!newRS) return; // hash collision: collisionCount bumped, requeued
  let oldRSs = oldReplicaSets(newRS, refresh(ctx.store, [...rsList, newRS]));
  const all = (): RS[] => [...oldRSs, newRS!];
  // reconcileNewReplicaSet
  const want = replicasOf(ctx.d);
  let scaledUp = false;
  if (rsReplicas(newRS) > want) ({ scaled: scaledUp, rs: newRS } = scaleRSAndRecord(ctx, newRS, want));
  else if (rsReplicas(newRS) < want)
    ({ scaled: scaledUp, rs: newRS } = scaleRSAndRecord(ctx, newRS, newRSNewReplicas(ctx.d, all(), newRS)));
  if (scaledUp) return syncRolloutStatus(ctx, all(), newRS);

  const scaledDown = reconcileOldReplicaSets(ctx, oldRSs, newRS);
  if (scaledDown) {
    oldRSs = refresh(ctx.store, oldRSs);
    return syncRolloutStatus(ctx, all(), newRS);
  }
  if (isComplete(ctx.d, ctx.d.status ?? {})) cleanup(ctx, oldRSs);
  syncRolloutStatus(ctx, all(), newRS);
}

function reconcileOldReplicaSets(ctx: SyncContext, oldRSs: readonly RS[], newRS: RS): boolean {
  const { d } = ctx;
  if (sumSpec(oldRSs) === 0) return false;
  const allCount = sumSpec([...oldRSs, newRS]);
  const minAvailable = replicasOf(d) - Math.min(fenceposts(d)[1], replicasOf(d));
  const newUnavailable = rsReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allCount - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;

  // cleanupUnhealthyReplicas: old pods that are not available go first.
  let cleaned = 0;
  const olds = [...oldRSs].sort(byCreation);
  for (let i = 0; i < olds.length; i++) {
    const rs = olds[i]!;
    if (cleaned >= maxScaledDown) break;
    if (rsReplicas(rs) === 0) continue;
    const unhealthy = rsReplicas(rs) - (rs.status?.availableReplicas ?? 0);
    if (unhealthy <= 0) continue;
    const down = Math.min(maxScaledDown - cleaned, unhealthy);
    olds[i] = scaleRSAndRecord(ctx, rs, rsReplicas(rs) - down).rs;
    cleaned += down;
  }

  // scaleDownOldReplicaSetsForRollingUpdate: keep minAvailable pods available.
  const available = sumStatus([...olds, newRS], 'availableReplicas');
  let scaledDown = 0;
  if (available > minAvailable) {
    const total = available - minAvailable;
    for (const rs of [...olds].sort(byCreation)) {
      if (scaledDown >= total) break;
      if (rsReplicas(rs) === 0) continue;
      const down = Math.min(rsReplicas(rs), total - scaledDown);
      scaleRSAndRecord(ctx, rs, rsReplicas(rs) - down);
      scaledDown += down;
    }
  }
  return cleaned + scaledDown > 0;
}

function rolloutRecreate(ctx: SyncContext, rsList: RS[]): void {
  let newRS = getNewReplicaSet(ctx, rsList, false);
  let oldRSs = oldReplicaSets(newRS, rsList);
  const all = (): RS[] => [...oldRSs, ...(newRS ? [newRS] : [])];
  let scaledDown = false;
  for (const rs of activeRSs(oldRSs)) if (scaleRSAndRecord(ctx, rs, 0).scaled) scaledDown = true;
  if (scaledDown) {
    oldRSs = refresh(ctx.store, oldRSs);
    return syncRolloutStatus(ctx, all(), newRS);
  }
  if (oldPodsRunning(ctx, newRS, oldRSs)) return syncRolloutStatus(ctx, all(), newRS);
  newRS ??= getNewReplicaSet(ctx, rsList, true);
  if (!newRS) return;
  oldRSs = oldReplicaSets(newRS, refresh(ctx.store, oldRSs));
  newRS = scaleRSAndRecord(ctx, newRS, replicasOf(ctx.d)).rs;
  if (isComplete(ctx.d, ctx.d.status ?? {})) cleanup(ctx, oldRSs);
  syncRolloutStatus(ctx, all(), newRS);
}

/** Any pod of an old ReplicaSet not yet finished (Recreate waits for them). */
function oldPodsRunning(ctx: SyncContext, newRS: RS | undefined, oldRSs: readonly RS[]): boolean {
  if (sumStatus(oldRSs, 'replicas') > 0) return true;
  const olds = new Set(oldRSs.map((rs) => rs.metadata.uid));
  return (ctx.store.list(PODS, ctx.d.metadata.namespace ?? '') as Readonly<Pod>[]).some((p) => {
    const uid = controllerRef(p)?.uid;
    if (!uid || uid === newRS?.metadata.uid || !olds.has(uid)) return false;
    return p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded';
  });
}

export { scaleRS };
