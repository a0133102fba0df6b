// Starting one container instance: its RunContext (address, hostname, env, argv, log sink),
// the runner that fits its image source, and the target its probes use.
import { startCommand } from './command-container.ts';
import { StartError, type ContainerInstance, type RunContext } from './container.ts';
import { podSpec, type ContainerSpec } from './container-spec.ts';
import { expandArgs } from './env.ts';
import type { ImageSource } from './image-map.ts';
import type { ProbeTarget } from './probes.ts';
import type { RunnerDeps, RunnerPod } from './runner-deps.ts';
import { startUrlForwarder } from './url-container.ts';
import { mountEnv, mountTable } from './volumes.ts';

export function runContext(
  spec: ContainerSpec,
  env: ReadonlyMap<string, string>,
  pod: RunnerPod,
  deps: RunnerDeps,
): RunContext {
  const obj = pod.pod();
  const namespace = obj.metadata.namespace ?? 'default';
  const podName = obj.metadata.name ?? '';
  const name = spec.name;
  return {
    namespace,
    podName,
    labels: { ...obj.metadata.labels },
    annotations: { ...obj.metadata.annotations },
    hostname: (podSpec(obj).hostname ?? podName).slice(0, 63),
    podIP: pod.podIP,
    hostIP: pod.hostIP,
    containerName: name,
    ports: spec.ports ?? [],
    env: Object.fromEntries(env),
    argv: expandArgs([...(spec.command ?? []), ...(spec.args ?? [])], env),
    home: deps.home,
    plan: deps.plan,
    dial: deps.dial,
    log: (text) => deps.logs.append(namespace, podName, name, text),
    mounts: mountTable(spec.volumeMounts, pod.volumeDirs?.()),
  };
}

export async function startSource(
  source: ImageSource,
  ctx: RunContext,
  image: string,
  volumeMounts?: ContainerSpec['volumeMounts'],
): Promise<ContainerInstance> {
  switch (source.kind) {
    case 'builtin':
      return source.image.start(ctx);
    case 'command': {
      const extra = mountEnv(ctx.mounts ?? [], volumeMounts);
      return startCommand({ ...ctx, env: { ...ctx.env, ...extra } }, source.command, image);
    }
    case 'url':
      return startUrlForwarder(ctx, source.target, source.url);
    default:
      throw new StartError(`image "${image}" cannot be run`);
  }
}

/** Probes dial from the node's address; exec runs in a mapped command's environment only. */
export function probeTarget(
  spec: ContainerSpec,
  pod: RunnerPod,
  deps: RunnerDeps,
  commandEnv: ReadonlyMap<string, string> | undefined,
): ProbeTarget {
  const target: ProbeTarget = { podIP: pod.podIP, ports: spec.ports ?? [], dial: deps.dial };
  if (deps.plan.multiAddress) target.localAddress = pod.hostIP;
  if (commandEnv) {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
    for (const [k, v] of commandEnv) env[k] = v;
    target.exec = { env, cwd: deps.home };
  }
  return target;
}
