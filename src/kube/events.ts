// Events as the kubelet and controllers record them: one Event object per
// (involvedObject, reason, message), its count and lastTimestamp bumped on repeats, so
// `kubectl describe` and `kubectl get events` show them. involvedObject.uid is required:
// describe never shows an Event without it.
import type { KubeObject } from '../resources/types.ts';
import type { Store } from '../store/types.ts';

export const EVENTS_KEY = { group: '', resource: 'events' } as const;

export interface EventSource {
  component: string; // 'deployment-controller', 'kubelet', 'default-scheduler', 'ingress'
  host?: string; // node name for kubelet events
}

export interface EventRecorder {
  record(
    involved: Readonly<KubeObject>,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    fieldPath?: string,
  ): void;
}

export function eventRecorder(
  store: Store,
  source: EventSource,
  now: () => Date = () => new Date(),
): EventRecorder {
  return {
    record(involved, type, reason, message, fieldPath) {
      const ns = involved.metadata.namespace ?? 'default';
      const name = involved.metadata.name ?? '';
      const uid = involved.metadata.uid ?? '';
      const ts = now()
        .toISOString()
        .replace(/\.\d+Z$/, 'Z');
      const existing = store.list(EVENTS_KEY, ns).find((e) => {
        const io = e['involvedObject'] as { uid?: string; fieldPath?: string } | undefined;
        return (
          io?.uid === uid && e['reason'] === reason && e['message'] === message && io.fieldPath === fieldPath
        );
      });
      if (existing) {
        store.update(EVENTS_KEY, {
          ...existing,
          metadata: { ...existing.metadata },
          count: ((existing['count'] as number | undefined) ?? 1) + 1,
          lastTimestamp: ts,
        });
        return;
      }
      const involvedObject: Record<string, unknown> = {
        kind: involved.kind,
        namespace: involved.metadata.namespace,
        name,
        uid,
        apiVersion: involved.apiVersion,
        resourceVersion: involved.metadata.resourceVersion,
      };
      if (fieldPath) involvedObject['fieldPath'] = fieldPath;
      const src: Record<string, string> = { component: source.component };
      if (source.host) src['host'] = source.host;
      store.create(EVENTS_KEY, {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: `${name}.${eventSuffix(now())}`, namespace: ns },
        involvedObject,
        reason,
        message,
        source: src,
        firstTimestamp: ts,
        lastTimestamp: ts,
        count: 1,
        type,
        eventTime: null,
        reportingComponent: source.component,
        reportingInstance: source.host ?? '',
      });
    },
  };
}

let lastSuffix = 0n;

/**
 * The API server's event names end in the hex of the creation time in nanoseconds, so
 * events list (and describe prints them) in the order they happened. Kept increasing here.
 */
function eventSuffix(at: Date): string {
  let n = BigInt(at.getTime()) * 1_000_000n;
  if (n <= lastSuffix) n = lastSuffix + 1n;
  lastSuffix = n;
  return n.toString(16);
}
