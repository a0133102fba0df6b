// The built-in image docker.io/istio/proxyv2: an istio-ingressgateway pod's container runs
// a GatewayProxyServer fed by istiod, so the pod turns Ready (15021 /healthz/ready) once the
// proxy has its first model, like pilot-agent + Envoy.
import type { Istiod } from '../../istio/istiod.ts';
import { registerBuiltinImage, type BuiltinImage } from '../../workloads/images/builtin.ts';
import type { ExitStatus } from '../../workloads/container.ts';
import { gatewayRandom } from './seeded-random.ts';
import { GatewayProxyServer, type GatewayReplicaSink } from './server.ts';

export const PROXYV2_REPOSITORY = 'docker.io/istio/proxyv2';

export function proxyv2Image(istiod: Istiod, replicas?: GatewayReplicaSink): BuiltinImage {
  return {
    identity: 'istio/proxyv2',
    port: 15021,
    async start(ctx) {
      const random = gatewayRandom(process.env, ctx.podName);
      const server = new GatewayProxyServer({
        ...(random ? { random } : {}),
        podIP: ctx.podIP,
        plan: ctx.plan,
        dial: ctx.dial,
        istiod,
        proxy: {
          namespace: ctx.namespace,
          name: ctx.podName,
          labels: { ...ctx.labels },
          annotations: { ...ctx.annotations },
        },
        log: ctx.log,
        ...(replicas ? { replicas } : {}),
      });
      try {
        await server.start();
      } catch (err) {
        await server.stop();
        const message = err instanceof Error ? err.message : String(err);
        ctx.log(`error\tenvoy: failed to start: ${message}`);
        const exit: ExitStatus = { exitCode: 1, reason: 'Error', message };
        return { exited: Promise.resolve(exit), stop: () => Promise.resolve(exit) };
      }
      let resolveExit: (s: ExitStatus) => void = () => undefined;
      const exited = new Promise<ExitStatus>((resolve) => (resolveExit = resolve));
      let stopping: Promise<ExitStatus> | undefined;
      return {
        exited,
        stop: () =>
          (stopping ??= server.stop().then(() => {
            const s: ExitStatus = { exitCode: 0, reason: 'Completed' };
            resolveExit(s);
            return s;
          })),
      };
    },
  };
}

/** Where Istio publishes proxyv2 (the default hub and the release registry). */
export const PROXYV2_REPOSITORIES = [PROXYV2_REPOSITORY, 'gcr.io/istio-release/proxyv2'] as const;

/** Registers proxyv2 under every tag of its repositories; returns the undo. */
export function registerProxyv2(istiod: Istiod, replicas?: GatewayReplicaSink): () => void {
  const image = proxyv2Image(istiod, replicas);
  const undo = PROXYV2_REPOSITORIES.map((repo) => registerBuiltinImage(repo, '*', image));
  return () => {
    for (const u of undo) u();
  };
}
