// One container of one pod through its life, as the kubelet drives it: "pull" (resolve the
// image to a stand-in, a mapped command or a URL; ErrImagePull / ImagePullBackOff when none),
// build the environment, create, start, probe, and on exit restart by the restart policy with
// the crash-loop back-off. It keeps the container's status fields and records its events.
import { Backoff, goDuration } from './backoff.ts';
import type { ContainerInstance, ExitStatus } from './container.ts';
import { StartError } from './container.ts';
import { startContainerProbes } from './container-probes.ts';
import { probeTarget, runContext, startSource } from './container-start.ts';
import {
  type ContainerSpec,
  type ContainerState,
  type ContainerStateTerminated,
  type ContainerStatus,
  type RestartPolicy,
} from './container-spec.ts';
import { rfc3339 } from '../resources/time.ts';
import { ConfigError, containerEnv } from './env.ts';
import { ImagePuller } from './image-pull.ts';
import { canonicalReference, defaultPullPolicy, imageID, newContainerID } from './image-ref.ts';
import type { ProbeWorker } from './probe-worker.ts';
import type { ProbeSpec } from './probes.ts';
import type { RunnerDeps, RunnerPod } from './runner-deps.ts';

/** CreateContainerConfigError / RunContainerError: try again at the next sync. */
const CONFIG_RESYNC_MS = 10_000;

export class ContainerRunner {
  readonly #o: RunnerPod;
  readonly #d: RunnerDeps;
  readonly #fieldPath: string;
  readonly #policy: RestartPolicy;
  readonly #probesEnabled: boolean;
  #spec: ContainerSpec;
  #state: ContainerState;
  #lastState: { terminated?: ContainerStateTerminated } = {};
  #restartCount: number;
  #everStarted = false;
  #ready = false;
  #started = false;
  #image: string | undefined; // canonical reference of the running (or last) instance
  #imageID = '';
  #containerID: string | undefined;
  #instance: ContainerInstance | undefined;
  #gen = 0;
  #probes: ProbeWorker[] = [];
  #timer: NodeJS.Timeout | undefined;
  #syncing = false;
  #stopped = false;
  #done = false;
  #lastExitAt: number | undefined;
  #crash = new Backoff();
  #puller = new ImagePuller();

  constructor(opts: {
    spec: ContainerSpec;
    fieldPath: string; // spec.containers{web}
    policy: RestartPolicy; // the effective policy for this container
    probes: boolean; // false for (non-sidecar) init containers
    initialReason: string; // ContainerCreating or PodInitializing
    restartCount?: number; // carried over from a stored status
    pod: RunnerPod;
    deps: RunnerDeps;
  }) {
    this.#spec = opts.spec;
    this.#fieldPath = opts.fieldPath;
    this.#policy = opts.policy;
    this.#probesEnabled = opts.probes;
    this.#state = { waiting: { reason: opts.initialReason } };
    this.#restartCount = opts.restartCount ?? 0;
    this.#o = opts.pod;
    this.#d = opts.deps;
  }

  get name(): string {
    return this.#spec.name;
  }

  /** Ended and will not run again (restart policy); for init containers: succeeded. */
  get done(): boolean {
    return this.#done;
  }

  get succeeded(): boolean {
    return this.#done && 'terminated' in this.#state && this.#state.terminated.exitCode === 0;
  }

  get started(): boolean {
    return this.#started;
  }

  status(): ContainerStatus {
    const running = 'running' in this.#state;
    const s: ContainerStatus = {
      name: this.#spec.name,
      state: this.#state,
      lastState: this.#lastState,
      // a (non-sidecar) init container is ready once it has completed
      ready: this.#probesEnabled ? running && this.#ready : this.succeeded,
      restartCount: this.#restartCount,
      image: this.#image ?? this.#spec.image ?? '',
      imageID: this.#imageID,
      started: running && this.#started,
    };
    if (this.#containerID) s.containerID = this.#containerID;
    if (this.#image && this.#spec.volumeMounts?.length) {
      s.volumeMounts = this.#spec.volumeMounts.map((m) => ({
        name: m.name,
        mountPath: m.mountPath,
        ...(m.readOnly ? { readOnly: true } : {}),
        recursiveReadOnly: 'Disabled',
      }));
    }
    return s;
  }

  begin(): void {
    void this.#sync();
  }

  /** The image mapping may have changed: a container waiting on a pull tries again now. */
  retryPull(): void {
    if (this.#stopped || this.#instance || !this.#puller.failed) return;
    this.#puller.reset();
    this.#clearTimer();
    void this.#sync();
  }

  /** A new spec from the API (only the image may change): restart on a different image. */
  updateSpec(spec: ContainerSpec): void {
    const changed = spec.image !== this.#spec.image;
    this.#spec = spec;
    if (!changed || this.#stopped) return;
    if (this.#instance) void this.#kill(`Container ${spec.name} definition changed, will be restarted`);
    else if (!this.#done) this.retryPull();
  }

  /** Stops for good (pod deleted or kubelet stopping). */
  async stop(graceSeconds: number, record = true): Promise<void> {
    this.#stopped = true;
    this.#clearTimer();
    this.#stopProbes();
    const inst = this.#instance;
    if (!inst) return;
    if (record) this.#event('Normal', 'Killing', `Stopping container ${this.#spec.name}`);
    const gen = this.#gen;
    const exit = await inst.stop(graceSeconds);
    this.#onExit(gen, exit);
  }

  #event(type: 'Normal' | 'Warning', reason: string, message: string): void {
    try {
      this.#d.events.record(this.#o.pod(), type, reason, message, this.#fieldPath);
    } catch {
      // the namespace or the store may be going away; events are best effort
    }
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #resyncIn(ms: number): void {
    this.#clearTimer();
    if (this.#stopped) return;
    this.#timer = setTimeout(() => void this.#sync(), ms);
    this.#timer.unref();
  }

  #setWaiting(reason: string, message?: string): void {
    if ('terminated' in this.#state) this.#lastState = { terminated: this.#state.terminated };
    this.#state = message === undefined ? { waiting: { reason } } : { waiting: { reason, message } };
    this.#o.onChange();
  }

  async #sync(): Promise<void> {
    if (this.#stopped || this.#instance || this.#syncing || this.#done) return;
    this.#clearTimer();
    this.#syncing = true;
    try {
      await this.#startOnce();
    } finally {
      this.#syncing = false;
    }
  }

  #podIdentity(): string {
    const m = this.#o.pod().metadata;
    return `${m.name ?? ''}_${m.namespace ?? ''}(${m.uid ?? ''})`;
  }

  async #startOnce(): Promise<void> {
    const now = Date.now();
    const name = this.#spec.name;
    if (this.#lastExitAt !== undefined) {
      const wait = this.#crash.remaining(this.#lastExitAt, now);
      if (wait > 0) {
        const delay = goDuration(this.#crash.delayMs);
        this.#setWaiting(
          'CrashLoopBackOff',
          `back-off ${delay} restarting failed container=${name} pod=${this.#podIdentity()}`,
        );
        this.#event(
          'Warning',
          'BackOff',
          `Back-off restarting failed container ${name} in pod ${this.#podIdentity()}`,
        );
        this.#resyncIn(wait);
        return;
      }
    }
    const pod = this.#o.pod();
    const image = this.#spec.image ?? '';
    const source = this.#d.images.resolve(image, name, pod.metadata.annotations ?? {});
    const policy = this.#spec.imagePullPolicy ?? defaultPullPolicy(image);
    const pulled = this.#puller.pull(image, source, policy, {
      event: (type, reason, message) => this.#event(type, reason, message),
      setWaiting: (reason, message) => this.#setWaiting(reason, message),
      resyncIn: (ms) => this.#resyncIn(ms),
    });
    if (!pulled || source.kind === 'invalid' || source.kind === 'unknown') return;

    let env: Map<string, string>;
    try {
      env = containerEnv(this.#spec, {
        store: this.#d.store,
        pod,
        podIP: this.#o.podIP,
        hostIP: this.#o.hostIP,
        nodeName: this.#o.nodeName,
      });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      this.#setWaiting('CreateContainerConfigError', err.message);
      this.#event('Warning', 'Failed', `Error: ${err.message}`);
      this.#resyncIn(CONFIG_RESYNC_MS);
      return;
    }
    if (this.#lastExitAt !== undefined) this.#crash.next(this.#lastExitAt, now);

    const containerID = newContainerID();
    const ctx = runContext(this.#spec, env, this.#o, this.#d);
    this.#event('Normal', 'Created', `Created container: ${name}`);
    this.#d.logs.startInstance(ctx.namespace, ctx.podName, name);
    let inst: ContainerInstance;
    try {
      inst = await startSource(source, ctx, image, this.#spec.volumeMounts);
    } catch (err) {
      const msg =
        err instanceof StartError ? err.message : `failed to start container "${name}": ${String(err)}`;
      this.#d.logs.endInstance(ctx.namespace, ctx.podName, name);
      this.#setWaiting('RunContainerError', msg);
      this.#event('Warning', 'Failed', `Error: ${msg}`);
      this.#lastExitAt = Date.now();
      this.#resyncIn(CONFIG_RESYNC_MS);
      return;
    }
    if (this.#stopped) {
      await inst.stop(0);
      this.#d.logs.endInstance(ctx.namespace, ctx.podName, name);
      return;
    }
    if (this.#everStarted) this.#restartCount++;
    this.#everStarted = true;
    if ('terminated' in this.#state) this.#lastState = { terminated: this.#state.terminated };
    this.#instance = inst;
    const gen = ++this.#gen;
    this.#containerID = containerID;
    this.#image = canonicalReference(source.ref);
    this.#imageID = imageID(
      source.ref,
      source.kind === 'builtin' ? source.image.identity : canonicalReference(source.ref),
    );
    const startedAt = Date.now();
    this.#state = { running: { startedAt: rfc3339(this.#d.now()) } };
    this.#ready = false;
    this.#started = false;
    this.#event('Normal', 'Started', `Started container ${name}`);
    this.#startProbes(startedAt, source.kind === 'command' ? env : undefined);
    void inst.exited.then((exit) => this.#onExit(gen, exit));
    this.#o.onChange();
  }

  #startProbes(startedAt: number, env: Map<string, string> | undefined): void {
    const target = probeTarget(this.#spec, this.#o, this.#d, env);
    this.#probes = startContainerProbes(this.#spec, this.#probesEnabled, target, startedAt, {
      unhealthy: (message) => this.#event('Warning', 'Unhealthy', message),
      started: () => {
        this.#started = true;
        this.#o.onChange();
      },
      ready: (ready) => {
        this.#ready = ready;
        this.#o.onChange();
      },
      kill: (message, probe) => void this.#kill(message, probe),
    });
  }

  #stopProbes(): void {
    for (const w of this.#probes) w.stop();
    this.#probes = [];
  }

  /** Kills the running instance; #onExit then restarts it by the restart policy. */
  async #kill(message: string, probe?: ProbeSpec): Promise<void> {
    const inst = this.#instance;
    if (!inst) return;
    this.#stopProbes();
    this.#ready = false;
    this.#o.onChange();
    this.#event('Normal', 'Killing', message);
    const gen = this.#gen;
    const exit = await inst.stop(probe?.terminationGracePeriodSeconds ?? this.#o.graceSeconds());
    this.#onExit(gen, exit);
  }

  #onExit(gen: number, exit: ExitStatus): void {
    if (gen !== this.#gen || !this.#instance) return;
    this.#instance = undefined;
    this.#stopProbes();
    this.#ready = false;
    this.#started = false;
    const meta = this.#o.pod().metadata;
    this.#d.logs.endInstance(meta.namespace ?? 'default', meta.name ?? '', this.#spec.name);
    const finished = this.#d.now();
    const startedAt = 'running' in this.#state ? this.#state.running.startedAt : rfc3339(finished);
    const terminated: ContainerStateTerminated = {
      exitCode: exit.exitCode,
      reason: exit.reason,
      startedAt,
      finishedAt: rfc3339(finished),
    };
    if (exit.message) terminated.message = exit.message;
    if (this.#containerID) terminated.containerID = this.#containerID;
    this.#state = { terminated };
    this.#lastExitAt = Date.now();
    const restart = this.#policy === 'Always' || (this.#policy === 'OnFailure' && exit.exitCode !== 0);
    if (this.#stopped || !restart) {
      if (!this.#stopped) this.#done = true;
      this.#o.onChange();
      return;
    }
    this.#o.onChange();
    void this.#sync();
  }
}
