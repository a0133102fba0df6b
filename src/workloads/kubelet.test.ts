// The kubelet end to end on an in-memory store: pods bound to a node run for real on block
// 211 addresses, their status and events read as a 1.32 kubelet writes them, and deletion
// stops their servers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addressPlan } from '../net/addresses.ts';
import { DialTable } from '../net/dial-table.ts';
import type { KubeObject } from '../resources/types.ts';
import { openStore } from '../store/store.ts';
import type { Store } from '../store/types.ts';
import type { ContainerStatus, PodStatus } from './container-spec.ts';
import { Kubelet } from './kubelet.ts';
import { TEST_BLOCK, waitFor } from './test-helpers.ts';

const PODS = { group: '', resource: 'pods' };
const EVENTS = { group: '', resource: 'events' };

function get(host: string, port: number, path = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function setup(t: { after: (fn: () => Promise<void> | void) => void }) {
  const home = mkdtempSync(join(tmpdir(), 'gangway-kubelet-'));
  const store = await openStore(undefined);
  const kubelet = new Kubelet({
    store,
    plan: addressPlan(TEST_BLOCK, true),
    dial: new DialTable(),
    nodeNames: ['gangway-node-1', 'gangway-node-2'],
    home,
  });
  await kubelet.start();
  t.after(async () => {
    await kubelet.stop();
    await store.close();
    rmSync(home, { recursive: true, force: true });
  });
  return { home, store, kubelet };
}

function pod(name: string, spec: Record<string, unknown>, annotations?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'test-ns', ...(annotations ? { annotations } : {}) },
    spec: { nodeName: 'gangway-node-1', restartPolicy: 'Always', terminationGracePeriodSeconds: 30, ...spec },
    status: {
      phase: 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'True',
          lastProbeTime: null,
          lastTransitionTime: '2026-01-01T00:00:00Z',
        },
      ],
    },
  };
}

function statusOf(store: Store, name: string): PodStatus | undefined {
  return store.get(PODS, 'test-ns', name)?.['status'] as PodStatus | undefined;
}

function container(store: Store, name: string, c = 'web'): ContainerStatus | undefined {
  return statusOf(store, name)?.containerStatuses?.find((s) => s.name === c);
}

function events(
  store: Store,
  podName: string,
): { reason: string; message: string; type: string; fieldPath?: string }[] {
  return store
    .list(EVENTS, 'test-ns')
    .filter((e) => (e['involvedObject'] as { name: string }).name === podName)
    .map((e) => ({
      reason: e['reason'] as string,
      message: e['message'] as string,
      type: e['type'] as string,
      ...((e['involvedObject'] as { fieldPath?: string }).fieldPath
        ? { fieldPath: (e['involvedObject'] as { fieldPath: string }).fieldPath }
        : {}),
    }));
}

void test('a pod with nginxdemos/hello runs, becomes Ready, answers, and stops on delete', async (t) => {
  const { store, kubelet } = await setup(t);
  store.create(
    PODS,
    pod('web-1', {
      containers: [
        {
          name: 'web',
          image: 'nginxdemos/hello',
          imagePullPolicy: 'IfNotPresent',
          ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
          readinessProbe: { httpGet: { path: '/', port: 'http' }, periodSeconds: 1 },
        },
      ],
    }),
  );
  const podIP = `127.${TEST_BLOCK}.128.2`;
  const ready = await waitFor('web-1 Ready', () => {
    const s = statusOf(store, 'web-1');
    return s?.conditions?.find((c) => c.type === 'Ready')?.status === 'True' ? s : undefined;
  });
  assert.equal(ready.phase, 'Running');
  assert.equal(ready.podIP, podIP);
  assert.deepEqual(ready.podIPs, [{ ip: podIP }]);
  assert.equal(ready.hostIP, `127.${TEST_BLOCK}.0.1`);
  assert.deepEqual(ready.hostIPs, [{ ip: `127.${TEST_BLOCK}.0.1` }]);
  assert.equal(ready.qosClass, 'BestEffort');
  assert.match(ready.startTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.deepEqual(
    ready.conditions?.map((c) => [c.type, c.status]),
    [
      ['PodReadyToStartContainers', 'True'],
      ['Initialized', 'True'],
      ['Ready', 'True'],
      ['ContainersReady', 'True'],
      ['PodScheduled', 'True'],
    ],
  );
  assert.equal(ready.conditions?.at(-1)?.lastTransitionTime, '2026-01-01T00:00:00Z'); // the scheduler's
  const cs = ready.containerStatuses?.[0];
  assert.ok(cs);
  assert.equal(cs.name, 'web');
  assert.equal(cs.ready, true);
  assert.equal(cs.started, true);
  assert.equal(cs.restartCount, 0);
  assert.equal(cs.image, 'docker.io/nginxdemos/hello:latest');
  assert.match(cs.imageID, /^docker\.io\/nginxdemos\/hello@sha256:[0-9a-f]{64}$/);
  assert.match(cs.containerID ?? '', /^gangway:\/\/[0-9a-f]{64}$/);
  assert.ok('running' in cs.state);
  assert.deepEqual(cs.lastState, {});

  const res = await get(podIP, 80, '/hello');
  assert.equal(res.status, 200);
  assert.match(res.body, /Server name:<\/span><span class="value">web-1</);

  const lines = kubelet.logs.read('test-ns', 'web-1', 'web') ?? [];
  assert.ok(lines.some((l) => / "GET \/hello HTTP\/1\.1" 200 \d+ "-" "-" "-"$/.test(l.text)));
  assert.ok(
    lines.some(
      (l) => l.text.startsWith(`127.${TEST_BLOCK}.0.1 - - [`) && l.text.endsWith('"kube-probe/1.32" "-"'),
    ),
    'the probe comes from the node address',
  );

  const ev = events(store, 'web-1');
  const want = [
    ['Pulled', 'Container image "nginxdemos/hello" already present on machine'],
    ['Created', 'Created container: web'],
    ['Started', 'Started container web'],
  ];
  for (const [reason, message] of want) {
    assert.ok(
      ev.some((e) => e.reason === reason && e.message === message && e.fieldPath === 'spec.containers{web}'),
      `${reason} event: ${JSON.stringify(ev)}`,
    );
  }

  store.delete(PODS, 'test-ns', 'web-1');
  await waitFor('server closed', () =>
    get(podIP, 80).then(
      () => false,
      (err: unknown) => (err as NodeJS.ErrnoException).code === 'ECONNREFUSED',
    ),
  );
  // the logs go last, after the address is released
  await waitFor('logs dropped', () => kubelet.logs.read('test-ns', 'web-1', 'web') === undefined);

  // the address is free again: the next pod gets it
  store.create(PODS, pod('web-2', { containers: [{ name: 'web', image: 'nginxdemos/hello:plain-text' }] }));
  const s2 = await waitFor('web-2 Running', () =>
    statusOf(store, 'web-2')?.phase === 'Running' ? statusOf(store, 'web-2') : undefined,
  );
  assert.equal(s2.podIP, podIP);
  assert.equal(s2.containerStatuses?.[0]?.ready, true, 'no readiness probe: ready once started');
});

void test('graceful deletion: Killing event, then the pod object is removed', async (t) => {
  const { store } = await setup(t);
  store.create(PODS, pod('web-1', { containers: [{ name: 'web', image: 'nginxdemos/hello:0.4' }] }));
  await waitFor('Running', () => statusOf(store, 'web-1')?.phase === 'Running');
  const live = store.get(PODS, 'test-ns', 'web-1');
  assert.ok(live);
  store.update(PODS, {
    ...live,
    metadata: {
      ...live.metadata,
      deletionTimestamp: '2026-01-01T00:00:30Z',
      deletionGracePeriodSeconds: 30,
    } as KubeObject['metadata'],
  });
  await waitFor('pod removed', () => store.get(PODS, 'test-ns', 'web-1') === undefined);
  assert.ok(
    events(store, 'web-1').some((e) => e.reason === 'Killing' && e.message === 'Stopping container web'),
  );
});

void test('an unknown image: ErrImagePull, ImagePullBackOff, then images.yaml maps it', async (t) => {
  const { store, home, kubelet } = await setup(t);
  store.create(
    PODS,
    pod('app-1', {
      containers: [
        {
          name: 'app',
          image: 'myorg/app:1.0',
          ports: [{ containerPort: 8080 }],
          env: [
            { name: 'GREETING', value: 'hi from $(POD)' },
            { name: 'POD', value: 'x' },
          ],
          readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 1 },
        },
      ],
    }),
  );
  const pulled = await waitFor('ErrImagePull', () => {
    const c = container(store, 'app-1', 'app');
    return c && 'waiting' in c.state && c.state.waiting.reason === 'ErrImagePull' ? c : undefined;
  });
  const msg =
    'gangway has no built-in stand-in for "myorg/app:1.0"; map it to a local command or URL (see docs/images.md)';
  assert.deepEqual(pulled.state, { waiting: { reason: 'ErrImagePull', message: msg } });
  assert.equal(pulled.image, 'myorg/app:1.0');
  assert.equal(pulled.imageID, '');
  assert.equal(pulled.started, false);
  assert.equal(statusOf(store, 'app-1')?.phase, 'Pending');
  const backoff = await waitFor('ImagePullBackOff', () => {
    const c = container(store, 'app-1', 'app');
    return c && 'waiting' in c.state && c.state.waiting.reason === 'ImagePullBackOff' ? c : undefined;
  });
  assert.ok('waiting' in backoff.state);
  assert.equal(backoff.state.waiting.message, `Back-off pulling image "myorg/app:1.0": ErrImagePull: ${msg}`);
  const ev = events(store, 'app-1');
  for (const [type, reason, message] of [
    ['Normal', 'Pulling', 'Pulling image "myorg/app:1.0"'],
    ['Warning', 'Failed', `Failed to pull image "myorg/app:1.0": ${msg}`],
    ['Warning', 'Failed', 'Error: ErrImagePull'],
    ['Normal', 'BackOff', 'Back-off pulling image "myorg/app:1.0"'],
    ['Warning', 'Failed', 'Error: ImagePullBackOff'],
  ]) {
    assert.ok(
      ev.some(
        (e) =>
          e.type === type &&
          e.reason === reason &&
          e.message === message &&
          e.fieldPath === 'spec.containers{app}',
      ),
      `${reason}: ${message}`,
    );
  }

  const server =
    "require('http').createServer((q,s)=>{s.end(process.env.GREETING+' '+q.url)})" +
    ".listen(+process.env.PORT,process.env.HOST,()=>console.log('listening on '+process.env.HOST+':'+process.env.PORT))";
  writeFileSync(
    join(home, 'images.yaml'),
    `images:\n  - image: myorg/app\n    command: node -e "${server}"\n`,
  );
  const podIP = `127.${TEST_BLOCK}.128.2`;
  await waitFor('app Ready', () => container(store, 'app-1', 'app')?.ready === true);
  const c = container(store, 'app-1', 'app');
  assert.equal(c?.image, 'docker.io/myorg/app:1.0');
  assert.match(c?.imageID ?? '', /^docker\.io\/myorg\/app@sha256:[0-9a-f]{64}$/);
  const res = await get(podIP, 8080, '/x');
  assert.equal(res.body, 'hi from $(POD) /x', 'a reference to a later variable stays as written');
  const lines = kubelet.logs.read('test-ns', 'app-1', 'app')?.map((l) => l.text);
  assert.deepEqual(lines, [`listening on ${podIP}:8080`]);
});

void test('a command-mapped container that exits goes into CrashLoopBackOff', async (t) => {
  const { store, kubelet } = await setup(t);
  store.create(
    PODS,
    pod(
      'crash-1',
      { containers: [{ name: 'job', image: 'myorg/job:2' }] },
      { 'gangway.io/run.job': 'echo "run $HOSTNAME"; exit 3' },
    ),
  );
  const c = await waitFor('CrashLoopBackOff', () => {
    const s = container(store, 'crash-1', 'job');
    return s && 'waiting' in s.state && s.state.waiting.reason === 'CrashLoopBackOff' ? s : undefined;
  });
  assert.equal(c.restartCount, 1);
  assert.ok('waiting' in c.state);
  const uid = store.get(PODS, 'test-ns', 'crash-1')?.metadata.uid ?? '';
  assert.equal(
    c.state.waiting.message,
    `back-off 10s restarting failed container=job pod=crash-1_test-ns(${uid})`,
  );
  assert.equal(c.lastState.terminated?.exitCode, 3);
  assert.equal(c.lastState.terminated?.reason, 'Error');
  assert.equal(statusOf(store, 'crash-1')?.phase, 'Running');
  assert.ok(
    events(store, 'crash-1').some(
      (e) =>
        e.reason === 'BackOff' &&
        e.message === `Back-off restarting failed container job in pod crash-1_test-ns(${uid})`,
    ),
  );
  assert.deepEqual(
    kubelet.logs.read('test-ns', 'crash-1', 'job')?.map((l) => l.text),
    ['run crash-1'],
  );
  assert.deepEqual(
    kubelet.logs.read('test-ns', 'crash-1', 'job', { previous: true })?.map((l) => l.text),
    ['run crash-1'],
  );
});

void test('a failing liveness probe restarts the container', async (t) => {
  const { store } = await setup(t);
  store.create(
    PODS,
    pod('live-1', {
      containers: [
        {
          name: 'web',
          image: 'nginxdemos/hello',
          livenessProbe: { tcpSocket: { port: 81 }, periodSeconds: 1, failureThreshold: 1 },
        },
      ],
    }),
  );
  const c = await waitFor('restarted', () => {
    const s = container(store, 'live-1');
    return s && s.restartCount >= 1 ? s : undefined;
  });
  assert.equal(c.lastState.terminated?.reason, 'Completed'); // nginx exits 0 on SIGTERM
  const ev = events(store, 'live-1');
  const podIP = `127.${TEST_BLOCK}.128.2`;
  assert.ok(
    ev.some(
      (e) =>
        e.reason === 'Unhealthy' &&
        e.message === `Liveness probe failed: dial tcp ${podIP}:81: connect: connection refused`,
    ),
  );
  assert.ok(
    ev.some(
      (e) => e.reason === 'Killing' && e.message === 'Container web failed liveness probe, will be restarted',
    ),
  );
});

void test('pods of other nodes are left alone; the second node uses its own range', async (t) => {
  const { store } = await setup(t);
  store.create(
    PODS,
    pod('elsewhere', { nodeName: 'other-node', containers: [{ name: 'web', image: 'nginxdemos/hello' }] }),
  );
  store.create(
    PODS,
    pod('n2', { nodeName: 'gangway-node-2', containers: [{ name: 'web', image: 'nginxdemos/hello' }] }),
  );
  const s = await waitFor('n2 Running', () =>
    statusOf(store, 'n2')?.phase === 'Running' ? statusOf(store, 'n2') : undefined,
  );
  assert.equal(s.podIP, `127.${TEST_BLOCK}.129.2`);
  assert.equal(s.hostIP, `127.${TEST_BLOCK}.0.2`);
  assert.equal(statusOf(store, 'elsewhere')?.phase, 'Pending');
  assert.equal(statusOf(store, 'elsewhere')?.containerStatuses, undefined);
});

void test('init containers run to completion first; a missing ConfigMap is CreateContainerConfigError', async (t) => {
  const { store } = await setup(t);
  store.create(
    PODS,
    pod(
      'init-1',
      {
        initContainers: [{ name: 'setup', image: 'busybox:1.36' }],
        containers: [
          { name: 'web', image: 'nginxdemos/hello' },
          {
            name: 'cfg',
            image: 'myorg/cfg:1',
            env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'nope', key: 'x' } } }],
          },
        ],
      },
      { 'gangway.io/run.setup': 'echo setting up', 'gangway.io/run.cfg': 'sleep 60' },
    ),
  );
  const s = await waitFor('web running', () => {
    const st = statusOf(store, 'init-1');
    const cfg = st?.containerStatuses?.find((c) => c.name === 'cfg');
    return st?.containerStatuses?.find((c) => c.name === 'web' && 'running' in c.state) &&
      cfg &&
      'waiting' in cfg.state &&
      cfg.state.waiting.reason === 'CreateContainerConfigError'
      ? st
      : undefined;
  });
  const init = s.initContainerStatuses?.[0];
  assert.equal(init?.name, 'setup');
  assert.ok(init && 'terminated' in init.state);
  assert.equal(init.state.terminated.reason, 'Completed');
  assert.equal(init.state.terminated.exitCode, 0);
  assert.equal(s.conditions?.find((c) => c.type === 'Initialized')?.status, 'True');
  const cfg = s.containerStatuses?.find((c) => c.name === 'cfg');
  assert.deepEqual(cfg?.state, {
    waiting: { reason: 'CreateContainerConfigError', message: 'configmap "nope" not found' },
  });
  assert.equal(s.phase, 'Pending');
  assert.ok(
    events(store, 'init-1').some(
      (e) =>
        e.reason === 'Failed' &&
        e.message === 'Error: configmap "nope" not found' &&
        e.fieldPath === 'spec.containers{cfg}',
    ),
  );
  assert.ok(
    events(store, 'init-1').some(
      (e) => e.reason === 'Started' && e.fieldPath === 'spec.initContainers{setup}',
    ),
  );
});
