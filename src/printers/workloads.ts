// Deployment and ReplicaSet rows (printers.go printDeployment, printReplicaSet).
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IReplicaSet } from 'kubernetes-models/apps/v1/ReplicaSet';
import { AGE_COLUMN, DOC, NAME_COLUMN, col } from './columns.ts';
import { timestampSince } from './human-duration.ts';
import type { KindPrinter } from './kind-printer.ts';
import { formatLabelSelector, selectorString } from '../resources/label-selector.ts';

/** layoutContainerCells: container names and images, each joined with `,`. */
function containerCells(
  containers: readonly { name: string; image?: string }[] | undefined,
): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(','), list.map((c) => c.image ?? '').join(',')];
}

const CONTAINERS = col('Containers', 'Names of each container in the template.', { priority: 1 });
const IMAGES = col('Images', 'Images referenced by each container in the template.', { priority: 1 });

export const DEPLOYMENT_PRINTER: KindPrinter = {
  columns: [
    NAME_COLUMN,
    col('Ready', 'Number of the pod with ready state'),
    col('Up-to-date', DOC.updatedReplicas),
    col('Available', DOC.availableReplicas),
    AGE_COLUMN,
    CONTAINERS,
    IMAGES,
    col('Selector', DOC.deploymentSelector, { priority: 1 }),
  ],
  row(obj, now) {
    const d = obj as unknown as IDeployment;
    const status = d.status ?? {};
    const [names, images] = containerCells(d.spec?.template.spec?.containers);
    return {
      cells: [
        d.metadata?.name ?? '',
        `${status.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`,
        status.updatedReplicas ?? 0,
        status.availableReplicas ?? 0,
        timestampSince(d.metadata?.creationTimestamp, now),
        names,
        images,
        selectorString(d.spec?.selector),
      ],
    };
  },
};

export const REPLICA_SET_PRINTER: KindPrinter = {
  columns: [
    NAME_COLUMN,
    col('Desired', DOC.rsDesired, { type: 'integer' }),
    col('Current', DOC.rsCurrent, { type: 'integer' }),
    col('Ready', DOC.rsReady, { type: 'integer' }),
    AGE_COLUMN,
    CONTAINERS,
    IMAGES,
    col('Selector', DOC.rsSelector, { priority: 1 }),
  ],
  row(obj, now) {
    const rs = obj as unknown as IReplicaSet;
    const status = rs.status ?? { replicas: 0 };
    const [names, images] = containerCells(rs.spec?.template?.spec?.containers);
    return {
      cells: [
        rs.metadata?.name ?? '',
        rs.spec?.replicas ?? 1,
        status.replicas ?? 0,
        status.readyReplicas ?? 0,
        timestampSince(rs.metadata?.creationTimestamp, now),
        names,
        images,
        formatLabelSelector(rs.spec?.selector),
      ],
    };
  },
};
