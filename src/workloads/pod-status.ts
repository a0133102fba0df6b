// The pod status the kubelet reports, computed from its containers' statuses: phase
// (kubelet getPhase), the kubelet-owned conditions in the kubelet's order with
// lastTransitionTime kept while a condition's status holds, other conditions kept as they
// were (readiness gates, DisruptionTarget), container statuses sorted by name.
import type { ContainerSpec, ContainerStatus, PodCondition, PodSpec, PodStatus } from './container-spec.ts';

const KUBELET_CONDITIONS = new Set([
  'PodReadyToStartContainers',
  'Initialized',
  'Ready',
  'ContainersReady',
  'PodScheduled',
]);

export interface PodStatusInput {
  old: PodStatus | undefined;
  spec: PodSpec;
  now: string;
  hostIP: string;
  podIP: string | undefined;
  startTime: string;
  qosClass: string;
  initStatuses: readonly ContainerStatus[];
  statuses: readonly ContainerStatus[];
  /** The pod is being deleted and its containers are stopped. */
  terminal: boolean;
}

function isSidecar(c: ContainerSpec): boolean {
  return c.restartPolicy === 'Always';
}

function byName(list: readonly ContainerStatus[], name: string): ContainerStatus | undefined {
  return list.find((s) => s.name === name);
}

/** kubelet_pods.go getPhase. */
export function podPhase(
  spec: PodSpec,
  initStatuses: readonly ContainerStatus[],
  statuses: readonly ContainerStatus[],
  terminal: boolean,
): string {
  let pendingInit = 0;
  let failedInit = 0;
  for (const c of spec.initContainers ?? []) {
    const s = byName(initStatuses, c.name);
    if (isSidecar(c)) {
      if (!s || !('running' in s.state) || !s.started) {
        if (!s || !('terminated' in s.state)) pendingInit++;
      }
      continue;
    }
    if (!s) pendingInit++;
    else if ('running' in s.state) pendingInit++;
    else if ('terminated' in s.state) {
      if (s.state.terminated.exitCode !== 0) failedInit++;
    } else if (s.lastState.terminated) {
      if (s.lastState.terminated.exitCode !== 0) failedInit++;
    } else pendingInit++;
  }
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of spec.containers ?? []) {
    const s = byName(statuses, c.name);
    if (!s) unknown++;
    else if ('running' in s.state) running++;
    else if ('terminated' in s.state) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.lastState.terminated) stopped++;
    else waiting++;
  }
  const policy = spec.restartPolicy ?? 'Always';
  if (failedInit > 0 && policy === 'Never') return 'Failed';
  if (pendingInit > 0 || waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (terminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

type Cond = Omit<PodCondition, 'lastProbeTime' | 'lastTransitionTime'>;

function cond(type: string, ok: boolean, reason?: string, message?: string): Cond {
  const c: Cond = { type, status: ok ? 'True' : 'False' };
  if (!ok && reason) c.reason = reason;
  if (!ok && message) c.message = message;
  return c;
}

function list(names: string[]): string {
  return `[${names.join(' ')}]`;
}

export function buildPodStatus(input: PodStatusInput): PodStatus {
  const { spec, old } = input;
  const phase = podPhase(spec, input.initStatuses, input.statuses, input.terminal);
  const done = phase === 'Succeeded' || phase === 'Failed';

  const incomplete = (spec.initContainers ?? [])
    .filter((c) => {
      const s = byName(input.initStatuses, c.name);
      if (!s) return true;
      if (isSidecar(c)) return !('running' in s.state && s.started) && !('terminated' in s.state);
      return !('terminated' in s.state && s.state.terminated.exitCode === 0);
    })
    .map((c) => c.name);
  const wasInitialized =
    old?.conditions?.some((c) => c.type === 'Initialized' && c.status === 'True') ?? false;
  const initialized = incomplete.length === 0 || wasInitialized || done;

  const unready = [
    ...(spec.initContainers ?? []).filter(isSidecar).map((c) => c.name),
    ...(spec.containers ?? []).map((c) => c.name),
  ].filter((name) => {
    const s = byName(input.statuses, name) ?? byName(input.initStatuses, name);
    return !s?.ready;
  });
  let containersReady: Cond;
  if (done) containersReady = cond('ContainersReady', false, 'PodCompleted');
  else
    containersReady = cond(
      'ContainersReady',
      unready.length === 0,
      'ContainersNotReady',
      `containers with unready status: ${list(unready)}`,
    );

  let ready: Cond = { ...containersReady, type: 'Ready' };
  if (containersReady.status === 'True' && spec.readinessGates?.length) {
    const messages: string[] = [];
    for (const g of spec.readinessGates) {
      const c = old?.conditions?.find((x) => x.type === g.conditionType);
      if (!c)
        messages.push(`corresponding condition of pod readiness gate "${g.conditionType}" does not exist.`);
      else if (c.status !== 'True') {
        messages.push(`the status of pod readiness gate "${g.conditionType}" is not "True", but ${c.status}`);
      }
    }
    if (messages.length > 0) ready = cond('Ready', false, 'ReadinessGatesNotReady', messages.join(', '));
  }

  const oldScheduled = old?.conditions?.find((c) => c.type === 'PodScheduled');
  const kubelet: Cond[] = [
    cond('PodReadyToStartContainers', input.podIP !== undefined && !input.terminal),
    done && incomplete.length > 0
      ? cond('Initialized', false, 'PodCompleted')
      : cond(
          'Initialized',
          initialized,
          'ContainersNotInitialized',
          `containers with incomplete status: ${list(incomplete)}`,
        ),
    ready,
    containersReady,
    { type: 'PodScheduled', status: 'True' },
  ];
  const conditions: PodCondition[] = (old?.conditions ?? []).filter((c) => !KUBELET_CONDITIONS.has(c.type));
  for (const c of kubelet) {
    const prev = c.type === 'PodScheduled' ? oldScheduled : old?.conditions?.find((x) => x.type === c.type);
    const lastTransitionTime = prev && prev.status === c.status ? prev.lastTransitionTime : input.now;
    const full: PodCondition = { type: c.type, status: c.status, lastProbeTime: null, lastTransitionTime };
    if (c.reason) full.reason = c.reason;
    if (c.message) full.message = c.message;
    conditions.push(full);
  }

  const status: PodStatus = { ...(old ?? {}) };
  status.phase = phase;
  status.conditions = conditions;
  status.hostIP = input.hostIP;
  status.hostIPs = [{ ip: input.hostIP }];
  if (input.podIP !== undefined) {
    status.podIP = input.podIP;
    status.podIPs = [{ ip: input.podIP }];
  }
  status.startTime = input.startTime;
  if (input.initStatuses.length > 0) status.initContainerStatuses = [...input.initStatuses];
  else delete status.initContainerStatuses;
  status.containerStatuses = [...input.statuses].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  status.qosClass = input.qosClass;
  return orderStatus(status);
}

const ORDER = [
  'phase',
  'conditions',
  'message',
  'reason',
  'nominatedNodeName',
  'hostIP',
  'hostIPs',
  'podIP',
  'podIPs',
  'startTime',
  'initContainerStatuses',
  'containerStatuses',
  'qosClass',
];

/** Keys in the order the API server serializes PodStatus. */
function orderStatus(s: PodStatus): PodStatus {
  const out: PodStatus = {};
  for (const k of ORDER) if (s[k] !== undefined) out[k] = s[k];
  for (const [k, v] of Object.entries(s)) if (!(k in out) && v !== undefined) out[k] = v;
  return out;
}
