// `-o` of get: table (default), wide, yaml, json, name, jsonpath=TEMPLATE, with kubectl's
// errors for formats it cannot print.
import { CliError } from './errors.ts';

export type OutputFormat =
  | { kind: 'table'; wide: boolean }
  | { kind: 'yaml' }
  | { kind: 'json' }
  | { kind: 'name' }
  | { kind: 'jsonpath'; template: string };

export function parseOutputFormat(value: string | undefined): OutputFormat {
  const v = value ?? '';
  if (v === '') return { kind: 'table', wide: false };
  if (v === 'wide') return { kind: 'table', wide: true };
  if (v === 'yaml' || v === 'json' || v === 'name') return { kind: v };
  if (v === 'jsonpath') throw new CliError('template format specified but no template given');
  if (v.startsWith('jsonpath=')) {
    const template = v.slice('jsonpath='.length);
    if (template === '') throw new CliError('template format specified but no template given');
    return { kind: 'jsonpath', template };
  }
  throw new CliError(
    `unable to match a printer suitable for the output format "${v}", allowed formats are: json,jsonpath,name,wide,yaml`,
  );
}
