// `kubectl describe deployment` and `kubectl describe replicaset` (describe.go
// describeDeployment, describeReplicaSet), with kubectl's deployment util for picking
// the new and old ReplicaSets.
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IReplicaSet } from 'kubernetes-models/apps/v1/ReplicaSet';
import type { IPod } from 'kubernetes-models/v1/Pod';
import type { KubeObject } from '../../resources/types.ts';
import { compareStrings } from '../../resources/go-json.ts';
import { parseTimestamp } from '../human-duration.ts';
import { formatLabelSelector, selectorMatches, selectorString } from '../../resources/label-selector.ts';
import {
  controllerOf,
  describeEvents,
  formatRFC1123Z,
  printAnnotationsMultiline,
  printLabelsMultiline,
} from './format.ts';
import { describePodTemplate } from './pod-template.ts';
import { LEVEL_0, LEVEL_1, type PrefixWriter, tabbed } from './prefix-writer.ts';

const HASH_LABEL = 'pod-template-hash';

function isControlledBy(
  obj: { metadata?: { ownerReferences?: { controller?: boolean; uid: string }[] } },
  uid: string,
): boolean {
  return (obj.metadata?.ownerReferences ?? []).some((r) => r.controller === true && r.uid === uid);
}

/** Semantic equality of decoded API values: absent, null, zero values and empty lists/maps are equal. */
function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v).length === 0;
}

function semanticEqual(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => semanticEqual(x, b[i]));
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    if (Array.isArray(a) || Array.isArray(b)) return false;
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
    for (const k of keys) if (!semanticEqual(ra[k], rb[k])) return false;
    return true;
  }
  return a === b;
}

function withoutHash(t: unknown): unknown {
  const tpl = (t ?? {}) as { metadata?: { labels?: Record<string, string> } };
  const labels = { ...(tpl.metadata?.labels ?? {}) };
  delete labels[HASH_LABEL];
  return { ...tpl, metadata: { ...(tpl.metadata ?? {}), labels } };
}

/** GetAllReplicaSets: the ReplicaSets the Deployment controls, split into new and old. */
export function deploymentReplicaSets(
  d: IDeployment & { metadata?: { uid?: string } },
  replicaSets: readonly unknown[],
): { newRS: IReplicaSet | undefined; oldRSs: IReplicaSet[] } {
  const uid = d.metadata?.uid ?? '';
  const owned = (replicaSets as IReplicaSet[])
    .filter((rs) => selectorMatches(d.spec?.selector, rs.metadata?.labels))
    .filter((rs) => isControlledBy(rs, uid));
  owned.sort((a, b) => {
    const x = parseTimestamp(a.metadata?.creationTimestamp)?.getTime() ?? 0;
    const y = parseTimestamp(b.metadata?.creationTimestamp)?.getTime() ?? 0;
    if (x !== y) return x - y;
    return compareStrings(a.metadata?.name ?? '', b.metadata?.name ?? '');
  });
  const template = withoutHash(d.spec?.template);
  const newRS = owned.find((rs) => semanticEqual(withoutHash(rs.spec?.template), template));
  return { newRS, oldRSs: owned.filter((rs) => rs !== newRS) };
}

function replicaSetsByLabels(list: readonly IReplicaSet[]): string {
  const s = list
    .map(
      (rs) =>
        `${rs.metadata?.name ?? ''} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`,
    )
    .join(', ');
  return s === '' ? '<none>' : s;
}

function intOrString(v: number | string | undefined | null): string {
  return v == null ? '<nil>' : String(v);
}

function describeConditions(
  w: PrefixWriter,
  conditions: readonly { type: string; status: string; reason?: string }[] | undefined,
): void {
  if (!conditions || conditions.length === 0) return;
  w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(LEVEL_1, '----\t------\t------\n');
  for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
}

export function describeDeployment(
  obj: Readonly<KubeObject>,
  replicaSets: readonly unknown[],
  events: readonly unknown[],
  now: Date,
): string {
  const d = obj as unknown as IDeployment;
  const spec = d.spec;
  const status = d.status ?? {};
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${formatRFC1123Z(obj.metadata.creationTimestamp)}\n`);
    printLabelsMultiline(w, 'Labels', obj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec?.selector)}\n`);
    w.write(
      LEVEL_0,
      `Replicas:\t${spec?.replicas ?? 0} desired | ${status.updatedReplicas ?? 0} updated | ${
        status.replicas ?? 0
      } total | ${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable\n`,
    );
    w.write(LEVEL_0, `StrategyType:\t${spec?.strategy?.type ?? ''}\n`);
    w.write(LEVEL_0, `MinReadySeconds:\t${spec?.minReadySeconds ?? 0}\n`);
    const ru = spec?.strategy?.rollingUpdate;
    if (ru) {
      w.write(
        LEVEL_0,
        `RollingUpdateStrategy:\t${intOrString(ru.maxUnavailable)} max unavailable, ${intOrString(ru.maxSurge)} max surge\n`,
      );
    }
    describePodTemplate(spec?.template, w);
    describeConditions(w, status.conditions);
    // kubectl prints both lines once the Deployment controls any ReplicaSet.
    const { newRS, oldRSs } = deploymentReplicaSets(d, replicaSets);
    if (newRS || oldRSs.length > 0) {
      w.write(LEVEL_0, `OldReplicaSets:\t${replicaSetsByLabels(oldRSs)}\n`);
      w.write(LEVEL_0, `NewReplicaSet:\t${replicaSetsByLabels(newRS ? [newRS] : [])}\n`);
    }
    describeEvents(events, w, now);
  });
}

export function describeReplicaSet(
  obj: Readonly<KubeObject>,
  pods: readonly unknown[],
  events: readonly unknown[],
  now: Date,
): string {
  const rs = obj as unknown as IReplicaSet;
  const uid = obj.metadata.uid ?? '';
  let running = 0;
  let waiting = 0;
  let succeeded = 0;
  let failed = 0;
  for (const pod of pods as IPod[]) {
    if (!selectorMatches(rs.spec?.selector, pod.metadata?.labels)) continue;
    if (!isControlledBy(pod, uid)) continue;
    const phase = pod.status?.phase;
    if (phase === 'Running') running++;
    else if (phase === 'Pending') waiting++;
    else if (phase === 'Succeeded') succeeded++;
    else if (phase === 'Failed') failed++;
  }
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
    printLabelsMultiline(w, 'Labels', obj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
    const controlledBy = controllerOf(obj);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    w.write(LEVEL_0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 0} desired\n`);
    w.write(LEVEL_0, 'Pods Status:\t');
    w.write(LEVEL_0, `${running} Running / ${waiting} Waiting / ${succeeded} Succeeded / ${failed} Failed\n`);
    describePodTemplate(rs.spec?.template, w);
    describeConditions(w, rs.status?.conditions);
    describeEvents(events, w, now);
  });
}
