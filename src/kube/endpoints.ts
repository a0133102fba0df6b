// The endpoints controller: for every Service with a selector, an Endpoints object of the
// same name listing ready pods as addresses and the others as notReadyAddresses, with
// ports by name, written only when its content changes. Endpoints of Services without a
// selector belong to the user and are left alone; a deleted Service takes its Endpoints.
import type { KubeObject } from '../resources/types.ts';
import type { Component } from '../runtime/component.ts';
import type { Store } from '../store/types.ts';
import { ControllerLoop } from './controller-loop.ts';
import { computeSubsets, hasSelector, selectedPods } from './endpoints-model.ts';
import { ENDPOINTS, PODS, SERVICES, objectKey, splitKey } from './keys.ts';
import { copy, type Endpoints, type Service } from './objects.ts';
import { rfc3339 } from '../resources/time.ts';
import { sameContent } from './store-util.ts';

export const TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';

/** Queue keys of the selector Services in a namespace (a pod change may touch any of them). */
export function servicesInNamespace(store: Store, namespace: string): string[] {
  return (store.list(SERVICES, namespace) as Readonly<Service>[])
    .filter(hasSelector)
    .map((s) => objectKey(s.metadata.namespace, s.metadata.name));
}

export function endpointsController(deps: { store: Store; now?: () => Date }): Component {
  const { store } = deps;
  const now = deps.now ?? (() => new Date());
  const key = (o: Readonly<KubeObject>): string[] => [objectKey(o.metadata.namespace, o.metadata.name)];
  return new ControllerLoop({
    name: 'endpoint-controller',
    store,
    watches: [
      { key: SERVICES, keysFor: (e) => key(e.object) },
      { key: PODS, keysFor: (e) => servicesInNamespace(store, e.object.metadata.namespace ?? '') },
      {
        // Repair a deleted or edited Endpoints of a selector Service; never touch others on sight.
        key: ENDPOINTS,
        keysFor: (e) => {
          const svc = store.get(SERVICES, e.object.metadata.namespace ?? '', e.object.metadata.name ?? '');
          return svc && hasSelector(svc) ? key(e.object) : [];
        },
      },
    ],
    resync: () => [
      ...store.list(SERVICES).map((o) => objectKey(o.metadata.namespace, o.metadata.name)),
      ...store.list(ENDPOINTS).map((o) => objectKey(o.metadata.namespace, o.metadata.name)),
    ],
    reconcile: (k) => {
      syncEndpoints(store, k, now());
      return undefined;
    },
    detail: () => `${store.list(ENDPOINTS).length} endpoints`,
  });
}

export function syncEndpoints(store: Store, key: string, now: Date): void {
  const { namespace, name } = splitKey(key);
  const svc = store.get(SERVICES, namespace, name) as Readonly<Service> | undefined;
  const have = store.get(ENDPOINTS, namespace, name) as Readonly<Endpoints> | undefined;
  if (!svc) {
    // The Endpoints of a deleted Service go with it (and leftovers at start, as checkLeftoverEndpoints).
    if (have) store.delete(ENDPOINTS, namespace, name);
    return;
  }
  if (!hasSelector(svc)) return;
  const subsets = computeSubsets(svc, selectedPods(store, svc));
  const labels: Record<string, string> = { ...svc.metadata.labels };
  if (svc.spec?.clusterIP === 'None') labels[HEADLESS_LABEL] = '';
  else delete labels[HEADLESS_LABEL];
  const haveLabels = have?.metadata.labels ?? {};
  if (have && sameContent(have.subsets ?? [], subsets) && sameContent(haveLabels, labels)) return;
  const next: Endpoints = have
    ? copy<Endpoints>(have)
    : { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace } };
  if (Object.keys(labels).length > 0) next.metadata.labels = labels;
  else delete next.metadata.labels;
  next.metadata.annotations = { ...next.metadata.annotations, [TRIGGER_TIME]: rfc3339(now) };
  if (subsets.length > 0) next.subsets = subsets;
  else delete next.subsets;
  if (have) store.update(ENDPOINTS, next, have.metadata.resourceVersion);
  else store.create(ENDPOINTS, next);
}
