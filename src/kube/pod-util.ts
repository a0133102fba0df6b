// Pod facts the controllers share (k8s.io/kubernetes pkg/api/v1/pod and controller utils):
// readiness, availability, activity, the controller reference and a Service port's target
// port on a pod.
import type { KubeObject, OwnerReference } from '../resources/types.ts';
import type { Pod, ServicePort } from './objects.ts';

type Condition = { type: string; status: string; lastTransitionTime?: string };

export function podCondition(pod: Readonly<Pod>, type: string): Readonly<Condition> | undefined {
  return (pod.status?.conditions as Condition[] | undefined)?.find((c) => c.type === type);
}

export function isPodReady(pod: Readonly<Pod>): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/** Ready for at least minReadySeconds (IsPodAvailable). */
export function isPodAvailable(pod: Readonly<Pod>, minReadySeconds: number, now: Date): boolean {
  const ready = podCondition(pod, 'Ready');
  if (ready?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : NaN;
  return !Number.isNaN(since) && since + minReadySeconds * 1000 <= now.getTime();
}

/** Milliseconds until a ready pod becomes available, or undefined when it never will by waiting. */
export function msUntilAvailable(pod: Readonly<Pod>, minReadySeconds: number, now: Date): number | undefined {
  const ready = podCondition(pod, 'Ready');
  if (ready?.status !== 'True' || minReadySeconds <= 0 || !ready.lastTransitionTime) return undefined;
  const left = Date.parse(ready.lastTransitionTime) + minReadySeconds * 1000 - now.getTime();
  return left > 0 ? left : undefined;
}

export function isTerminating(obj: Readonly<KubeObject>): boolean {
  return obj.metadata.deletionTimestamp !== undefined && obj.metadata.deletionTimestamp !== null;
}

/** Not terminating and not finished (controller.IsPodActive). */
export function isPodActive(pod: Readonly<Pod>): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !isTerminating(pod);
}

export function podIP(pod: Readonly<Pod>): string | undefined {
  return pod.status?.podIPs?.[0]?.ip ?? (pod.status?.podIP || undefined);
}

/** The ownerReference with controller: true, if any. */
export function controllerRef(obj: Readonly<KubeObject>): Readonly<OwnerReference> | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

export function ownerRefTo(owner: Readonly<KubeObject>): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** podutil.FindPort: the container port a Service port targets on this pod. */
export function findPort(pod: Readonly<Pod>, port: Readonly<ServicePort>): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  const protocol = port.protocol ?? 'TCP';
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  for (const c of [...(pod.spec?.containers ?? []), ...sidecars]) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
    }
  }
  return undefined;
}
