// `istioctl install --set path=value` flags -> IstioValues. Paths use istioctl's syntax:
// dots separate fields (`\.` keeps a dot inside a field), list entries are selected with
// `[name=x]`, `[name:x]` or `[0]`, and after a map field (serviceAnnotations, podAnnotations,
// labels) the rest of the path is the key: `...serviceAnnotations.alb.ingress.kubernetes.io/x=y`.
import { applySetting } from './settings.ts';
import type { IstioValues } from './values.ts';

/** `a.b\.c.d[name=x.y].e` -> ['a', 'b.c', 'd[name=x.y]', 'e']; `.[sel]` joins the previous part. */
export function splitSetPath(path: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let depth = 0;
  for (let i = 0; i < path.length; i++) {
    const c = path[i]!;
    if (c === '\\' && i + 1 < path.length) {
      cur += path[++i] ?? '';
      continue;
    }
    if (c === '[') depth++;
    else if (c === ']' && depth > 0) depth--;
    if (c === '.' && depth === 0) {
      parts.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  parts.push(cur);
  const out: string[] = [];
  for (const p of parts) {
    const last = out.length - 1;
    if (p.startsWith('[') && last >= 0) out[last] = `${out[last] ?? ''}${p}`;
    else out.push(p);
  }
  return out;
}

/** The `=` between path and value: the first one outside `[...]` selectors. */
function assignmentIndex(flag: string): number {
  let depth = 0;
  for (let i = 0; i < flag.length; i++) {
    const c = flag[i];
    if (c === '\\') i++;
    else if (c === '[') depth++;
    else if (c === ']' && depth > 0) depth--;
    else if (c === '=' && depth === 0) return i;
  }
  return -1;
}

/** Applies every `--set` flag in order (a later flag wins); errors name the flag. */
export function parseSetFlags(sets: readonly string[]): { values: IstioValues; errors: string[] } {
  const values: IstioValues = {};
  const errors: string[] = [];
  for (const flag of sets) {
    const eq = assignmentIndex(flag);
    if (eq <= 0) {
      errors.push(`--set ${flag}: must have the form path=value`);
      continue;
    }
    const segments = splitSetPath(flag.slice(0, eq).trim());
    if (segments.some((s) => s === '')) {
      errors.push(`--set ${flag}: the path has an empty field`);
      continue;
    }
    const err = applySetting(values, segments, flag.slice(eq + 1));
    if (err !== undefined) errors.push(`--set ${flag}: ${err}`);
  }
  return { values, errors };
}
