import { test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import { addressPlan } from '../net/addresses.ts';
import { NODES } from './keys.ts';
import { nodeController, nodeIndex, nodeName } from './nodes.ts';
import type { Node } from './objects.ts';
import { newStore, waitFor } from './test-helpers.ts';

const plan = addressPlan(201, true);

void test('node names', () => {
  assert.equal(nodeName(0), 'gangway-node-1');
  assert.equal(nodeIndex('gangway-node-3'), 2);
  assert.equal(nodeIndex('other'), undefined);
});

void test('registers N nodes as a healthy kubelet reports them', async (t) => {
  const store = await newStore();
  const c = nodeController({ store, plan, nodes: 2 });
  await c.start();
  t.after(() => c.stop());
  assert.deepEqual(
    store.list(NODES).map((n) => n.metadata.name),
    ['gangway-node-1', 'gangway-node-2'],
  );
  const n = store.get(NODES, '', 'gangway-node-2') as Node;
  assert.deepEqual(n.status!.addresses, [
    { type: 'InternalIP', address: '127.201.0.2' },
    { type: 'Hostname', address: 'gangway-node-2' },
  ]);
  assert.equal(n.metadata.labels!['kubernetes.io/hostname'], 'gangway-node-2');
  assert.equal(n.metadata.labels!['kubernetes.io/os'], 'linux');
  assert.equal(n.metadata.labels!['node.kubernetes.io/instance-type'], 'gangway');
  assert.ok(n.metadata.labels!['kubernetes.io/arch']);
  assert.equal(n.spec!.podCIDR, '127.201.129.0/24');
  assert.deepEqual(n.spec!.podCIDRs, ['127.201.129.0/24']);
  const conds = Object.fromEntries(n.status!.conditions!.map((c) => [c.type, [c.status, c.reason]]));
  assert.deepEqual(conds, {
    MemoryPressure: ['False', 'KubeletHasSufficientMemory'],
    DiskPressure: ['False', 'KubeletHasNoDiskPressure'],
    PIDPressure: ['False', 'KubeletHasSufficientPID'],
    Ready: ['True', 'KubeletReady'],
  });
  assert.equal(n.status!.capacity!['cpu'], String(os.cpus().length));
  assert.equal(n.status!.capacity!['pods'], '110');
  assert.match(String(n.status!.capacity!['memory']), /^\d+Ki$/);
  assert.equal(n.status!.nodeInfo!.kubeletVersion, 'v1.32.4');
  assert.equal(n.status!.nodeInfo!.containerRuntimeVersion, 'gangway://0.1.0');
  assert.equal(n.status!.nodeInfo!.kernelVersion, os.release());
  assert.equal(n.status!.nodeInfo!.operatingSystem, 'linux');
  assert.ok(n.status!.nodeInfo!.osImage);
});

void test('removes extra nodes, recreates a deleted one, keeps user labels and cordon', async (t) => {
  const store = await newStore();
  const first = nodeController({ store, plan, nodes: 3 });
  await first.start();
  await first.stop();
  assert.equal(store.list(NODES).length, 3);

  const c = nodeController({ store, plan, nodes: 1 });
  await c.start();
  t.after(() => c.stop());
  assert.deepEqual(
    store.list(NODES).map((n) => n.metadata.name),
    ['gangway-node-1'],
  );

  const n = structuredClone(store.get(NODES, '', 'gangway-node-1')) as Node;
  n.metadata.labels!['team'] = 'a';
  n.spec!.unschedulable = true;
  store.update(NODES, n);
  await new Promise((r) => setImmediate(r));
  const after = store.get(NODES, '', 'gangway-node-1') as Node;
  assert.equal(after.metadata.labels!['team'], 'a');
  assert.equal(after.spec!.unschedulable, true);

  const rv = after.metadata.resourceVersion;
  store.delete(NODES, '', 'gangway-node-1');
  const back = await waitFor('node recreated', () => store.get(NODES, '', 'gangway-node-1'));
  assert.notEqual(back.metadata.resourceVersion, rv);
  assert.equal(c.status().ready, true);
});

void test('a settled node is not rewritten', async (t) => {
  const store = await newStore();
  const c = nodeController({ store, plan, nodes: 1 });
  await c.start();
  t.after(() => c.stop());
  const rv = store.resourceVersion;
  const n = structuredClone(store.get(NODES, '', 'gangway-node-1')) as Node;
  n.metadata.annotations!['x'] = 'y';
  store.update(NODES, n);
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  assert.equal(store.resourceVersion, rv + 1);
});
