// The pod status as the kubelet computes it: phase table, condition reasons and messages,
// lastTransitionTime kept while a status holds, readiness gates, other conditions kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerStatus, PodSpec, PodStatus } from './container-spec.ts';
import { buildPodStatus, podPhase } from './pod-status.ts';

const T0 = '2026-01-01T00:00:00Z';
const T1 = '2026-01-01T00:01:00Z';

function cs(
  name: string,
  state: ContainerStatus['state'],
  extra: Partial<ContainerStatus> = {},
): ContainerStatus {
  return {
    name,
    state,
    lastState: {},
    ready: false,
    restartCount: 0,
    image: 'i',
    imageID: '',
    started: false,
    ...extra,
  };
}
const running = { running: { startedAt: T0 } };
const waiting = (reason: string): ContainerStatus['state'] => ({ waiting: { reason } });
const exited = (exitCode: number): ContainerStatus['state'] => ({
  terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: T0, finishedAt: T0 },
});

void test('podPhase follows kubelet getPhase', () => {
  const one: PodSpec = { containers: [{ name: 'a' }] };
  const cases: [string, PodSpec, ContainerStatus[], ContainerStatus[], boolean, string][] = [
    ['waiting', one, [], [cs('a', waiting('ContainerCreating'))], false, 'Pending'],
    ['running', one, [], [cs('a', running)], false, 'Running'],
    [
      'crash loop (Always)',
      one,
      [],
      [
        cs('a', waiting('CrashLoopBackOff'), {
          lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: T0, finishedAt: T0 } },
        }),
      ],
      false,
      'Running',
    ],
    ['exited 0, Never', { ...one, restartPolicy: 'Never' }, [], [cs('a', exited(0))], false, 'Succeeded'],
    ['exited 1, Never', { ...one, restartPolicy: 'Never' }, [], [cs('a', exited(1))], false, 'Failed'],
    [
      'exited 1, OnFailure',
      { ...one, restartPolicy: 'OnFailure' },
      [],
      [cs('a', exited(1))],
      false,
      'Running',
    ],
    ['exited 0, Always, deleted', one, [], [cs('a', exited(0))], true, 'Succeeded'],
    ['no status yet', one, [], [], false, 'Pending'],
    [
      'init running',
      { ...one, initContainers: [{ name: 'i' }] },
      [cs('i', running)],
      [cs('a', waiting('PodInitializing'))],
      false,
      'Pending',
    ],
    [
      'init failed, Never',
      { ...one, restartPolicy: 'Never', initContainers: [{ name: 'i' }] },
      [cs('i', exited(2))],
      [cs('a', waiting('PodInitializing'))],
      false,
      'Failed',
    ],
  ];
  for (const [what, spec, init, main, terminal, phase] of cases) {
    assert.equal(podPhase(spec, init, main, terminal), phase, what);
  }
});

function input(spec: PodSpec, statuses: ContainerStatus[], old?: PodStatus, init: ContainerStatus[] = []) {
  return {
    old,
    spec,
    now: T1,
    hostIP: '127.211.0.1',
    podIP: '127.211.128.2',
    startTime: T0,
    qosClass: 'BestEffort',
    initStatuses: init,
    statuses,
    terminal: false,
  };
}

void test('conditions: order, reasons, messages and transition times', () => {
  const spec: PodSpec = { containers: [{ name: 'web' }, { name: 'side' }] };
  const old: PodStatus = {
    conditions: [
      { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: T0 },
      { type: 'target-health.elbv2.k8s.aws/tg', status: 'True', lastProbeTime: null, lastTransitionTime: T0 },
      {
        type: 'Ready',
        status: 'False',
        lastProbeTime: null,
        lastTransitionTime: T0,
        reason: 'ContainersNotReady',
      },
    ],
  };
  const s = buildPodStatus(input(spec, [cs('web', running, { ready: true }), cs('side', running)], old));
  assert.equal(s.phase, 'Running');
  assert.deepEqual(s.conditions, [
    { type: 'target-health.elbv2.k8s.aws/tg', status: 'True', lastProbeTime: null, lastTransitionTime: T0 },
    { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: T1 },
    { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: T1 },
    {
      type: 'Ready',
      status: 'False',
      lastProbeTime: null,
      lastTransitionTime: T0,
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [side]',
    },
    {
      type: 'ContainersReady',
      status: 'False',
      lastProbeTime: null,
      lastTransitionTime: T1,
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [side]',
    },
    { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: T0 },
  ]);
  assert.deepEqual(
    s.containerStatuses?.map((c) => c.name),
    ['side', 'web'],
    'sorted by name',
  );
  assert.deepEqual(Object.keys(s).slice(0, 4), ['phase', 'conditions', 'hostIP', 'hostIPs']);
});

void test('readiness gates hold Ready until their conditions are True', () => {
  const spec: PodSpec = {
    containers: [{ name: 'web' }],
    readinessGates: [{ conditionType: 'example.com/a' }, { conditionType: 'example.com/b' }],
  };
  const old: PodStatus = {
    conditions: [{ type: 'example.com/b', status: 'False', lastProbeTime: null, lastTransitionTime: T0 }],
  };
  const s = buildPodStatus(input(spec, [cs('web', running, { ready: true })], old));
  const ready = s.conditions?.find((c) => c.type === 'Ready');
  assert.equal(ready?.status, 'False');
  assert.equal(ready?.reason, 'ReadinessGatesNotReady');
  assert.equal(
    ready?.message,
    'corresponding condition of pod readiness gate "example.com/a" does not exist., the status of pod readiness gate "example.com/b" is not "True", but False',
  );
  assert.equal(s.conditions?.find((c) => c.type === 'ContainersReady')?.status, 'True');
});

void test('init containers: Initialized False with the incomplete ones', () => {
  const spec: PodSpec = {
    containers: [{ name: 'web' }],
    initContainers: [{ name: 'setup' }, { name: 'migrate' }],
  };
  const s = buildPodStatus(
    input(spec, [cs('web', waiting('PodInitializing'))], undefined, [
      cs('setup', exited(0)),
      cs('migrate', running),
    ]),
  );
  const init = s.conditions?.find((c) => c.type === 'Initialized');
  assert.equal(init?.status, 'False');
  assert.equal(init?.reason, 'ContainersNotInitialized');
  assert.equal(init?.message, 'containers with incomplete status: [migrate]');
  assert.deepEqual(
    s.initContainerStatuses?.map((c) => c.name),
    ['setup', 'migrate'],
    'init containers keep spec order',
  );
  assert.equal(s.phase, 'Pending');
});
