import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressPlan } from '../net/addresses.ts';
import { EVENTS_KEY } from './events.ts';
import { NODES, PODS } from './keys.ts';
import { nodeController } from './nodes.ts';
import type { Node, Pod } from './objects.ts';
import { scheduler, unfitReason, unschedulableMessage } from './scheduler.ts';
import { newStore, waitFor } from './test-helpers.ts';

const readyNode = (extra: Partial<Node> = {}): Node => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'n', labels: { disk: 'ssd' } },
  spec: {},
  status: { conditions: [{ type: 'Ready', status: 'True' }], allocatable: { pods: '2' } },
  ...extra,
});
const pod = (spec: Record<string, unknown> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'ns' },
  spec: { containers: [], ...spec },
});

void test('unfitReason', () => {
  const cases: [string, Pod, Node, number, string | undefined][] = [
    ['fits', pod(), readyNode(), 0, undefined],
    ['cordoned', pod(), readyNode({ spec: { unschedulable: true } }), 0, 'node(s) were unschedulable'],
    [
      'cordon tolerated',
      pod({
        tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }],
      }),
      readyNode({ spec: { unschedulable: true } }),
      0,
      undefined,
    ],
    [
      'not ready',
      pod(),
      readyNode({ status: { conditions: [{ type: 'Ready', status: 'False' }] } }),
      0,
      'node(s) had untolerated taint {node.kubernetes.io/not-ready: }',
    ],
    [
      'taint',
      pod(),
      readyNode({ spec: { taints: [{ key: 'dedicated', value: 'gw', effect: 'NoSchedule' }] } }),
      0,
      'node(s) had untolerated taint {dedicated: gw}',
    ],
    [
      'taint tolerated',
      pod({ tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gw' }] }),
      readyNode({ spec: { taints: [{ key: 'dedicated', value: 'gw', effect: 'NoSchedule' }] } }),
      0,
      undefined,
    ],
    [
      'nodeSelector',
      pod({ nodeSelector: { disk: 'hdd' } }),
      readyNode(),
      0,
      "node(s) didn't match Pod's node affinity/selector",
    ],
    [
      'affinity',
      pod({
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }],
            },
          },
        },
      }),
      readyNode(),
      0,
      undefined,
    ],
    ['full', pod(), readyNode(), 2, 'Too many pods'],
  ];
  for (const [name, p, n, count, want] of cases) assert.equal(unfitReason(p, n, count), want, name);
  assert.equal(unschedulableMessage(0, []), 'no nodes available to schedule pods');
  assert.equal(
    unschedulableMessage(2, ['node(s) were unschedulable', 'node(s) were unschedulable']),
    '0/2 nodes are available: 2 node(s) were unschedulable. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
  );
});

void test('an unschedulable pod waits, then binds when a node frees up', async (t) => {
  const store = await newStore();
  const nodes = nodeController({ store, plan: addressPlan(201, true), nodes: 1 });
  const s = scheduler({ store });
  await nodes.start();
  const n = structuredClone<Node>(store.get(NODES, '', 'gangway-node-1')!);
  n.spec!.unschedulable = true;
  store.update(NODES, n);
  await s.start();
  t.after(async () => {
    await s.stop();
    await nodes.stop();
  });
  store.create(PODS, pod());
  const cond = await waitFor('unschedulable', () =>
    (store.get(PODS, 'ns', 'p') as Readonly<Pod>).status?.conditions?.find((c) => c.type === 'PodScheduled'),
  );
  assert.equal(cond.status, 'False');
  assert.equal(cond.reason, 'Unschedulable');
  const failed = store.list(EVENTS_KEY, 'ns').find((e) => e['reason'] === 'FailedScheduling')!;
  assert.equal(failed['type'], 'Warning');
  assert.match(String(failed['message']), /^0\/1 nodes are available: 1 node\(s\) were unschedulable\./);

  const uncordon = structuredClone<Node>(store.get(NODES, '', 'gangway-node-1')!);
  uncordon.spec!.unschedulable = false;
  store.update(NODES, uncordon);
  const bound = await waitFor('bound', () => {
    const p = store.get(PODS, 'ns', 'p') as Readonly<Pod>;
    return p.spec?.nodeName ? p : undefined;
  });
  assert.equal(bound.spec!.nodeName, 'gangway-node-1');
  const scheduled = bound.status!.conditions!.find((c) => c.type === 'PodScheduled')!;
  assert.equal(scheduled.status, 'True');
  const ev = store.list(EVENTS_KEY, 'ns').find((e) => e['reason'] === 'Scheduled')!;
  assert.equal(ev['message'], 'Successfully assigned ns/p to gangway-node-1');
  assert.deepEqual(ev['source'], { component: 'default-scheduler' });
});
