// The endpointslice controller: for every Service with a selector, EndpointSlices named
// <service>-<5 random chars> (addressType IPv4, labels kubernetes.io/service-name and
// endpointslice.kubernetes.io/managed-by, owned by the Service), one per port mapping and
// at most 100 endpoints each, with ready / serving / terminating conditions. Port names
// are always present ("" when unnamed: kubectl describe dereferences them). A Service
// without endpoints keeps one placeholder slice. Slices are rewritten only on change.
import type { KubeObject } from '../resources/types.ts';
import type { Component } from '../runtime/component.ts';
import type { Store } from '../store/types.ts';
import { ControllerLoop } from './controller-loop.ts';
import { HEADLESS_LABEL, servicesInNamespace } from './endpoints.ts';
import { computeSliceGroups, hasSelector, selectedPods, type SliceGroup } from './endpoints-model.ts';
import { ENDPOINTSLICES, PODS, SERVICES, objectKey, splitKey } from './keys.ts';
import { canonicalJson, generateName } from './names.ts';
import { copy, type EndpointSlice, type Service } from './objects.ts';
import { ownerRefTo } from './pod-util.ts';
import { sameContent } from './store-util.ts';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
export const MAX_ENDPOINTS_PER_SLICE = 100;

export function endpointSliceController(deps: { store: Store; random?: () => number }): Component {
  const { store } = deps;
  const random = deps.random ?? Math.random;
  return new ControllerLoop({
    name: 'endpointslice-controller',
    store,
    watches: [
      { key: SERVICES, keysFor: (e) => [objectKey(e.object.metadata.namespace, e.object.metadata.name)] },
      { key: PODS, keysFor: (e) => servicesInNamespace(store, e.object.metadata.namespace ?? '') },
      {
        key: ENDPOINTSLICES,
        keysFor: (e) => {
          const l = e.object.metadata.labels ?? {};
          const svc = l[SERVICE_NAME_LABEL];
          return svc && l[MANAGED_BY_LABEL] === CONTROLLER_NAME
            ? [objectKey(e.object.metadata.namespace, svc)]
            : [];
        },
      },
    ],
    resync: () => {
      const keys = new Set(store.list(SERVICES).map((o) => objectKey(o.metadata.namespace, o.metadata.name)));
      for (const s of store.list(ENDPOINTSLICES)) {
        const l = s.metadata.labels ?? {};
        if (l[MANAGED_BY_LABEL] === CONTROLLER_NAME && l[SERVICE_NAME_LABEL])
          keys.add(objectKey(s.metadata.namespace, l[SERVICE_NAME_LABEL]));
      }
      return keys;
    },
    reconcile: (k) => {
      syncEndpointSlices(store, k, random);
      return undefined;
    },
    detail: () => `${store.list(ENDPOINTSLICES).length} endpointslices`,
  });
}

function sliceLabels(svc: Readonly<Service>): Record<string, string> {
  const labels: Record<string, string> = { ...svc.metadata.labels };
  delete labels[SERVICE_NAME_LABEL];
  delete labels[MANAGED_BY_LABEL];
  if (svc.spec?.clusterIP === 'None') labels[HEADLESS_LABEL] = '';
  else delete labels[HEADLESS_LABEL];
  labels[SERVICE_NAME_LABEL] = svc.metadata.name ?? '';
  labels[MANAGED_BY_LABEL] = CONTROLLER_NAME;
  return labels;
}

export function syncEndpointSlices(store: Store, key: string, random: () => number): void {
  const { namespace, name } = splitKey(key);
  const svc = store.get(SERVICES, namespace, name) as Readonly<Service> | undefined;
  const existing = (store.list(ENDPOINTSLICES, namespace) as Readonly<EndpointSlice>[]).filter((s) => {
    const l = s.metadata.labels ?? {};
    return l[SERVICE_NAME_LABEL] === name && l[MANAGED_BY_LABEL] === CONTROLLER_NAME;
  });
  const remove = (s: Readonly<KubeObject>): void =>
    void store.delete(ENDPOINTSLICES, namespace, s.metadata.name ?? '');
  if (!svc || !hasSelector(svc)) {
    existing.forEach(remove);
    return;
  }
  // Slices left by an earlier Service of the same name are not ours to update.
  const owned = existing.filter((s) => s.metadata.ownerReferences?.some((r) => r.uid === svc.metadata.uid));
  existing.filter((s) => !owned.includes(s)).forEach(remove);

  const desired: SliceGroup[] = [];
  for (const g of computeSliceGroups(svc, selectedPods(store, svc))) {
    for (let i = 0; i < g.endpoints.length; i += MAX_ENDPOINTS_PER_SLICE)
      desired.push({ ports: g.ports, endpoints: g.endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE) });
  }
  const labels = sliceLabels(svc);
  const content = (
    g: SliceGroup | undefined,
  ): Pick<EndpointSlice, 'addressType' | 'endpoints' | 'ports'> => ({
    addressType: 'IPv4',
    endpoints: g ? g.endpoints : null,
    ports: g ? g.ports : null,
  });
  const wanted = desired.length > 0 ? desired : [undefined];
  // Reuse slices with the same ports first, then any, so names stay stable.
  const pool = [...owned].sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
  const take = (g: SliceGroup | undefined): Readonly<EndpointSlice> | undefined => {
    const ports = canonicalJson(g?.ports ?? null);
    const i = pool.findIndex((s) => canonicalJson(s.ports ?? null) === ports);
    return i >= 0 ? pool.splice(i, 1)[0] : pool.shift();
  };
  const plan = wanted.map((g) => ({ g, slice: take(g) }));
  pool.forEach(remove);
  for (const { g, slice } of plan) {
    const body = content(g);
    if (slice) {
      const same =
        slice.addressType === body.addressType &&
        sameContent(slice.endpoints ?? null, body.endpoints) &&
        sameContent(slice.ports ?? null, body.ports) &&
        sameContent(slice.metadata.labels ?? {}, labels);
      if (same) continue;
      const next = copy<EndpointSlice>(slice);
      next.metadata.labels = labels;
      Object.assign(next, body);
      store.update(ENDPOINTSLICES, next, slice.metadata.resourceVersion);
      continue;
    }
    let sliceName = generateName(`${name}-`, random);
    while (store.get(ENDPOINTSLICES, namespace, sliceName)) sliceName = generateName(`${name}-`, random);
    const created: EndpointSlice = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: sliceName,
        generateName: `${name}-`,
        namespace,
        labels,
        ownerReferences: [ownerRefTo(svc)],
      },
      ...body,
    };
    store.create(ENDPOINTSLICES, created);
  }
}
