// kubectl's generic describer, used for custom resources and kinds without a describer
// of their own (Event among them): Name, Namespace, Labels, Annotations, then every
// other field of the object with camel-case names turned into labels (`API Version`).
import type { KubeObject } from '../../resources/types.ts';
import { goSprintV } from '../../resources/go-format.ts';
import { compareStrings } from '../../resources/go-json.ts';
import { isObject } from '../../resources/json.ts';
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline } from './format.ts';
import { LEVEL_0, type PrefixWriter, tabbed } from './prefix-writer.ts';

const SKIP = new Set([
  '.metadata.managedFields',
  '.metadata.name',
  '.metadata.namespace',
  '.metadata.labels',
  '.metadata.annotations',
]);
const ACRONYMS = new Set(['API', 'URL', 'UID', 'OSB', 'GUID']);

/** github.com/fatih/camelcase Split. */
export function camelcaseSplit(src: string): string[] {
  const runs: string[][] = [];
  let last = 0;
  for (const r of src) {
    const cls = /\p{Ll}/u.test(r) ? 1 : /\p{Lu}/u.test(r) ? 2 : /\p{Nd}/u.test(r) ? 3 : 4;
    if (cls === last && runs.length > 0) runs[runs.length - 1]!.push(r);
    else runs.push([r]);
    last = cls;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    const cur = runs[i]!;
    const next = runs[i + 1]!;
    if (/\p{Lu}/u.test(cur[0] ?? '') && /\p{Ll}/u.test(next[0] ?? '')) {
      next.unshift(cur.pop()!);
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(''));
}

/** smartLabelFor: `apiVersion` -> `API Version`; names with other than letters and '-' stay. */
export function smartLabel(field: string): string {
  if (/[^\p{L}-]/u.test(field)) return field;
  return camelcaseSplit(field)
    .filter((p) => p !== '_')
    .map((p) => (ACRONYMS.has(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1)))
    .join(' ');
}

function printContent(
  w: PrefixWriter,
  level: number,
  content: Record<string, unknown>,
  prefix: string,
): void {
  for (const field of Object.keys(content).sort(compareStrings)) {
    const value = content[field];
    const path = `${prefix}.${field}`;
    if (SKIP.has(path)) continue;
    if (isObject(value)) {
      w.write(level, `${smartLabel(field)}:\n`);
      printContent(w, level + 1, value, path);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabel(field)}:\n`);
      for (const child of value) {
        if (isObject(child)) printContent(w, level + 1, child, path);
        else w.write(level + 1, `${goSprintV(child)}\n`);
      }
    } else {
      w.write(level, `${smartLabel(field)}:\t${goSprintV(value)}\n`);
    }
  }
}

export function describeGeneric(obj: Readonly<KubeObject>, events: readonly unknown[], now: Date): string {
  return tabbed((w) => {
    w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', obj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
    printContent(w, LEVEL_0, obj, '');
    describeEvents(events, w, now);
  });
}
