import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressPlan } from '../net/addresses.ts';
import { ENDPOINTS, ENDPOINTSLICES, NAMESPACES, SERVICES } from './keys.ts';
import { systemObjectsController } from './namespaces.ts';
import type { Endpoints, Service } from './objects.ts';
import { newStore, waitFor } from './test-helpers.ts';

const plan = addressPlan(201, true);

void test('system namespaces and the kubernetes service', async (t) => {
  const store = await newStore();
  const c = systemObjectsController({ store, plan });
  await c.start();
  t.after(() => c.stop());
  assert.deepEqual(
    store.list(NAMESPACES).map((n) => n.metadata.name),
    ['default', 'kube-node-lease', 'kube-public', 'kube-system'],
  );
  const ns = store.get(NAMESPACES, '', 'kube-system')!;
  assert.deepEqual(ns.metadata.labels, { 'kubernetes.io/metadata.name': 'kube-system' });
  assert.deepEqual(ns['status'], { phase: 'Active' });

  const svc = store.get(SERVICES, 'default', 'kubernetes') as Service;
  assert.equal(svc.spec!.clusterIP, '127.201.96.1');
  assert.deepEqual(svc.spec!.ports, [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }]);
  const ep = store.get(ENDPOINTS, 'default', 'kubernetes') as Endpoints;
  assert.deepEqual(ep.subsets, [
    { addresses: [{ ip: '127.201.0.1' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] },
  ]);
  const slice = store.get(ENDPOINTSLICES, 'default', 'kubernetes')!;
  assert.deepEqual(slice['ports'], [{ name: 'https', port: 6443, protocol: 'TCP' }]);

  store.delete(NAMESPACES, '', 'kube-public');
  store.delete(SERVICES, 'default', 'kubernetes');
  await waitFor(
    'recreated',
    () => store.get(NAMESPACES, '', 'kube-public') && store.get(SERVICES, 'default', 'kubernetes'),
  );
});
