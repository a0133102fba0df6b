// The service controller's part for type LoadBalancer, with gangway as the cloud: each
// LoadBalancer Service gets status.loadBalancer.ingress [{ip: plan.loadBalancerIP(n),
// ipMode: VIP}], n the lowest index no other Service holds, kept for the Service's life;
// a Service that stops being a LoadBalancer has its ingress cleared.
import type { AddressPlan } from '../net/addresses.ts';
import type { Component } from '../runtime/component.ts';
import type { Store } from '../store/types.ts';
import { ControllerLoop } from './controller-loop.ts';
import { eventRecorder, type EventRecorder } from './events.ts';
import { SERVICES, objectKey, splitKey } from './keys.ts';
import { copy, type Service } from './objects.ts';

/** LoadBalancer addresses available per plan (127.B.1.1 - 127.B.1.254). */
export const LOAD_BALANCER_IPS = 254;

const ingressIPs = (s: Readonly<Service>): string[] =>
  (s.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? '').filter((ip) => ip !== '');

export function serviceStatusController(deps: {
  store: Store;
  plan: AddressPlan;
  now?: () => Date;
}): Component {
  const { store, plan } = deps;
  const recorder = eventRecorder(store, { component: 'service-controller' }, deps.now);
  return new ControllerLoop({
    name: 'service-controller',
    store,
    watches: [
      {
        key: SERVICES,
        keysFor: (e) =>
          e.type === 'DELETED' ? [] : [objectKey(e.object.metadata.namespace, e.object.metadata.name)],
      },
    ],
    resync: () => store.list(SERVICES).map((o) => objectKey(o.metadata.namespace, o.metadata.name)),
    reconcile: (key) => {
      syncLoadBalancer(store, plan, recorder, key);
      return undefined;
    },
    detail: () =>
      `${(store.list(SERVICES) as Readonly<Service>[]).filter((s) => s.spec?.type === 'LoadBalancer').length} load balancers`,
  });
}

export function syncLoadBalancer(
  store: Store,
  plan: AddressPlan,
  recorder: EventRecorder,
  key: string,
): void {
  const { namespace, name } = splitKey(key);
  const svc = store.get(SERVICES, namespace, name) as Readonly<Service> | undefined;
  if (!svc) return;
  const mine = ingressIPs(svc);
  if (svc.spec?.type !== 'LoadBalancer') {
    if (mine.length === 0) return;
    recorder.record(svc, 'Normal', 'DeletingLoadBalancer', 'Deleting load balancer');
    const next = copy<Service>(svc);
    next.status = { ...next.status, loadBalancer: {} };
    store.update(SERVICES, next, svc.metadata.resourceVersion);
    recorder.record(svc, 'Normal', 'DeletedLoadBalancer', 'Deleted load balancer');
    return;
  }
  const taken = new Set<string>();
  for (const s of store.list(SERVICES) as Readonly<Service>[]) {
    if (s.metadata.uid !== svc.metadata.uid) for (const ip of ingressIPs(s)) taken.add(ip);
  }
  const valid = (ip: string): boolean => {
    for (let i = 0; i < LOAD_BALANCER_IPS; i++) if (plan.loadBalancerIP(i) === ip) return true;
    return false;
  };
  const free = (ip: string): boolean => !plan.multiAddress || !taken.has(ip);
  let ip = mine.find((x) => valid(x) && free(x));
  if (ip !== undefined && mine.length === 1 && svc.status?.loadBalancer?.ingress?.[0]?.ipMode === 'VIP')
    return;
  for (let i = 0; ip === undefined && i < LOAD_BALANCER_IPS; i++) {
    if (free(plan.loadBalancerIP(i))) ip = plan.loadBalancerIP(i);
  }
  if (ip === undefined) {
    recorder.record(
      svc,
      'Warning',
      'SyncLoadBalancerFailed',
      'Error syncing load balancer: no free load balancer address',
    );
    return;
  }
  recorder.record(svc, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer');
  const next = copy<Service>(svc);
  next.status = { ...next.status, loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] } };
  store.update(SERVICES, next, svc.metadata.resourceVersion);
  recorder.record(svc, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer');
}
