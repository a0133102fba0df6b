// CONTRACT (owned by the printers helper): the Table the API server returns for `kubectl get`.
// Every cell is built as if printed wide (pkg/printers/storage: the server calls the printers
// with Wide: true); kubectl hides priority>0 columns itself.
import type { ResourceType } from '../resources/catalogue.ts';
import type { KubeObject } from '../resources/types.ts';
import {
  CONFIG_MAP_PRINTER,
  EVENT_PRINTER,
  NAMESPACE_PRINTER,
  NODE_PRINTER,
  SECRET_PRINTER,
} from './core.ts';
import { CRD_COLUMNS, crdPrinter } from './istio.ts';
import type { KindPrinter } from './kind-printer.ts';
import { INGRESS_CLASS_PRINTER, INGRESS_PRINTER } from './networking.ts';
import { POD_PRINTER } from './pods.ts';
import { ENDPOINTS_PRINTER, ENDPOINT_SLICE_PRINTER, SERVICE_PRINTER } from './services.ts';
import type { Table, TableRow } from './types.ts';
import { DEPLOYMENT_PRINTER, REPLICA_SET_PRINTER } from './workloads.ts';

export interface TableOptions {
  now: Date; // AGE cells are rendered on the server, relative to this
  includeObject: 'None' | 'Metadata' | 'Object'; // default Metadata -> PartialObjectMetadata
  resourceVersion: string;
  noHeaders?: boolean; // watch events after the first omit columnDefinitions
}

/** Built-in printers by `group/Kind` ('' group for core). */
const BUILT_IN: Readonly<Record<string, KindPrinter>> = {
  '/Pod': POD_PRINTER,
  '/Service': SERVICE_PRINTER,
  '/Endpoints': ENDPOINTS_PRINTER,
  '/Node': NODE_PRINTER,
  '/Namespace': NAMESPACE_PRINTER,
  '/Event': EVENT_PRINTER,
  '/ConfigMap': CONFIG_MAP_PRINTER,
  '/Secret': SECRET_PRINTER,
  'apps/Deployment': DEPLOYMENT_PRINTER,
  'apps/ReplicaSet': REPLICA_SET_PRINTER,
  'discovery.k8s.io/EndpointSlice': ENDPOINT_SLICE_PRINTER,
  'networking.k8s.io/Ingress': INGRESS_PRINTER,
  'extensions/Ingress': INGRESS_PRINTER,
  'networking.k8s.io/IngressClass': INGRESS_CLASS_PRINTER,
};

/** The printer for a resource type: a built-in one, else the CRD columns (Name, Age by default). */
export function printerFor(rt: Pick<ResourceType, 'group' | 'kind'>): KindPrinter {
  const key = `${rt.group}/${rt.kind}`;
  return BUILT_IN[key] ?? crdPrinter(CRD_COLUMNS[key]);
}

function rowObject(obj: Readonly<KubeObject>, include: TableOptions['includeObject']): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

export function buildTable(
  rt: ResourceType,
  objects: readonly Readonly<KubeObject>[],
  opts: TableOptions,
): Table {
  const printer = printerFor(rt);
  const rows = objects.map((obj): TableRow => {
    const printed = printer.row(obj, opts.now);
    const row: TableRow = { cells: printed.cells };
    if (printed.conditions) row.conditions = printed.conditions;
    const object = rowObject(obj, opts.includeObject);
    if (object !== undefined) row.object = object;
    return row;
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: opts.resourceVersion },
    columnDefinitions: opts.noHeaders ? [] : printer.columns.map((c) => ({ ...c })),
    rows,
  };
}
