// The text `kubectl get` prints for server-side Tables (kubectl cmd/get + cli-runtime
// printers/tableprinter.go): upper-cased headers, priority>0 columns only with -o wide,
// NAMESPACE first with -A, `kind.group/name` when several types are printed, label
// columns, multi-line cells cut at the first line break, aligned by a tabwriter flushed
// per resource type, and a blank line between the tables of different types.
import type { ResourceType } from '../resources/catalogue.ts';
import { goSprintV } from '../resources/go-format.ts';
import { formatLabels } from '../resources/label-selector.ts';
import { GET_TABWRITER, tabwrite } from './tabwriter.ts';
import type { Table, TableColumnDefinition, TableRow } from './types.ts';

export interface RenderOptions {
  wide: boolean;
  allNamespaces: boolean;
  noHeaders?: boolean;
  showKind?: boolean;
  showLabels?: boolean;
  labelColumns?: string[];
}

type TypedTable = { table: Table; rt: ResourceType };

/** printers.WriteEscaped: terminal escape sequences cannot reach the terminal. */
export function escapeTerminal(s: string): string {
  return s.replaceAll('\u001b', '^[').replaceAll('\r', '\\r');
}

function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') {
    const cut = cell.search(/[\f\n\r]/);
    return cut >= 0 ? `${escapeTerminal(cell.slice(0, cut))}...` : escapeTerminal(cell);
  }
  return escapeTerminal(goSprintV(cell));
}

function rowMetadata(row: TableRow): { namespace?: unknown; labels?: unknown } | undefined {
  const obj = row.object as { metadata?: unknown } | undefined;
  const md = obj?.metadata;
  return md !== null && typeof md === 'object' ? md : undefined;
}

/** `kind.group` lower-cased (schema.GroupKind.String()). */
function kindPrefix(rt: ResourceType): string {
  return (rt.group === '' ? rt.kind : `${rt.kind}.${rt.group}`).toLowerCase();
}

interface Decorated {
  columns: TableColumnDefinition[];
  rows: unknown[][];
}

/** tableprinter.go decorateTable: NAMESPACE, kind-prefixed names, -L and --show-labels. */
function decorate(table: Table, rt: ResourceType, opts: RenderOptions, withNamespace: boolean): Decorated {
  const labelColumns = opts.labelColumns ?? [];
  const columns: TableColumnDefinition[] = [];
  const extra = (name: string): TableColumnDefinition => ({
    name,
    type: 'string',
    format: '',
    description: '',
    priority: 0,
  });
  if (withNamespace) columns.push(extra('Namespace'));
  columns.push(...table.columnDefinitions);
  for (const l of labelColumns) columns.push(extra((l.split('/').at(-1) ?? '').toUpperCase()));
  if (opts.showLabels) columns.push(extra('Labels'));

  let nameColumn = -1;
  if (opts.showKind) {
    nameColumn = table.columnDefinitions.findIndex((c) => c.format === 'name' && c.type === 'string');
  }
  const includeLabels = labelColumns.length > 0 || opts.showLabels === true;
  const rows = table.rows.map((row) => {
    const cells = [...row.cells];
    if (nameColumn >= 0 && nameColumn < cells.length) {
      cells[nameColumn] = `${kindPrefix(rt)}/${goSprintV(cells[nameColumn])}`;
    }
    if (!includeLabels && !withNamespace) return cells;
    const md = rowMetadata(row);
    if (!md) {
      if (withNamespace) cells.unshift(null);
      while (cells.length < columns.length) cells.push(null);
      return cells;
    }
    if (withNamespace) cells.unshift(typeof md.namespace === 'string' ? md.namespace : '');
    if (includeLabels) {
      const labels = (md.labels ?? {}) as Record<string, string>;
      for (const l of labelColumns) cells.push(labels[l] ?? '');
      if (opts.showLabels) cells.push(formatLabels(labels));
    }
    return cells;
  });
  return { columns, rows };
}

/** tableprinter.go printTable: tab-separated header and rows (no alignment yet). */
function printTable(d: Decorated, opts: RenderOptions, noHeaders: boolean): string {
  const visible = (c: TableColumnDefinition): boolean => opts.wide || c.priority === 0;
  let out = '';
  if (!noHeaders) {
    if (d.rows.length === 0) return '';
    out += `${d.columns
      .filter(visible)
      .map((c) => c.name.toUpperCase())
      .join('\t')}\n`;
  }
  for (const cells of d.rows) {
    const parts: string[] = [];
    for (let i = 0; i < cells.length && i < d.columns.length; i++) {
      if (!visible(d.columns[i]!)) continue;
      parts.push(cellText(cells[i]));
    }
    out += `${parts.join('\t')}\n`;
  }
  return out;
}

function sameColumns(a: readonly TableColumnDefinition[], b: readonly TableColumnDefinition[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * What `kubectl get` writes to stdout for these Tables, one per resource type requested
 * (or one per named object). Tables of the same type in a row share one header and one
 * alignment, as kubectl reuses its printer for them. '' when nothing is printed: the
 * caller then prints noResourcesMessage() to stderr.
 */
export function renderTable(tables: TypedTable[], opts: RenderOptions): string {
  let out = '';
  let pending = '';
  let lastRt: ResourceType | undefined;
  let lastColumns: TableColumnDefinition[] | undefined;
  let separatorReady = false;
  const flush = (): void => {
    if (pending === '') return;
    const text = tabwrite(pending, GET_TABWRITER);
    pending = '';
    if (text === '') return;
    if (separatorReady) {
      out += '\n';
      separatorReady = false;
    }
    out += text;
  };
  for (const { table, rt } of tables) {
    if (!lastRt || lastRt.group !== rt.group || lastRt.plural !== rt.plural) {
      flush();
      if (lastRt && !opts.noHeaders && out !== '') separatorReady = true;
      lastRt = rt;
      lastColumns = undefined;
    }
    let noHeaders = opts.noHeaders === true;
    let columns = table.columnDefinitions;
    if (columns.length === 0 || (lastColumns && sameColumns(columns, lastColumns))) noHeaders = true;
    if (columns.length === 0) columns = lastColumns ?? [];
    else lastColumns = columns;
    const withNamespace = opts.allNamespaces && rt.namespaced;
    pending += printTable(
      decorate({ ...table, columnDefinitions: columns }, rt, opts, withNamespace),
      opts,
      noHeaders,
    );
  }
  flush();
  return out;
}

/** The stderr line kubectl prints when `get` found nothing (with its newline). */
export function noResourcesMessage(opts: {
  allNamespaces: boolean;
  namespace: string;
  namespaced?: boolean;
}): string {
  if (!opts.allNamespaces && opts.namespaced !== false)
    return `No resources found in ${opts.namespace} namespace.\n`;
  return 'No resources found\n';
}
