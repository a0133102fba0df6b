import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../resources/types.ts';
import { endpointsController } from './endpoints.ts';
import { endpointSliceController } from './endpointslices.ts';
import { ENDPOINTS, ENDPOINTSLICES, PODS, SERVICES } from './keys.ts';
import type { EndpointSlice, Endpoints, Pod } from './objects.ts';
import type { Store } from '../store/types.ts';
import { newStore, setPodStatus, waitFor } from './test-helpers.ts';

const NS = 'test-ns';

function pod(name: string, containerPort: number, extra: Partial<Pod> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS, labels: { app: 'web' } },
    spec: {
      nodeName: 'gangway-node-1',
      containers: [
        { name: 'web', image: 'nginxdemos/hello', ports: [{ name: 'http', containerPort, protocol: 'TCP' }] },
      ],
    },
    ...extra,
  };
}

function service(name: string, spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: NS, labels: { team: 'a' } },
    spec,
  };
}

async function start(t: TestContext): Promise<Store> {
  const store = await newStore();
  const parts = [endpointsController({ store }), endpointSliceController({ store })];
  for (const p of parts) await p.start();
  t.after(async () => {
    for (const p of parts) await p.stop();
  });
  return store;
}

const slicesOf = (store: Store, svc: string): Readonly<EndpointSlice>[] =>
  store.list(ENDPOINTSLICES, NS).filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc);

void test('Endpoints and EndpointSlices follow pod readiness, named target ports resolved per pod', async (t) => {
  const store = await start(t);
  const named = store.create(
    SERVICES,
    service('test-svc', {
      selector: { app: 'web' },
      clusterIP: '127.201.96.10',
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }],
    }),
  );
  store.create(
    SERVICES,
    service('plain', {
      selector: { app: 'web' },
      clusterIP: '127.201.96.11',
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
    }),
  );
  const a = store.create(PODS, pod('a', 8080));
  const b = store.create(PODS, pod('b', 8080));
  const c = store.create(PODS, pod('c', 9090));
  store.create(PODS, pod('no-ip', 8080));
  store.create(PODS, pod('done', 8080, { status: { phase: 'Succeeded', podIP: '127.201.128.9' } }));
  setPodStatus(store, NS, 'a', true, '127.201.128.2');
  setPodStatus(store, NS, 'b', false, '127.201.128.3');
  setPodStatus(store, NS, 'c', true, '127.201.128.4');

  const ref = (p: Readonly<KubeObject>): Record<string, string> => ({
    kind: 'Pod',
    namespace: NS,
    name: p.metadata.name!,
    uid: p.metadata.uid!,
  });
  const ep = await waitFor('endpoints', () => {
    const e = store.get(ENDPOINTS, NS, 'test-svc') as Readonly<Endpoints> | undefined;
    return e?.subsets?.length === 2 && e.subsets[0]?.notReadyAddresses ? e : undefined;
  });
  assert.deepEqual(ep.subsets, [
    {
      addresses: [{ ip: '127.201.128.2', nodeName: 'gangway-node-1', targetRef: ref(a) }],
      notReadyAddresses: [{ ip: '127.201.128.3', nodeName: 'gangway-node-1', targetRef: ref(b) }],
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    },
    {
      addresses: [{ ip: '127.201.128.4', nodeName: 'gangway-node-1', targetRef: ref(c) }],
      ports: [{ name: 'http', port: 9090, protocol: 'TCP' }],
    },
  ]);
  assert.deepEqual(ep.metadata.labels, { team: 'a' });
  const plainEp = store.get(ENDPOINTS, NS, 'plain') as Readonly<Endpoints>;
  assert.deepEqual(plainEp.subsets![0]!.ports, [{ port: 80, protocol: 'TCP' }]);

  const slices = await waitFor('slices', () =>
    slicesOf(store, 'test-svc').length === 2 ? slicesOf(store, 'test-svc') : undefined,
  );
  for (const s of slices) {
    assert.match(s.metadata.name!, /^test-svc-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.equal(s.addressType, 'IPv4');
    assert.deepEqual(s.metadata.labels, {
      team: 'a',
      'kubernetes.io/service-name': 'test-svc',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
    assert.deepEqual(s.metadata.ownerReferences, [
      {
        apiVersion: 'v1',
        kind: 'Service',
        name: 'test-svc',
        uid: named.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
  }
  const s8080 = slices.find((s) => s.ports?.[0]?.port === 8080)!;
  assert.deepEqual(s8080.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
  assert.deepEqual(s8080.endpoints, [
    {
      addresses: ['127.201.128.2'],
      conditions: { ready: true, serving: true, terminating: false },
      nodeName: 'gangway-node-1',
      targetRef: ref(a),
    },
    {
      addresses: ['127.201.128.3'],
      conditions: { ready: false, serving: false, terminating: false },
      nodeName: 'gangway-node-1',
      targetRef: ref(b),
    },
  ]);
  const plainSlice = await waitFor('plain slice', () => slicesOf(store, 'plain')[0]);
  assert.deepEqual(plainSlice.ports, [{ name: '', port: 80, protocol: 'TCP' }]);
  assert.equal(plainSlice.endpoints!.length, 3);

  // b becomes ready: it moves to addresses; the slice names stay.
  const names = slices.map((s) => s.metadata.name).sort();
  setPodStatus(store, NS, 'b', true);
  await waitFor('b ready', () => {
    const e = store.get(ENDPOINTS, NS, 'test-svc') as Readonly<Endpoints>;
    return e.subsets?.[0]?.addresses?.length === 2 && !e.subsets[0].notReadyAddresses;
  });
  await waitFor('slice ready', () =>
    slicesOf(store, 'test-svc').some((s) => s.endpoints?.every((e) => e.conditions?.ready)),
  );
  assert.deepEqual(
    slicesOf(store, 'test-svc')
      .map((s) => s.metadata.name)
      .sort(),
    names,
  );

  // Settled: unrelated changes write nothing.
  await new Promise((r) => setTimeout(r, 20));
  const rv = store.resourceVersion;
  store.create(PODS, {
    ...pod('elsewhere', 80),
    metadata: { name: 'elsewhere', namespace: 'other', labels: { app: 'web' } },
  });
  const pa = structuredClone(store.get(PODS, NS, 'a')) as Pod;
  pa.metadata.annotations = { note: 'x' };
  store.update(PODS, pa);
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(store.resourceVersion, rv + 2);

  // A deleted pod leaves; a deleted Service takes its Endpoints and slices.
  store.delete(PODS, NS, 'c');
  await waitFor(
    'c gone',
    () => (store.get(ENDPOINTS, NS, 'test-svc') as Readonly<Endpoints>).subsets?.length === 1,
  );
  await waitFor('one slice', () => slicesOf(store, 'test-svc').length === 1);
  store.delete(SERVICES, NS, 'test-svc');
  await waitFor(
    'cleaned',
    () => !store.get(ENDPOINTS, NS, 'test-svc') && slicesOf(store, 'test-svc').length === 0,
  );
});

void test('a Service with no pods gets empty Endpoints and a placeholder slice', async (t) => {
  const store = await start(t);
  store.create(
    SERVICES,
    service('empty', { selector: { app: 'none' }, ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] }),
  );
  const ep = await waitFor('endpoints', () => store.get(ENDPOINTS, NS, 'empty'));
  assert.equal(ep['subsets'], undefined);
  const s = await waitFor('placeholder', () => slicesOf(store, 'empty')[0]);
  assert.equal(s.endpoints, null);
  assert.equal(s.ports, null);
});

void test("Endpoints of a Service without selector are the user's", async (t) => {
  const store = await start(t);
  store.create(SERVICES, service('external', { ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] }));
  const mine = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'external', namespace: NS },
    subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }],
  };
  store.create(ENDPOINTS, mine);
  await new Promise((r) => setTimeout(r, 30));
  assert.deepEqual(store.get(ENDPOINTS, NS, 'external')!['subsets'], mine.subsets);
  assert.equal(slicesOf(store, 'external').length, 0);
});

void test('headless services are labelled; publishNotReadyAddresses lists every pod as ready', async (t) => {
  const store = await start(t);
  store.create(
    SERVICES,
    service('h', {
      selector: { app: 'web' },
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }],
    }),
  );
  store.create(PODS, pod('a', 8080));
  setPodStatus(store, NS, 'a', false, '127.201.128.2');
  const ep = await waitFor('endpoints', () => {
    const e = store.get(ENDPOINTS, NS, 'h') as Readonly<Endpoints> | undefined;
    return e?.subsets?.[0]?.addresses ? e : undefined;
  });
  assert.equal(ep.metadata.labels!['service.kubernetes.io/headless'], '');
  const s = await waitFor('slice', () => slicesOf(store, 'h').find((x) => x.endpoints?.length));
  assert.deepEqual(s.endpoints![0]!.conditions, { ready: true, serving: false, terminating: false });
});
