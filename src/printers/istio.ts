// Custom resource rows: the CRD's additionalPrinterColumns evaluated as the apiextensions
// table convertor does (simple JSONPath, string columns printed like kubectl's jsonpath,
// so arrays become JSON; a missing value is a null cell; date columns become ages).
// The columns are those of Istio's CRDs (identical in every served version).
import { DOC, NAME_COLUMN, col } from './columns.ts';
import { goFormatNumber } from '../resources/go-format.ts';
import { goJsonMarshal } from '../resources/go-json.ts';
import { humanDuration, parseTimestamp } from './human-duration.ts';
import type { KindPrinter } from './kind-printer.ts';
import type { TableColumnDefinition } from './types.ts';

export interface CrdColumn {
  name: string;
  type: string; // string | integer | number | boolean | date
  jsonPath: string; // simple dotted path: .spec.hosts
  description?: string;
  priority?: number;
  format?: string;
}

/** Istio's CRD Age column description (as generated into its CRDs). */
const ISTIO_AGE =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC. Populated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

const AGE: CrdColumn = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
  description: ISTIO_AGE,
};

/** A CRD without printer columns gets Age from apiextensions (serveDefaultColumnsIfEmpty). */
const DEFAULT_COLUMNS: CrdColumn[] = [
  { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp', description: DOC.creationTimestamp },
];

/** additionalPrinterColumns per `group/Kind`. */
export const CRD_COLUMNS: Readonly<Record<string, readonly CrdColumn[]>> = {
  'networking.istio.io/VirtualService': [
    {
      name: 'Gateways',
      type: 'string',
      jsonPath: '.spec.gateways',
      description: 'The names of gateways and sidecars that should apply these routes',
    },
    {
      name: 'Hosts',
      type: 'string',
      jsonPath: '.spec.hosts',
      description: 'The destination hosts to which traffic is being sent',
    },
    AGE,
  ],
  'networking.istio.io/DestinationRule': [
    {
      name: 'Host',
      type: 'string',
      jsonPath: '.spec.host',
      description: 'The name of a service from the service registry',
    },
    AGE,
  ],
  'install.istio.io/IstioOperator': [
    {
      name: 'Revision',
      type: 'string',
      jsonPath: '.spec.revision',
      description: 'Istio control plane revision',
    },
    { name: 'Status', type: 'string', jsonPath: '.status.status', description: 'IOP current state' },
    AGE,
  ],
};

function lookup(obj: unknown, jsonPath: string): { found: boolean; value: unknown } {
  let cur: unknown = obj;
  for (const part of jsonPath.split('.').filter((p) => p !== '')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur))
      return { found: false, value: undefined };
    const rec = cur as Record<string, unknown>;
    if (!Object.hasOwn(rec, part)) return { found: false, value: undefined };
    cur = rec[part];
  }
  return { found: true, value: cur };
}

/** One CRD cell (tableconvertor ConvertToTable + cellForJSONValue). */
export function crdCell(column: CrdColumn, obj: unknown, now: Date): unknown {
  const { found, value } = lookup(obj, column.jsonPath);
  if (!found || value === null || value === undefined) return null;
  switch (column.type) {
    case 'string':
      // jsonpath PrintResults: maps, slices as JSON; scalars as text.
      if (typeof value === 'object') return goJsonMarshal(value);
      if (typeof value === 'number') return goFormatNumber(value);
      if (typeof value === 'boolean') return value ? 'true' : 'false';
      return typeof value === 'string' ? value : null;
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date': {
      if (typeof value !== 'string') return null;
      const d = parseTimestamp(value);
      if (!d) return '<invalid>';
      return humanDuration(now.getTime() - d.getTime());
    }
    default:
      return null;
  }
}

export function crdPrinter(columns: readonly CrdColumn[] | undefined): KindPrinter {
  const cols = columns && columns.length > 0 ? columns : DEFAULT_COLUMNS;
  const defs: TableColumnDefinition[] = [
    NAME_COLUMN,
    ...cols.map((c) =>
      col(c.name, c.description ?? `Custom resource definition column (in JSONPath format): ${c.jsonPath}`, {
        type: c.type,
        priority: c.priority ?? 0,
        format: c.format ?? '',
      }),
    ),
  ];
  return {
    columns: defs,
    row(obj, now) {
      return { cells: [obj.metadata.name ?? '', ...cols.map((c) => crdCell(c, obj, now))] };
    },
  };
}
