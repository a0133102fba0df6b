// CONTRACT (owned by the printers helper): server-side Tables (meta.k8s.io/v1), the cells
// kubectl prints for `get`, built exactly as the API server builds them.

export interface TableColumnDefinition {
  name: string;
  type: string; // 'string' | 'integer' | 'date' | 'number' | 'boolean'
  format: string; // 'name' for the Name column, else ''
  description: string;
  priority: number; // 0 shown always, 1 with -o wide
}

export interface TableRowCondition {
  type: string; // 'Completed' for Succeeded/Failed pods
  status: string;
  reason?: string;
  message?: string;
}

export interface TableRow {
  cells: unknown[];
  /** Set only for finished pods (podSuccessConditions / podFailedConditions), as the server does. */
  conditions?: TableRowCondition[];
  object?: unknown; // PartialObjectMetadata, the full object, or absent (includeObject)
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}
