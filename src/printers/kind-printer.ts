// What each kind contributes to a server-side Table: its column definitions and how one
// object becomes one row (printers.go's TableHandler pairs).
import type { KubeObject } from '../resources/types.ts';
import type { TableColumnDefinition, TableRowCondition } from './types.ts';

export interface PrintedRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
}

export interface KindPrinter {
  columns: readonly TableColumnDefinition[];
  row(obj: Readonly<KubeObject>, now: Date): PrintedRow;
}
