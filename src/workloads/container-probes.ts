// A container instance's probe workers, wired as the kubelet's prober manager wires them:
// the startup probe first; readiness and liveness once started (ready at once without a
// readiness probe); an Unhealthy event per failed attempt; a liveness or startup failure
// asks for the container to be killed and restarted.
import type { ContainerSpec } from './container-spec.ts';
import { ProbeWorker, type ProbeKind } from './probe-worker.ts';
import type { ProbeSpec, ProbeTarget } from './probes.ts';

export interface ProbeHooks {
  unhealthy(message: string): void;
  started(): void;
  ready(ready: boolean): void;
  kill(message: string, probe: ProbeSpec): void;
}

/** Starts the workers; the returned list grows when startup succeeds. Stop each to end. */
export function startContainerProbes(
  spec: ContainerSpec,
  enabled: boolean,
  target: ProbeTarget,
  startedAt: number,
  hooks: ProbeHooks,
): ProbeWorker[] {
  const workers: ProbeWorker[] = [];
  const worker = (kind: ProbeKind, probe: ProbeSpec, onResult: (r: 'success' | 'failure') => void): void => {
    const w = new ProbeWorker({
      kind,
      spec: probe,
      target,
      startedAt,
      onResult,
      onFailedAttempt: (output) => hooks.unhealthy(`${kind} probe failed: ${output}`),
    });
    workers.push(w);
    w.start();
  };
  const afterStartup = (): void => {
    const readiness = enabled ? spec.readinessProbe : undefined;
    const liveness = enabled ? spec.livenessProbe : undefined;
    if (readiness) worker('Readiness', readiness, (r) => hooks.ready(r === 'success'));
    if (liveness) {
      worker('Liveness', liveness, (r) => {
        if (r === 'failure')
          hooks.kill(`Container ${spec.name} failed liveness probe, will be restarted`, liveness);
      });
    }
    hooks.started();
    if (!readiness) hooks.ready(true);
  };
  const startup = enabled ? spec.startupProbe : undefined;
  if (!startup) {
    afterStartup();
    return workers;
  }
  worker('Startup', startup, (r) => {
    if (r === 'success') afterStartup();
    else hooks.kill(`Container ${spec.name} failed startup probe, will be restarted`, startup);
  });
  return workers;
}
