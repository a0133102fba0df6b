// Node, Namespace, Event, ConfigMap and Secret rows (printers.go printNode,
// printNamespace, printEvent, printConfigMap, printSecret).
import type { INode } from 'kubernetes-models/v1/Node';
import type { IEvent } from 'kubernetes-models/v1/Event';
import { AGE_COLUMN, DOC, NAME_COLUMN, col } from './columns.ts';
import { compareStrings } from '../resources/go-json.ts';
import { timestampSince } from './human-duration.ts';
import type { KindPrinter } from './kind-printer.ts';

const ROLE_PREFIX = 'node-role.kubernetes.io/';

/** findNodeRoles: node-role.kubernetes.io/<role> labels and kubernetes.io/role=<role>, sorted. */
export function nodeRoles(labels: Readonly<Record<string, string>> | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX)) {
      const role = k.slice(ROLE_PREFIX.length);
      if (role.length > 0) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v !== '') {
      roles.add(v);
    }
  }
  return [...roles].sort(compareStrings);
}

function nodeAddress(node: INode, type: string): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
}

export const NODE_PRINTER: KindPrinter = {
  columns: [
    NAME_COLUMN,
    col('Status', 'The status of the node'),
    col('Roles', 'The roles of the node'),
    AGE_COLUMN,
    col('Version', DOC.kubeletVersion),
    col('Internal-IP', DOC.nodeAddresses, { priority: 1 }),
    col('External-IP', DOC.nodeAddresses, { priority: 1 }),
    col('OS-Image', DOC.osImage, { priority: 1 }),
    col('Kernel-Version', DOC.kernelVersion, { priority: 1 }),
    col('Container-Runtime', DOC.containerRuntimeVersion, { priority: 1 }),
  ],
  row(obj, now) {
    const node = obj as unknown as INode;
    const status: string[] = [];
    // The last Ready condition wins, as the printer's map keyed by type does.
    const ready = (node.status?.conditions ?? []).filter((c) => c.type === 'Ready').at(-1);
    if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
    if (status.length === 0) status.push('Unknown');
    if (node.spec?.unschedulable) status.push('SchedulingDisabled');
    const roles = nodeRoles(node.metadata?.labels).join(',');
    const info = node.status?.nodeInfo;
    return {
      cells: [
        node.metadata?.name ?? '',
        status.join(','),
        roles === '' ? '<none>' : roles,
        timestampSince(node.metadata?.creationTimestamp, now),
        info?.kubeletVersion ?? '',
        nodeAddress(node, 'InternalIP'),
        nodeAddress(node, 'ExternalIP'),
        info?.osImage || '<unknown>',
        info?.kernelVersion || '<unknown>',
        info?.containerRuntimeVersion || '<unknown>',
      ],
    };
  },
};

export const NAMESPACE_PRINTER: KindPrinter = {
  columns: [NAME_COLUMN, col('Status', 'The status of the namespace'), AGE_COLUMN],
  row(obj, now) {
    const status = obj['status'] as { phase?: string } | undefined;
    return {
      cells: [
        obj.metadata.name ?? '',
        status?.phase ?? '',
        timestampSince(obj.metadata.creationTimestamp, now),
      ],
    };
  },
};

function isZeroTime(ts: unknown): boolean {
  return typeof ts !== 'string' || ts === '' || ts.startsWith('0001-01-01');
}

/** formatEventSource: `component, host`, falling back to reportingController/Instance. */
export function formatEventSource(ev: IEvent): string {
  const component = ev.source?.component || ev.reportingComponent || '';
  const instance = ev.source?.host || ev.reportingInstance || '';
  return instance === '' ? component : `${component}, ${instance}`;
}

export const EVENT_PRINTER: KindPrinter = {
  columns: [
    col('Last Seen', DOC.eventLastTimestamp),
    col('Type', DOC.eventType),
    col('Reason', DOC.eventReason),
    col('Object', DOC.eventInvolvedObject),
    col('Subobject', DOC.fieldPath, { priority: 1 }),
    col('Source', DOC.eventSource, { priority: 1 }),
    col('Message', DOC.eventMessage),
    col('First Seen', DOC.eventFirstTimestamp, { priority: 1 }),
    col('Count', DOC.eventCount, { priority: 1 }),
    col('Name', DOC.name, { priority: 1, format: 'name' }),
  ],
  row(obj, now) {
    const ev = obj as unknown as IEvent;
    let first = timestampSince(ev.firstTimestamp, now);
    if (isZeroTime(ev.firstTimestamp)) first = timestampSince(ev.eventTime ?? undefined, now);
    let last = timestampSince(ev.lastTimestamp, now);
    if (isZeroTime(ev.lastTimestamp)) last = first;
    let count = ev.count ?? 0;
    if (ev.series) {
      last = timestampSince(ev.series.lastObservedTime, now);
      count = ev.series.count ?? 0;
    } else if (count === 0) {
      count = 1;
    }
    const io = ev.involvedObject;
    const kind = (io.kind ?? '').toLowerCase();
    const target = io.name ? `${kind}/${io.name}` : kind;
    return {
      cells: [
        last,
        ev.type ?? '',
        ev.reason ?? '',
        target,
        io.fieldPath ?? '',
        formatEventSource(ev),
        (ev.message ?? '').trim(),
        first,
        count,
        ev.metadata?.name ?? '',
      ],
    };
  },
};

export const CONFIG_MAP_PRINTER: KindPrinter = {
  columns: [NAME_COLUMN, col('Data', DOC.configMapData), AGE_COLUMN],
  row(obj, now) {
    const data = Object.keys((obj['data'] as object | undefined) ?? {}).length;
    const binary = Object.keys((obj['binaryData'] as object | undefined) ?? {}).length;
    return {
      cells: [obj.metadata.name ?? '', data + binary, timestampSince(obj.metadata.creationTimestamp, now)],
    };
  },
};

export const SECRET_PRINTER: KindPrinter = {
  columns: [NAME_COLUMN, col('Type', DOC.secretType), col('Data', DOC.secretData), AGE_COLUMN],
  row(obj, now) {
    // stringData is merged into data when the object is decoded (v1 -> internal).
    const keys = new Set([
      ...Object.keys((obj['data'] as object | undefined) ?? {}),
      ...Object.keys((obj['stringData'] as object | undefined) ?? {}),
    ]);
    const data = keys.size;
    return {
      cells: [
        obj.metadata.name ?? '',
        typeof obj['type'] === 'string' ? obj['type'] : '',
        data,
        timestampSince(obj.metadata.creationTimestamp, now),
      ],
    };
  },
};
