// CONTRACT (owned by the printers helper): the Table the API server returns for `kubectl get`.
import type { ResourceType } from '../resources/catalogue.ts';
import type { KubeObject } from '../resources/types.ts';
import type { Table } from './types.ts';

export interface TableOptions {
  now: Date; // AGE cells are rendered on the server, relative to this
  includeObject: 'None' | 'Metadata' | 'Object'; // default Metadata -> PartialObjectMetadata
  resourceVersion: string;
  noHeaders?: boolean; // watch events after the first omit columnDefinitions
}

export function buildTable(
  rt: ResourceType,
  objects: readonly Readonly<KubeObject>[],
  opts: TableOptions,
): Table {
  void rt;
  void objects;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: opts.resourceVersion },
    columnDefinitions: [],
    rows: [],
  };
}
