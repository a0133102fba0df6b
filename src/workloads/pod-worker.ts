// One pod on one node, as the kubelet's pod worker runs it: a sandbox address, init
// containers in order, then the containers; the status written back whenever it changes
// (coalesced, on the latest object, retried on Conflict, never written unchanged); graceful
// termination when the pod is marked for deletion, after which the pod object is removed.
import type { KubeObject } from '../resources/types.ts';
import { StoreError } from '../store/types.ts';
import { ContainerRunner } from './container-runner.ts';
import { podSpec, podStatusOf, type ContainerSpec, type PodStatus } from './container-spec.ts';
import { rfc3339 } from '../resources/time.ts';
import type { IpAllocator, PodAddress } from './ip-allocator.ts';
import { buildPodStatus } from './pod-status.ts';
import { qosClass } from '../resources/qos.ts';
import type { RunnerDeps, RunnerPod } from './runner-deps.ts';
import { PodVolumes } from './volumes.ts';

export const PODS = { group: '', resource: 'pods' } as const;
const SANDBOX_RETRY_MS = 10_000;
const MIN_GRACE_SECONDS = 2;

function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === 'object' && !Array.isArray(val)
      ? Object.fromEntries(Object.entries(val).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : val,
  );
}

export interface PodWorkerOptions {
  nodeIndex: number;
  nodeName: string;
  hostIP: string;
  ips: IpAllocator;
  deps: RunnerDeps;
}

export class PodWorker implements RunnerPod {
  readonly uid: string;
  readonly nodeName: string;
  readonly hostIP: string;
  readonly #o: PodWorkerOptions;
  #pod: Readonly<KubeObject>;
  #address: PodAddress | undefined;
  #startTime: string;
  #init: { spec: ContainerSpec; runner: ContainerRunner; begun: boolean }[] = [];
  #main: ContainerRunner[] = [];
  #mainBegun = false;
  #flushQueued = false;
  #terminating: Promise<void> | undefined;
  #terminal = false;
  #gone = false;
  #killing: Promise<void> | undefined;
  #sandboxTimer: NodeJS.Timeout | undefined;
  #annotations: string;
  readonly #volumes: PodVolumes;

  constructor(pod: Readonly<KubeObject>, opts: PodWorkerOptions) {
    this.#pod = pod;
    this.#o = opts;
    this.uid = pod.metadata.uid ?? '';
    this.nodeName = opts.nodeName;
    this.hostIP = opts.hostIP;
    this.#startTime = podStatusOf(pod)?.startTime ?? rfc3339(opts.deps.now());
    this.#annotations = canonical(pod.metadata.annotations ?? {});
    this.#volumes = new PodVolumes({
      home: opts.deps.home,
      store: opts.deps.store,
      events: opts.deps.events,
      pod: () => this.#pod,
      onMounted: () => this.onChange(),
    });
  }

  volumeDirs(): ReadonlyMap<string, string> | undefined {
    return this.#volumes.dirs;
  }

  get podIP(): string {
    return this.#address?.ip ?? '';
  }

  pod(): Readonly<KubeObject> {
    return this.#pod;
  }

  graceSeconds(): number {
    return podSpec(this.#pod).terminationGracePeriodSeconds ?? 30;
  }

  start(): void {
    this.#createSandbox();
  }

  #createSandbox(): void {
    if (this.#gone || this.#terminating) return;
    this.#address = podSpec(this.#pod).hostNetwork
      ? { slot: -1, ip: this.hostIP } // the node's own address, nothing allocated
      : this.#o.ips.allocate(podStatusOf(this.#pod)?.podIP);
    if (!this.#address) {
      const cidr = this.#o.deps.plan.podCIDR(this.#o.nodeIndex);
      try {
        this.#o.deps.events.record(
          this.#pod,
          'Warning',
          'FailedCreatePodSandBox',
          `Failed to create pod sandbox: plugin type="host-local" failed (add): failed to allocate for range 0: no IP addresses available in range set: ${cidr}`,
        );
      } catch {
        // best effort
      }
      this.#sandboxTimer = setTimeout(() => this.#createSandbox(), SANDBOX_RETRY_MS);
      this.#sandboxTimer.unref();
      this.onChange();
      return;
    }
    const spec = podSpec(this.#pod);
    const old = podStatusOf(this.#pod);
    const restarts = (name: string, init: boolean): number =>
      (init ? old?.initContainerStatuses : old?.containerStatuses)?.find((s) => s.name === name)
        ?.restartCount ?? 0;
    const policy = spec.restartPolicy ?? 'Always';
    const hasInit = (spec.initContainers?.length ?? 0) > 0;
    this.#init = (spec.initContainers ?? []).map((c) => ({
      spec: c,
      begun: false,
      runner: new ContainerRunner({
        spec: c,
        fieldPath: `spec.initContainers{${c.name}}`,
        policy: c.restartPolicy === 'Always' ? 'Always' : policy === 'Never' ? 'Never' : 'OnFailure',
        probes: c.restartPolicy === 'Always',
        initialReason: 'PodInitializing',
        restartCount: restarts(c.name, true),
        pod: this,
        deps: this.#o.deps,
      }),
    }));
    this.#main = (spec.containers ?? []).map(
      (c) =>
        new ContainerRunner({
          spec: c,
          fieldPath: `spec.containers{${c.name}}`,
          policy,
          probes: true,
          initialReason: hasInit ? 'PodInitializing' : 'ContainerCreating',
          restartCount: restarts(c.name, false),
          pod: this,
          deps: this.#o.deps,
        }),
    );
    this.#flush(); // Pending, ContainerCreating: the sandbox exists, nothing runs yet
    this.onChange();
  }

  /** Starts whatever may start now: the next init container, or the containers. */
  #advance(): void {
    if (this.#terminating || this.#gone || !this.#address) return;
    if (!this.#volumes.ensure()) return; // FailedMount: ContainerCreating until it retries
    for (const init of this.#init) {
      if (!init.begun) {
        init.begun = true;
        init.runner.begin();
        return;
      }
      const through = init.spec.restartPolicy === 'Always' ? init.runner.started : init.runner.succeeded;
      if (!through) return;
    }
    if (this.#mainBegun) return;
    this.#mainBegun = true;
    for (const r of this.#main) r.begin();
  }

  onChange(): void {
    this.#advance();
    if (this.#flushQueued || this.#gone) return;
    this.#flushQueued = true;
    setImmediate(() => {
      this.#flushQueued = false;
      this.#flush();
    });
  }

  /** A new version of the pod from the store. */
  update(pod: Readonly<KubeObject>): void {
    if (pod.metadata.uid !== this.uid || this.#gone) return;
    this.#pod = pod;
    if (pod.metadata.deletionTimestamp) {
      void this.terminate();
      return;
    }
    const spec = podSpec(pod);
    for (const r of this.#main) {
      const c = spec.containers?.find((x) => x.name === r.name);
      if (c) r.updateSpec(c);
    }
    const annotations = canonical(pod.metadata.annotations ?? {});
    if (annotations !== this.#annotations) {
      this.#annotations = annotations;
      this.retryPulls();
    }
  }

  /** The image mapping may have changed. */
  retryPulls(): void {
    for (const r of [...this.#init.map((i) => i.runner), ...this.#main]) r.retryPull();
  }

  #status(latest: Readonly<KubeObject>): PodStatus {
    const spec = podSpec(latest);
    return buildPodStatus({
      old: podStatusOf(latest),
      spec,
      now: rfc3339(this.#o.deps.now()),
      hostIP: this.hostIP,
      podIP: this.#address?.ip,
      startTime: this.#startTime,
      qosClass: qosClass([...(spec.initContainers ?? []), ...(spec.containers ?? [])]),
      initStatuses: this.#init.map((i) => i.runner.status()),
      statuses: this.#main.map((r) => r.status()),
      terminal: this.#terminal,
    });
  }

  #flush(): void {
    if (this.#gone) return;
    const { store } = this.#o.deps;
    const ns = this.#pod.metadata.namespace ?? 'default';
    const name = this.#pod.metadata.name ?? '';
    for (let attempt = 0; attempt < 5; attempt++) {
      const latest = store.get(PODS, ns, name);
      if (latest?.metadata.uid !== this.uid) return;
      const status = this.#status(latest);
      if (canonical(latest['status']) === canonical(status)) return;
      try {
        this.#pod = store.update(PODS, { ...latest, status }, latest.metadata.resourceVersion);
        return;
      } catch (err) {
        if (err instanceof StoreError && err.reason === 'Conflict') continue;
        return; // NotFound (deleted meanwhile) or the store is closing
      }
    }
  }

  #runners(): ContainerRunner[] {
    return [...this.#main, ...this.#init.map((i) => i.runner).reverse()];
  }

  /**
   * The pod is marked for deletion: stop its containers within the grace period (Killing
   * events), report them terminated, then remove the object (unless finalizers remain).
   */
  terminate(): Promise<void> {
    this.#terminating ??= (async () => {
      if (this.#sandboxTimer) clearTimeout(this.#sandboxTimer);
      this.#volumes.stop();
      const meta = this.#pod.metadata as { deletionGracePeriodSeconds?: number };
      const grace = Math.max(MIN_GRACE_SECONDS, meta.deletionGracePeriodSeconds ?? this.graceSeconds());
      await Promise.all(this.#runners().map((r) => r.stop(grace)));
      this.#terminal = true;
      this.#flush();
      const latest = this.#o.deps.store.get(
        PODS,
        this.#pod.metadata.namespace ?? 'default',
        this.#pod.metadata.name ?? '',
      );
      if (latest?.metadata.uid === this.uid && (latest.metadata.finalizers?.length ?? 0) === 0) {
        try {
          this.#o.deps.store.delete(PODS, latest.metadata.namespace ?? 'default', latest.metadata.name ?? '');
        } catch {
          // already gone
        }
      }
    })();
    return this.#terminating;
  }

  /**
   * The pod object is gone (or the kubelet stops): stop everything, free the address and
   * drop the logs. `graceCap` bounds the wait for processes (the kubelet shutting down).
   */
  kill(graceCap = Infinity, record = true): Promise<void> {
    this.#killing ??= (async () => {
      this.#gone = true; // no more status writes: the object is gone or the kubelet is stopping
      if (this.#sandboxTimer) clearTimeout(this.#sandboxTimer);
      const grace = Math.min(graceCap, Math.max(MIN_GRACE_SECONDS, this.graceSeconds()));
      this.#terminating ??= Promise.resolve();
      await Promise.all(this.#runners().map((r) => r.stop(grace, record)));
      if (this.#address && this.#address.slot >= 0) this.#o.ips.release(this.#address.slot);
      this.#address = undefined;
      const meta = this.#pod.metadata;
      this.#o.deps.logs.removePod(meta.namespace ?? 'default', meta.name ?? '');
      try {
        this.#volumes.remove();
      } catch {
        // best effort: a directory in use is left for the next start
      }
    })();
    return this.#killing;
  }
}
