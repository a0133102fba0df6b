// `up` returns once what it started is ready: every Deployment has its replicas available
// (or the deadline passed: then `up` still returns, and `gangway status` tells what is not).
import type { Store } from '../store/types.ts';

const DEPLOYMENTS = { group: 'apps', resource: 'deployments' } as const;

function unavailable(store: Store): string[] {
  const waiting: string[] = [];
  for (const d of store.list(DEPLOYMENTS)) {
    const spec = d['spec'] as { replicas?: number } | undefined;
    const status = d['status'] as { availableReplicas?: number; updatedReplicas?: number } | undefined;
    const want = spec?.replicas ?? 1;
    if ((status?.availableReplicas ?? 0) < want || (status?.updatedReplicas ?? 0) < want)
      waiting.push(`${d.metadata.namespace ?? ''}/${d.metadata.name ?? ''}`);
  }
  return waiting;
}

/** Resolves with the Deployments still unavailable when the deadline passed ([] when all are). */
export function waitForDeployments(store: Store, deadlineMs: number): Promise<string[]> {
  return new Promise((resolve) => {
    let stopWatch = (): void => undefined;
    const finish = (left: string[]): void => {
      clearTimeout(timer);
      stopWatch();
      resolve(left);
    };
    const timer = setTimeout(() => finish(unavailable(store)), deadlineMs);
    const check = (): void => {
      if (unavailable(store).length === 0) finish([]);
    };
    stopWatch = store.watch({ key: DEPLOYMENTS }, undefined, () => setImmediate(check));
    check();
  });
}
