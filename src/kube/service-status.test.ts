import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressPlan } from '../net/addresses.ts';
import { EVENTS_KEY } from './events.ts';
import { SERVICES } from './keys.ts';
import type { Service } from './objects.ts';
import { serviceStatusController } from './service-status.ts';
import type { Store } from '../store/types.ts';
import { newStore, waitFor } from './test-helpers.ts';

const plan = addressPlan(201, true);
const lb = (name: string, type = 'LoadBalancer'): Service =>
  ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'test-ns' },
    spec: { type, ports: [{ port: 80 }] },
  }) as Service;
const ingress = (store: Store, name: string): unknown =>
  (store.get(SERVICES, 'test-ns', name) as Readonly<Service>).status?.loadBalancer?.ingress;

void test('LoadBalancer services get stable VIPs from the plan', async (t) => {
  const store = await newStore();
  store.create(SERVICES, lb('a'));
  const c = serviceStatusController({ store, plan });
  await c.start();
  t.after(() => c.stop());
  assert.deepEqual(ingress(store, 'a'), [{ ip: '127.201.1.1', ipMode: 'VIP' }]);
  store.create(SERVICES, lb('b'));
  store.create(SERVICES, lb('c', 'ClusterIP'));
  await waitFor('b', () => ingress(store, 'b'));
  assert.deepEqual(ingress(store, 'b'), [{ ip: '127.201.1.2', ipMode: 'VIP' }]);
  assert.equal(ingress(store, 'c'), undefined);
  const reasons = store.list(EVENTS_KEY, 'test-ns').map((e) => e['reason']);
  assert.ok(reasons.includes('EnsuringLoadBalancer') && reasons.includes('EnsuredLoadBalancer'));

  // Stable: an update keeps the address; a type change clears it; the freed one is reused.
  const a = structuredClone(store.get(SERVICES, 'test-ns', 'a')) as Service;
  a.metadata.labels = { x: 'y' };
  store.update(SERVICES, a);
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(ingress(store, 'a'), [{ ip: '127.201.1.1', ipMode: 'VIP' }]);
  const a2 = structuredClone(store.get(SERVICES, 'test-ns', 'a')) as Service;
  a2.spec!.type = 'NodePort';
  store.update(SERVICES, a2);
  await waitFor('cleared', () => ingress(store, 'a') === undefined);
  store.create(SERVICES, lb('d'));
  await waitFor('d', () => ingress(store, 'd'));
  assert.deepEqual(ingress(store, 'd'), [{ ip: '127.201.1.1', ipMode: 'VIP' }]);
});
