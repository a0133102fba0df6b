// Pure deployment arithmetic from the real controller's deploymentutil: fenceposts of
// maxSurge / maxUnavailable, revisions and their annotations, replica sums, the status
// calculation and the Progressing / Available condition rules.
import { isDeepStrictEqual } from 'node:util';
import type { Deployment, PodTemplate, ReplicaSet } from './objects.ts';
import { rfc3339 } from '../resources/time.ts';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const HASH_LABEL = 'pod-template-hash';
const SKIP_COPY = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  REVISION_HISTORY,
  DESIRED_REPLICAS,
  MAX_REPLICAS,
  'deprecated.deployment.rollback.to',
]);
const MAX_REV_HISTORY_CHARS = 2000;

export type DeploymentStatus = NonNullable<Deployment['status']>;
export type DeploymentCondition = NonNullable<DeploymentStatus['conditions']>[number];
type RS = Readonly<ReplicaSet>;

export const replicasOf = (d: Readonly<Deployment>): number => d.spec?.replicas ?? 1;
export const rsReplicas = (rs: RS | undefined): number => rs?.spec?.replicas ?? 0;
export const isRollingUpdate = (d: Readonly<Deployment>): boolean =>
  (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';

/** intstr.GetScaledValueFromIntOrPercent. */
export function scaled(v: number | string | undefined, total: number, roundUp: boolean): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return Number.parseInt(v, 10) || 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/** ResolveFenceposts: [maxSurge, maxUnavailable]; never both zero. */
export function fenceposts(d: Readonly<Deployment>): [number, number] {
  const ru = d.spec?.strategy?.rollingUpdate;
  const desired = replicasOf(d);
  const surge = scaled(ru?.maxSurge ?? '25%', desired, true);
  let unavailable = scaled(ru?.maxUnavailable ?? '25%', desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, unavailable];
}

export function maxSurge(d: Readonly<Deployment>): number {
  return isRollingUpdate(d) ? fenceposts(d)[0] : 0;
}

export function maxUnavailable(d: Readonly<Deployment>): number {
  if (!isRollingUpdate(d) || replicasOf(d) === 0) return 0;
  return Math.min(fenceposts(d)[1], replicasOf(d));
}

export function revision(rs: RS | Readonly<Deployment>): number {
  const v = Number.parseInt(rs.metadata.annotations?.[REVISION] ?? '', 10);
  return Number.isNaN(v) ? 0 : v;
}

export const maxRevision = (rss: readonly RS[]): number =>
  rss.reduce((m, rs) => Math.max(m, revision(rs)), 0);

/** Templates equal apart from the pod-template-hash label (EqualIgnoreHash). */
export function equalIgnoreHash(a: PodTemplate | undefined, b: PodTemplate | undefined): boolean {
  const strip = (t: PodTemplate | undefined): unknown => {
    const c = structuredClone(t ?? {});
    if (c.metadata?.labels) {
      delete c.metadata.labels[HASH_LABEL];
      if (Object.keys(c.metadata.labels).length === 0) delete c.metadata.labels;
    }
    return c;
  };
  return isDeepStrictEqual(strip(a), strip(b));
}

/** Oldest first, ties by name (ReplicaSetsByCreationTimestamp). */
export function byCreation(a: RS, b: RS): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
}

/** FindNewReplicaSet: the oldest ReplicaSet whose template equals the deployment's. */
export function findNewRS(d: Readonly<Deployment>, rss: readonly RS[]): RS | undefined {
  return [...rss].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

export const sumSpec = (rss: readonly (RS | undefined)[]): number =>
  rss.reduce((n, rs) => n + rsReplicas(rs), 0);
export const sumStatus = (
  rss: readonly (RS | undefined)[],
  f: 'replicas' | 'readyReplicas' | 'availableReplicas',
): number => rss.reduce((n, rs) => n + (rs?.status?.[f] ?? 0), 0);

/** Annotations copied from the deployment onto its new ReplicaSet; true when any changed. */
export function copyAnnotations(d: Readonly<Deployment>, rs: ReplicaSet): boolean {
  let changed = false;
  const a = (rs.metadata.annotations ??= {});
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (SKIP_COPY.has(k) || a[k] === v) continue;
    a[k] = v;
    changed = true;
  }
  return changed;
}

export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = (rs.metadata.annotations ??= {});
  if (a[DESIRED_REPLICAS] === String(desired) && a[MAX_REPLICAS] === String(max)) return false;
  a[DESIRED_REPLICAS] = String(desired);
  a[MAX_REPLICAS] = String(max);
  return true;
}

/** SetNewReplicaSetAnnotations; true when the ReplicaSet changed. */
export function setNewRSAnnotations(
  d: Readonly<Deployment>,
  rs: ReplicaSet,
  newRevision: number,
  exists: boolean,
): boolean {
  let changed = copyAnnotations(d, rs);
  const a = (rs.metadata.annotations ??= {});
  const had = a[REVISION];
  const old = had === undefined ? 0 : Number.parseInt(had, 10);
  if (Number.isNaN(old)) return false;
  if (old < newRevision) {
    a[REVISION] = String(newRevision);
    changed = true;
    if (had !== undefined) {
      const history = (a[REVISION_HISTORY] ?? '').split(',').filter((x) => x !== '');
      history.push(had);
      while (history.join(',').length > MAX_REV_HISTORY_CHARS) history.shift();
      a[REVISION_HISTORY] = history.join(',');
    }
  }
  if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurge(d))) changed = true;
  return changed;
}

/** NewRSNewReplicas: how far the new ReplicaSet may grow now. */
export function newRSNewReplicas(d: Readonly<Deployment>, all: readonly RS[], newRS: RS): number {
  if (!isRollingUpdate(d)) return replicasOf(d);
  const current = sumSpec(all);
  const maxTotal = replicasOf(d) + maxSurge(d);
  if (current >= maxTotal) return rsReplicas(newRS);
  const up = Math.min(maxTotal - current, Math.max(0, replicasOf(d) - rsReplicas(newRS)));
  return rsReplicas(newRS) + up;
}

// --- conditions -------------------------------------------------------------------------

export function getCondition(
  s: Readonly<DeploymentStatus> | undefined,
  type: string,
): DeploymentCondition | undefined {
  return s?.conditions?.find((c) => c.type === type);
}

export function newCondition(
  type: string,
  status: string,
  reason: string,
  message: string,
  now: Date,
): DeploymentCondition {
  const ts = rfc3339(now);
  return { type, status, lastUpdateTime: ts, lastTransitionTime: ts, reason, message };
}

/** SetDeploymentCondition: same status and reason is a no-op; same status keeps lastTransitionTime. */
export function setCondition(s: DeploymentStatus, c: DeploymentCondition): void {
  const cur = getCondition(s, c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return;
  if (cur && cur.status === c.status && cur.lastTransitionTime) c.lastTransitionTime = cur.lastTransitionTime;
  s.conditions = [...(s.conditions ?? []).filter((x) => x.type !== c.type), c];
}

export function removeCondition(s: DeploymentStatus, type: string): void {
  if (!s.conditions) return;
  s.conditions = s.conditions.filter((c) => c.type !== type);
}

export function hasProgressDeadline(d: Readonly<Deployment>): boolean {
  const v = d.spec?.progressDeadlineSeconds ?? 600;
  return v !== 2147483647;
}

/** calculateStatus: counts from the ReplicaSets and the Available condition. */
export function calculateStatus(
  d: Readonly<Deployment>,
  all: readonly RS[],
  newRS: RS | undefined,
  now: Date,
): DeploymentStatus {
  const available = sumStatus(all, 'availableReplicas');
  const total = sumSpec(all);
  const status: DeploymentStatus = { observedGeneration: d.metadata.generation ?? 1 };
  const put = (
    k: 'replicas' | 'updatedReplicas' | 'readyReplicas' | 'availableReplicas' | 'unavailableReplicas',
    v: number,
  ): void => {
    if (v !== 0) status[k] = v;
  };
  put('replicas', sumStatus(all, 'replicas'));
  put('updatedReplicas', sumStatus([newRS], 'replicas'));
  put('readyReplicas', sumStatus(all, 'readyReplicas'));
  put('availableReplicas', available);
  put('unavailableReplicas', Math.max(0, total - available));
  status.conditions = structuredClone(d.status?.conditions ?? []);
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (available >= replicasOf(d) - maxUnavailable(d)) {
    setCondition(
      status,
      newCondition(
        'Available',
        'True',
        'MinimumReplicasAvailable',
        'Deployment has minimum availability.',
        now,
      ),
    );
  } else {
    setCondition(
      status,
      newCondition(
        'Available',
        'False',
        'MinimumReplicasUnavailable',
        'Deployment does not have minimum availability.',
        now,
      ),
    );
  }
  return status;
}

/** DeploymentComplete. */
export function isComplete(d: Readonly<Deployment>, s: Readonly<DeploymentStatus>): boolean {
  const want = replicasOf(d);
  return (
    (s.updatedReplicas ?? 0) === want &&
    (s.replicas ?? 0) === want &&
    (s.availableReplicas ?? 0) === want &&
    (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 1)
  );
}

/** DeploymentProgressing: more updated, fewer old, more ready or more available pods. */
export function isProgressing(d: Readonly<Deployment>, s: Readonly<DeploymentStatus>): boolean {
  const o = d.status ?? {};
  const oldOld = (o.replicas ?? 0) - (o.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > (o.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (o.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (o.availableReplicas ?? 0)
  );
}

/** DeploymentTimedOut. */
export function isTimedOut(d: Readonly<Deployment>, s: Readonly<DeploymentStatus>, now: Date): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(s, 'Progressing');
  if (!c || c.reason === 'NewReplicaSetAvailable') return false;
  if (c.reason === 'ProgressDeadlineExceeded') return true;
  const from = Date.parse(c.lastUpdateTime ?? '');
  return !Number.isNaN(from) && from + (d.spec?.progressDeadlineSeconds ?? 600) * 1000 < now.getTime();
}
