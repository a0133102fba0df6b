import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressPlan } from '../net/addresses.ts';
import { deploymentController } from './deployment.ts';
import { EVENTS_KEY } from './events.ts';
import { DEPLOYMENTS, REPLICASETS } from './keys.ts';
import { nodeController } from './nodes.ts';
import type { Deployment, ReplicaSet } from './objects.ts';
import { replicaSetController } from './replicaset.ts';
import { scheduler } from './scheduler.ts';
import { fakeKubelet, newStore, waitFor } from './test-helpers.ts';

void test('scaling during a stuck rollout grows both ReplicaSets proportionally', async (t) => {
  const store = await newStore();
  const parts = [
    nodeController({ store, plan: addressPlan(201, true), nodes: 1 }),
    scheduler({ store }),
    replicaSetController({ store }),
    deploymentController({ store }),
  ];
  for (const p of parts) await p.start();
  // Pods of the new image never become ready.
  const stopKubelet = fakeKubelet(store, {
    ready: (p) => p.spec?.containers[0]?.image === 'nginxdemos/hello',
  });
  t.after(async () => {
    stopKubelet();
    for (const p of parts.reverse()) await p.stop();
  });
  store.create(DEPLOYMENTS, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'test-ns' },
    spec: {
      replicas: 4,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginxdemos/hello' }] },
      },
    },
  });
  const get = (): Readonly<Deployment> => store.get(DEPLOYMENTS, 'test-ns', 'web')!;
  const update = (edit: (d: Deployment) => void): void => {
    const d = structuredClone<Deployment>(get());
    edit(d);
    store.update(DEPLOYMENTS, d);
  };
  await waitFor('available', () => get().status?.availableReplicas === 4);
  const old = (store.list(REPLICASETS, 'test-ns') as Readonly<ReplicaSet>[])[0]!.metadata.name!;
  update((d) => (d.spec!.template.spec!.containers[0]!.image = 'broken'));
  const sizes = (): Record<string, number> =>
    Object.fromEntries(
      (store.list(REPLICASETS, 'test-ns') as Readonly<ReplicaSet>[]).map((r) => [
        r.metadata.name === old ? 'old' : 'new',
        r.spec?.replicas ?? 0,
      ]),
    );
  await waitFor('stuck at 3 old + 2 new', () => sizes()['old'] === 3 && sizes()['new'] === 2);
  update((d) => (d.spec!.replicas = 8));
  await waitFor('6 old + 4 new', () => sizes()['old'] === 6 && sizes()['new'] === 4);
  const scaling = store
    .list(EVENTS_KEY, 'test-ns')
    .filter((e) => e['reason'] === 'ScalingReplicaSet')
    .map((e) => String(e['message']));
  assert.ok(scaling.includes(`Scaled up replica set ${old} from 3 to 6`), scaling.join('\n'));
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(sizes(), { old: 6, new: 4 });
});
