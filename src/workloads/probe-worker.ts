// One probe of one container instance, run as the kubelet's prober worker runs it: first
// attempt at once, then every periodSeconds; nothing before initialDelaySeconds after the
// container started; successThreshold / failureThreshold consecutive results change the
// reported result. Readiness starts as failure, liveness as success, startup as unknown.
// A liveness or startup failure stops the worker (the container is restarted with new ones).
import { runProbe, type ProbeOutcome, type ProbeSpec, type ProbeTarget } from './probes.ts';

export type ProbeKind = 'Readiness' | 'Liveness' | 'Startup';

export interface ProbeWorkerOptions {
  kind: ProbeKind;
  spec: ProbeSpec;
  target: ProbeTarget;
  /** When the container instance started (ms). */
  startedAt: number;
  /** The reported result changed (after thresholds). */
  onResult(result: 'success' | 'failure'): void;
  /** Each failed attempt (the kubelet records an Unhealthy event for each). */
  onFailedAttempt(output: string): void;
  /** Tests: replace the probe runner. */
  run?: (spec: ProbeSpec, target: ProbeTarget) => Promise<ProbeOutcome>;
}

export class ProbeWorker {
  readonly #o: ProbeWorkerOptions;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #reported: 'success' | 'failure' | 'unknown';
  #last: 'success' | 'failure' | undefined;
  #run = 0;

  constructor(opts: ProbeWorkerOptions) {
    this.#o = opts;
    this.#reported = opts.kind === 'Readiness' ? 'failure' : opts.kind === 'Liveness' ? 'success' : 'unknown';
  }

  get reported(): 'success' | 'failure' | 'unknown' {
    return this.#reported;
  }

  start(): void {
    this.#schedule(0);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => void this.#tick(), ms);
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    const began = Date.now();
    const period = Math.max(1, this.#o.spec.periodSeconds ?? 10) * 1000;
    const delay = (this.#o.spec.initialDelaySeconds ?? 0) * 1000;
    if (began - this.#o.startedAt >= delay) {
      const outcome = await (this.#o.run ?? runProbe)(this.#o.spec, this.#o.target);
      if (this.#stopped) return;
      this.#record(outcome);
      if (this.#stopped) return;
    }
    this.#schedule(Math.max(0, began + period - Date.now()));
  }

  #record(outcome: ProbeOutcome): void {
    if (outcome.result === 'failure') this.#o.onFailedAttempt(outcome.output);
    if (this.#stopped) return;
    if (this.#last === outcome.result) this.#run++;
    else {
      this.#last = outcome.result;
      this.#run = 1;
    }
    const failureThreshold = Math.max(1, this.#o.spec.failureThreshold ?? 3);
    const successThreshold = Math.max(1, this.#o.spec.successThreshold ?? 1);
    if (outcome.result === 'failure' && this.#run < failureThreshold) return;
    if (outcome.result === 'success' && this.#run < successThreshold) return;
    const changed = this.#reported !== outcome.result;
    this.#reported = outcome.result;
    if (this.#o.kind !== 'Readiness' && outcome.result === 'failure') this.stop(); // on hold until restart
    if (this.#o.kind === 'Startup' && outcome.result === 'success') this.stop(); // done
    if (changed) this.#o.onResult(outcome.result);
  }
}
