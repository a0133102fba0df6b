// Test support for src/kube: an in-memory store, a poller, and a stand-in kubelet that
// marks pods Running and Ready the way the real one reports them.
import { openStore } from '../store/store.ts';
import type { Store } from '../store/types.ts';
import { PODS } from './keys.ts';
import type { Pod } from './objects.ts';
import { rfc3339 } from '../resources/time.ts';

/** A fresh in-memory store (the real one, without a directory). */
export function newStore(): Promise<Store> {
  return openStore(undefined);
}

/** Polls `check` until it returns a value other than undefined/false, or throws at the deadline. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Writes a pod's status as a kubelet would once its containers run (ready or not). */
export function setPodStatus(
  store: Store,
  namespace: string,
  name: string,
  ready: boolean,
  ip?: string,
): void {
  const pod = store.get(PODS, namespace, name) as Pod | undefined;
  if (!pod) throw new Error(`no pod ${namespace}/${name}`);
  const next = structuredClone<Pod>(pod);
  const now = rfc3339(new Date());
  const others = (next.status?.conditions ?? []).filter((c) => c.type !== 'Ready');
  const prev = pod.status?.conditions?.find((c) => c.type === 'Ready');
  const status = ready ? 'True' : 'False';
  const ltt = prev?.status === status && prev.lastTransitionTime ? prev.lastTransitionTime : now;
  next.status = {
    ...next.status,
    phase: 'Running',
    conditions: [...others, { type: 'Ready', status, lastTransitionTime: ltt }],
  };
  if (ip) {
    next.status.podIP = ip;
    next.status.podIPs = [{ ip }];
  }
  store.update(PODS, next);
}

/**
 * A stand-in kubelet: every scheduled pod gets an IP from `ipFor` and becomes Running and
 * Ready (unless `ready` says otherwise). Returns a function that stops it.
 */
export function fakeKubelet(
  store: Store,
  opts: { ready?: (pod: Readonly<Pod>) => boolean; ipFor?: (pod: Readonly<Pod>, n: number) => string } = {},
): () => void {
  let n = 0;
  let stopped = false;
  const ips = new Map<string, string>();
  const sync = (): void => {
    if (stopped) return;
    for (const o of store.list(PODS)) {
      const pod = o as Pod;
      if (!pod.spec?.nodeName) continue;
      const id = `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
      let ip = ips.get(id);
      if (!ip) {
        ip = opts.ipFor?.(pod, n) ?? `127.201.128.${2 + (n % 250)}`;
        ips.set(id, ip);
        n++;
      }
      const want = opts.ready ? opts.ready(pod) : true;
      const isReady = pod.status?.conditions?.some(
        (c) => c.type === 'Ready' && c.status === (want ? 'True' : 'False'),
      );
      if (isReady && pod.status?.podIP === ip) continue;
      setPodStatus(store, pod.metadata.namespace ?? '', pod.metadata.name ?? '', want, ip);
    }
  };
  let queued = false;
  const stop = store.watch({ key: PODS }, undefined, () => {
    if (queued) return;
    queued = true;
    setImmediate(() => {
      queued = false;
      sync();
    });
  });
  setImmediate(sync);
  return () => {
    stopped = true;
    stop();
  };
}
