// The ReplicaSet controller: keeps spec.replicas active pods stamped from the template
// (named <rs>-<5 random chars>, owned by the ReplicaSet), deletes the least valuable pods
// first when scaling down, and reports replicas / fullyLabeledReplicas / readyReplicas /
// availableReplicas / observedGeneration, with the real controller's events.
import { resourceForStorage } from '../resources/catalogue.ts';
import { applyDefaults } from '../resources/defaults.ts';
import { podQosClass } from '../resources/qos.ts';
import type { KubeObject } from '../resources/types.ts';
import type { Component } from '../runtime/component.ts';
import type { Store } from '../store/types.ts';
import { ControllerLoop } from './controller-loop.ts';
import { eventRecorder, type EventRecorder } from './events.ts';
import { NAMESPACES, PODS, REPLICASETS, objectKey, splitKey } from './keys.ts';
import { selectorMatches } from '../resources/label-selector.ts';
import { generateName } from './names.ts';
import { copy, type Pod, type ReplicaSet } from './objects.ts';
import { rfc3339 } from '../resources/time.ts';
import { claim } from './ownership.ts';
import { rankForDeletion } from './pod-ranking.ts';
import {
  controllerRef,
  isPodActive,
  isPodAvailable,
  isPodReady,
  isTerminating,
  msUntilAvailable,
  ownerRefTo,
} from './pod-util.ts';
import { updateIfChanged } from './store-util.ts';

export interface ControllerDeps {
  store: Store;
  now?: () => Date;
  random?: () => number;
}

const POD_RT = resourceForStorage({ group: '', resource: 'pods', version: 'v1' });

/** A new Pod from the ReplicaSet's template, as the controller posts it to the API. */
export function podFromTemplate(rs: Readonly<ReplicaSet>, name: string): KubeObject {
  const tpl = rs.spec?.template ?? {};
  const meta = tpl.metadata ?? {};
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: `${rs.metadata.name ?? ''}-`,
      namespace: rs.metadata.namespace ?? 'default',
      labels: { ...meta.labels },
      ownerReferences: [ownerRefTo(rs)],
    },
    spec: structuredClone(tpl.spec ?? { containers: [] }),
  };
  if (meta.annotations && Object.keys(meta.annotations).length > 0)
    pod.metadata.annotations = { ...meta.annotations };
  if (meta.finalizers?.length) pod.metadata.finalizers = [...meta.finalizers];
  delete pod.spec!.nodeName;
  const defaulted = applyDefaults(pod, POD_RT) as Pod;
  defaulted.status = { ...defaulted.status, phase: 'Pending', qosClass: podQosClass(defaulted.spec) };
  return defaulted;
}

/** ReplicaSets that would adopt an orphan with these labels. */
function rsForOrphan(store: Store, namespace: string, labels: Record<string, string> | undefined): string[] {
  return (store.list(REPLICASETS, namespace) as Readonly<ReplicaSet>[])
    .filter((rs) => selectorMatches(rs.spec?.selector, labels))
    .map((rs) => objectKey(rs.metadata.namespace, rs.metadata.name));
}

export function replicaSetController(deps: ControllerDeps): Component {
  const { store } = deps;
  const now = deps.now ?? (() => new Date());
  const random = deps.random ?? Math.random;
  const recorder = eventRecorder(store, { component: 'replicaset-controller' }, now);
  return new ControllerLoop({
    name: 'replicaset-controller',
    store,
    watches: [
      { key: REPLICASETS, keysFor: (e) => [objectKey(e.object.metadata.namespace, e.object.metadata.name)] },
      {
        key: PODS,
        keysFor: (e) => {
          const ref = controllerRef(e.object);
          const ns = e.object.metadata.namespace ?? '';
          if (ref) return ref.kind === 'ReplicaSet' ? [objectKey(ns, ref.name)] : [];
          return e.type === 'DELETED' ? [] : rsForOrphan(store, ns, e.object.metadata.labels);
        },
      },
    ],
    resync: () => store.list(REPLICASETS).map((o) => objectKey(o.metadata.namespace, o.metadata.name)),
    reconcile: (key) => syncReplicaSet(store, recorder, key, now(), random),
    detail: () => `${store.list(REPLICASETS).length} replicasets`,
  });
}

export function syncReplicaSet(
  store: Store,
  recorder: EventRecorder,
  key: string,
  now: Date,
  random: () => number,
): number | undefined {
  const { namespace, name } = splitKey(key);
  const rs = store.get(REPLICASETS, namespace, name) as Readonly<ReplicaSet> | undefined;
  if (!rs) return undefined;
  const selector = rs.spec?.selector;
  let pods = claim<Pod>(store, PODS, rs, store.list(PODS, namespace), (p) =>
    selectorMatches(selector, p.metadata.labels),
  ).filter(isPodActive);
  let failure: string | undefined;
  if (!isTerminating(rs)) {
    const r = manageReplicas(store, recorder, rs, pods, random);
    pods = r.pods;
    failure = r.failure;
  }
  const minReady = rs.spec?.minReadySeconds ?? 0;
  const templateLabels = rs.spec?.template?.metadata?.labels ?? {};
  const fully = pods.filter((p) =>
    Object.entries(templateLabels).every(([k, v]) => p.metadata.labels?.[k] === v),
  ).length;
  const ready = pods.filter(isPodReady).length;
  const available = pods.filter((p) => isPodAvailable(p, minReady, now)).length;
  const status: NonNullable<ReplicaSet['status']> = { replicas: pods.length };
  if (fully > 0) status.fullyLabeledReplicas = fully;
  if (ready > 0) status.readyReplicas = ready;
  if (available > 0) status.availableReplicas = available;
  status.observedGeneration = rs.metadata.generation ?? 1;
  const prevFailure = rs.status?.conditions?.find((c) => c.type === 'ReplicaFailure');
  if (failure) {
    status.conditions = [
      {
        type: 'ReplicaFailure',
        status: 'True',
        reason: 'FailedCreate',
        message: failure,
        lastTransitionTime: prevFailure?.lastTransitionTime ?? rfc3339(now),
      },
    ];
  }
  const latest = store.get(REPLICASETS, namespace, name)!;
  const next = copy<ReplicaSet>(latest);
  next.status = status;
  updateIfChanged(store, REPLICASETS, latest, next);
  const waits = pods
    .map((p) => msUntilAvailable(p, minReady, now))
    .filter((x): x is number => x !== undefined);
  if (failure) return 1000;
  return waits.length > 0 ? Math.min(...waits) + 50 : undefined;
}

function manageReplicas(
  store: Store,
  recorder: EventRecorder,
  rs: Readonly<ReplicaSet>,
  active: Readonly<Pod>[],
  random: () => number,
): { pods: Readonly<Pod>[]; failure?: string } {
  const want = rs.spec?.replicas ?? 1;
  const namespace = rs.metadata.namespace ?? 'default';
  const rsName = rs.metadata.name ?? '';
  const diff = active.length - want;
  if (diff < 0) {
    const ns = store.get(NAMESPACES, '', namespace);
    if (
      ns &&
      (isTerminating(ns) || (ns['status'] as { phase?: string } | undefined)?.phase === 'Terminating')
    ) {
      const msg = `Error creating: pods "${rsName}-" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`;
      recorder.record(rs, 'Warning', 'FailedCreate', msg);
      return { pods: active, failure: msg };
    }
    const created: Readonly<Pod>[] = [];
    for (let i = 0; i < -diff; i++) {
      let podName = generateName(`${rsName}-`, random);
      while (store.get(PODS, namespace, podName)) podName = generateName(`${rsName}-`, random);
      const pod = store.create(PODS, podFromTemplate(rs, podName)) as Readonly<Pod>;
      created.push(pod);
      recorder.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${podName}`);
    }
    return { pods: [...active, ...created] };
  }
  if (diff > 0) {
    const related = relatedPods(store, rs);
    const doomed = new Set(rankForDeletion(active, related).slice(0, diff));
    for (const pod of doomed) {
      store.delete(PODS, namespace, pod.metadata.name ?? '');
      recorder.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name ?? ''}`);
    }
    return { pods: active.filter((p) => !doomed.has(p)) };
  }
  return { pods: active };
}

/** Active pods of this ReplicaSet and of its siblings (same controller), for the node rank. */
function relatedPods(store: Store, rs: Readonly<ReplicaSet>): Readonly<Pod>[] {
  const owner = controllerRef(rs)?.uid;
  const uids = new Set([rs.metadata.uid]);
  if (owner) {
    for (const o of store.list(REPLICASETS, rs.metadata.namespace ?? '')) {
      if (controllerRef(o)?.uid === owner) uids.add(o.metadata.uid);
    }
  }
  return (store.list(PODS, rs.metadata.namespace ?? '') as Readonly<Pod>[]).filter(
    (p) => isPodActive(p) && uids.has(controllerRef(p)?.uid),
  );
}
