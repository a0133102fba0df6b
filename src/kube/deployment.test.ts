import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { addressPlan } from '../net/addresses.ts';
import type { KubeObject } from '../resources/types.ts';
import type { Component } from '../runtime/component.ts';
import { deploymentController } from './deployment.ts';
import { EVENTS_KEY } from './events.ts';
import { DEPLOYMENTS, PODS, REPLICASETS } from './keys.ts';
import { nodeController } from './nodes.ts';
import type { Deployment, Pod, ReplicaSet } from './objects.ts';
import { replicaSetController } from './replicaset.ts';
import { scheduler } from './scheduler.ts';
import type { Store } from '../store/types.ts';
import { newStore, fakeKubelet, setPodStatus, waitFor } from './test-helpers.ts';

const NS = 'test-ns';
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';

function deployment(name: string, replicas: number, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            { name: 'web', image: 'nginxdemos/hello', ports: [{ containerPort: 80, protocol: 'TCP' }] },
          ],
        },
      },
      ...extra,
    },
  };
}

async function stack(t: TestContext, opts: { kubelet?: boolean; now?: () => Date } = {}): Promise<Store> {
  const store = await newStore();
  const deps = { store, ...(opts.now ? { now: opts.now } : {}) };
  const parts: Component[] = [
    nodeController({ store, plan: addressPlan(201, true), nodes: 2 }),
    scheduler(deps),
    replicaSetController(deps),
    deploymentController(deps),
  ];
  for (const p of parts) await p.start();
  const stopKubelet = opts.kubelet ? fakeKubelet(store) : undefined;
  t.after(async () => {
    stopKubelet?.();
    for (const p of parts.reverse()) await p.stop();
  });
  return store;
}

const get = (store: Store, name: string): Readonly<Deployment> =>
  store.get(DEPLOYMENTS, NS, name) as Readonly<Deployment>;
const rss = (store: Store): Readonly<ReplicaSet>[] => store.list(REPLICASETS, NS);
const pods = (store: Store): Readonly<Pod>[] => store.list(PODS, NS);
const events = (store: Store, reason: string): string[] =>
  store
    .list(EVENTS_KEY, NS)
    .filter((e) => e['reason'] === reason)
    .map((e) => String(e['message']));

function updateDeployment(store: Store, name: string, edit: (d: Deployment) => void): void {
  const d = structuredClone(get(store, name)) as Deployment;
  edit(d);
  store.update(DEPLOYMENTS, d);
}

void test('a Deployment gets a ReplicaSet and pods with the right names, labels and owners', async (t) => {
  const store = await stack(t);
  const d = store.create(DEPLOYMENTS, deployment('test-deploy', 2));
  const rs = await waitFor('replicaset', () => rss(store)[0]);
  const hash = rs.metadata.labels!['pod-template-hash']!;
  assert.match(hash, new RegExp(`^${SAFE}{9,10}$`));
  assert.equal(rs.metadata.name, `test-deploy-${hash}`);
  assert.deepEqual(rs.spec!.selector, { matchLabels: { app: 'test-deploy', 'pod-template-hash': hash } });
  assert.equal(rs.spec!.template!.metadata!.labels!['pod-template-hash'], hash);
  assert.deepEqual(rs.metadata.ownerReferences, [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'test-deploy',
      uid: d.metadata.uid,
      controller: true,
      blockOwnerDeletion: true,
    },
  ]);
  assert.equal(rs.metadata.annotations!['deployment.kubernetes.io/revision'], '1');
  assert.equal(rs.metadata.annotations!['deployment.kubernetes.io/desired-replicas'], '2');
  assert.equal(rs.metadata.annotations!['deployment.kubernetes.io/max-replicas'], '3');

  const ps = await waitFor('2 pods', () => (pods(store).length === 2 ? pods(store) : undefined));
  for (const p of ps) {
    assert.match(p.metadata.name!, new RegExp(`^test-deploy-${hash}-${SAFE}{5}$`));
    assert.equal(p.metadata.generateName, `test-deploy-${hash}-`);
    assert.deepEqual(p.metadata.labels, { app: 'test-deploy', 'pod-template-hash': hash });
    assert.equal(p.metadata.ownerReferences![0]!.kind, 'ReplicaSet');
    assert.equal(p.metadata.ownerReferences![0]!.uid, rs.metadata.uid);
    assert.equal(p.metadata.ownerReferences![0]!.controller, true);
    assert.equal(p.spec!.containers[0]!.image, 'nginxdemos/hello');
    assert.equal(p.status!.phase, 'Pending');
  }
  // The scheduler spreads them over both nodes.
  await waitFor('scheduled', () => pods(store).every((p) => p.spec?.nodeName));
  assert.deepEqual(
    pods(store)
      .map((p) => p.spec!.nodeName)
      .sort(),
    ['gangway-node-1', 'gangway-node-2'],
  );
  assert.ok(
    events(store, 'Scheduled').some((m) =>
      /^Successfully assigned test-ns\/test-deploy-\S+ to gangway-node-[12]$/.test(m),
    ),
  );

  assert.deepEqual(events(store, 'ScalingReplicaSet'), [
    `Scaled up replica set ${rs.metadata.name} from 0 to 2`,
  ]);
  assert.equal(events(store, 'SuccessfulCreate').length, 2);
  assert.match(events(store, 'SuccessfulCreate')[0]!, /^Created pod: test-deploy-/);

  const before = await waitFor('status', () =>
    get(store, 'test-deploy').status?.replicas === 2 ? get(store, 'test-deploy') : undefined,
  );
  assert.equal(before.metadata.annotations!['deployment.kubernetes.io/revision'], '1');
  assert.equal(before.status!.updatedReplicas, 2);
  assert.equal(before.status!.unavailableReplicas, 2);
  assert.equal(before.status!.availableReplicas, undefined);
  const avail = before.status!.conditions!.find((c) => c.type === 'Available')!;
  assert.deepEqual(
    [avail.status, avail.reason, avail.message],
    ['False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'],
  );

  for (const p of pods(store)) setPodStatus(store, NS, p.metadata.name!, true);
  const done = await waitFor('available', () => {
    const x = get(store, 'test-deploy');
    return x.status?.availableReplicas === 2 &&
      x.status.conditions?.find((c) => c.type === 'Progressing')?.reason === 'NewReplicaSetAvailable'
      ? x
      : undefined;
  });
  assert.equal(done.status!.readyReplicas, 2);
  assert.equal(done.status!.unavailableReplicas, undefined);
  assert.equal(done.status!.observedGeneration, done.metadata.generation);
  const cond = Object.fromEntries(
    done.status!.conditions!.map((c) => [c.type, [c.status, c.reason, c.message]]),
  );
  assert.deepEqual(cond, {
    Available: ['True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
    Progressing: [
      'True',
      'NewReplicaSetAvailable',
      `ReplicaSet "${rs.metadata.name}" has successfully progressed.`,
    ],
  });
  const rsDone = rss(store)[0]!;
  assert.deepEqual(rsDone.status, {
    replicas: 2,
    fullyLabeledReplicas: 2,
    readyReplicas: 2,
    availableReplicas: 2,
    observedGeneration: 1,
  });

  // Settled: nothing more is written.
  const rv = store.resourceVersion;
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(store.resourceVersion, rv);
});

void test('scaling up and down deletes not-ready pods first, then the newest', async (t) => {
  const store = await stack(t);
  store.create(DEPLOYMENTS, deployment('web', 2));
  await waitFor('2 pods', () => pods(store).length === 2);
  for (const p of pods(store)) setPodStatus(store, NS, p.metadata.name!, true);
  const ready = new Set(pods(store).map((p) => p.metadata.name));

  updateDeployment(store, 'web', (d) => (d.spec!.replicas = 4));
  await waitFor('4 pods', () => pods(store).length === 4);
  const rsName = rss(store)[0]!.metadata.name!;
  assert.ok(events(store, 'ScalingReplicaSet').includes(`Scaled up replica set ${rsName} from 2 to 4`));

  updateDeployment(store, 'web', (d) => (d.spec!.replicas = 2));
  await waitFor('2 pods', () => pods(store).length === 2);
  assert.deepEqual(new Set(pods(store).map((p) => p.metadata.name)), ready);
  assert.ok(events(store, 'ScalingReplicaSet').includes(`Scaled down replica set ${rsName} from 4 to 2`));
  assert.equal(events(store, 'SuccessfulDelete').length, 2);

  // Of two ready pods, the one ready for less time goes.
  const [a, b] = pods(store);
  const pa = structuredClone(a) as Pod;
  pa.status!.conditions = pa.status!.conditions!.map((c) =>
    c.type === 'Ready' ? { ...c, lastTransitionTime: '2020-01-01T00:00:00Z' } : c,
  );
  store.update(PODS, pa);
  updateDeployment(store, 'web', (d) => (d.spec!.replicas = 1));
  await waitFor('1 pod', () => pods(store).length === 1);
  assert.equal(pods(store)[0]!.metadata.name, a!.metadata.name);
  assert.notEqual(a!.metadata.name, b!.metadata.name);
});

void test('a template change rolls out within maxSurge / maxUnavailable and keeps the old ReplicaSet', async (t) => {
  const store = await stack(t, { kubelet: true });
  store.create(DEPLOYMENTS, deployment('web', 4));
  await waitFor('rolled out', () => get(store, 'web').status?.availableReplicas === 4);
  const first = rss(store)[0]!;

  let maxPods = 0;
  let minReady = Infinity;
  const stop = store.watch({ key: PODS }, undefined, () => {
    const active = pods(store);
    maxPods = Math.max(maxPods, active.length);
    minReady = Math.min(
      minReady,
      active.filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
        .length,
    );
  });
  t.after(stop);
  updateDeployment(
    store,
    'web',
    (d) => (d.spec!.template.spec!.containers[0]!.image = 'nginxdemos/hello:plain-text'),
  );
  const done = await waitFor('second rollout', () => {
    const d = get(store, 'web');
    const s = d.status;
    return s?.observedGeneration === d.metadata.generation &&
      s?.updatedReplicas === 4 &&
      s.replicas === 4 &&
      s.availableReplicas === 4
      ? d
      : undefined;
  });
  assert.ok(maxPods <= 5, `at most replicas + maxSurge pods, saw ${maxPods}`);
  assert.ok(minReady >= 3, `at least replicas - maxUnavailable ready pods, saw ${minReady}`);
  assert.equal(done.metadata.annotations!['deployment.kubernetes.io/revision'], '2');
  const [older, newer] = [...rss(store)].sort((x, y) =>
    x.metadata.uid === first.metadata.uid ? -1 : y.metadata.uid === first.metadata.uid ? 1 : 0,
  );
  assert.equal(older!.spec!.replicas, 0);
  assert.equal(newer!.spec!.replicas, 4);
  assert.equal(newer!.metadata.annotations!['deployment.kubernetes.io/revision'], '2');
  assert.ok(pods(store).every((p) => p.spec!.containers[0]!.image === 'nginxdemos/hello:plain-text'));
  const progressing = done.status!.conditions!.find((c) => c.type === 'Progressing')!;
  await waitFor(
    'progressed',
    () =>
      get(store, 'web').status?.conditions?.find((c) => c.type === 'Progressing')?.message ===
      `ReplicaSet "${newer!.metadata.name}" has successfully progressed.`,
  );
  assert.equal(progressing.type, 'Progressing');

  // Reverting the template reuses the first ReplicaSet with the next revision.
  updateDeployment(store, 'web', (d) => (d.spec!.template.spec!.containers[0]!.image = 'nginxdemos/hello'));
  await waitFor('revert', () => {
    const r = store.get(REPLICASETS, NS, first.metadata.name!) as Readonly<ReplicaSet>;
    return (
      r.spec?.replicas === 4 &&
      get(store, 'web').status?.availableReplicas === 4 &&
      get(store, 'web').status?.updatedReplicas === 4
    );
  });
  const reused = store.get(REPLICASETS, NS, first.metadata.name!)!;
  assert.equal(reused.metadata.annotations!['deployment.kubernetes.io/revision'], '3');
  assert.equal(reused.metadata.annotations!['deployment.kubernetes.io/revision-history'], '1');
  assert.equal(rss(store).length, 2);
});

void test('revisionHistoryLimit deletes the oldest unused ReplicaSets', async (t) => {
  const store = await stack(t, { kubelet: true });
  store.create(DEPLOYMENTS, deployment('web', 1, { revisionHistoryLimit: 1 }));
  for (const tag of ['a', 'b', 'c']) {
    await waitFor('settled', () => {
      const d = get(store, 'web');
      return (
        d.status?.observedGeneration === d.metadata.generation &&
        d.status?.updatedReplicas === 1 &&
        d.status.replicas === 1 &&
        d.status.availableReplicas === 1
      );
    });
    updateDeployment(
      store,
      'web',
      (d) => (d.spec!.template.spec!.containers[0]!.image = `nginxdemos/hello:${tag}`),
    );
  }
  await waitFor('two ReplicaSets left', () => {
    const d = get(store, 'web');
    const settled = d.status?.observedGeneration === d.metadata.generation && d.status?.updatedReplicas === 1;
    return settled && d.status?.replicas === 1 && d.status.availableReplicas === 1 && rss(store).length === 2;
  });
  const images = rss(store)
    .map((r) => r.spec!.template!.spec!.containers[0]!.image)
    .sort();
  assert.deepEqual(images, ['nginxdemos/hello:b', 'nginxdemos/hello:c']);
});

void test('Recreate scales the old ReplicaSet to zero before creating the new one', async (t) => {
  const store = await stack(t, { kubelet: true });
  store.create(DEPLOYMENTS, deployment('web', 2, { strategy: { type: 'Recreate' } }));
  await waitFor('available', () => get(store, 'web').status?.availableReplicas === 2);
  let overlap = false;
  const stop = store.watch({ key: PODS }, undefined, () => {
    const images = new Set(pods(store).map((p) => p.spec!.containers[0]!.image));
    if (images.size > 1) overlap = true;
  });
  t.after(stop);
  updateDeployment(
    store,
    'web',
    (d) => (d.spec!.template.spec!.containers[0]!.image = 'nginxdemos/hello:plain-text'),
  );
  await waitFor('recreated', () => {
    const d = get(store, 'web');
    return (
      d.status?.updatedReplicas === 2 &&
      d.status.availableReplicas === 2 &&
      d.status.replicas === 2 &&
      rss(store).length === 2
    );
  });
  assert.equal(overlap, false);
});

void test('a rollout that makes no progress exceeds its deadline', async (t) => {
  let offset = 0;
  const now = (): Date => new Date(Date.now() + offset);
  const store = await stack(t, { now });
  store.create(DEPLOYMENTS, deployment('stuck', 1, { progressDeadlineSeconds: 5 }));
  const rs = await waitFor('rs', () => rss(store)[0]);
  await waitFor('progressing', () =>
    get(store, 'stuck').status?.conditions?.some((c) => c.type === 'Progressing'),
  );
  offset = 10_000;
  updateDeployment(store, 'stuck', (d) => (d.metadata.annotations = { poke: '1' }));
  const c = await waitFor('deadline', () =>
    get(store, 'stuck').status?.conditions?.find((x) => x.reason === 'ProgressDeadlineExceeded'),
  );
  assert.equal(c.status, 'False');
  assert.equal(c.message, `ReplicaSet "${rs.metadata.name}" has timed out progressing.`);
});

void test('paused deployments do not roll out, and report it', async (t) => {
  const store = await stack(t, { kubelet: true });
  store.create(DEPLOYMENTS, deployment('web', 1));
  await waitFor('available', () => get(store, 'web').status?.availableReplicas === 1);
  updateDeployment(store, 'web', (d) => {
    d.spec!.paused = true;
    d.spec!.template.spec!.containers[0]!.image = 'other';
  });
  await waitFor('paused', () =>
    get(store, 'web').status?.conditions?.some((c) => c.reason === 'DeploymentPaused'),
  );
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(rss(store).length, 1);
});
