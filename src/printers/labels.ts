// Label maps and label selectors rendered as apimachinery renders them: labels.FormatLabels
// (`a=b,c=d` sorted, `<none>`), LabelSelectorAsSelector(...).String() and
// metav1.FormatLabelSelector.
import { compareStrings } from './go-format.ts';

export interface LabelSelectorRequirement {
  key: string;
  operator: string; // In | NotIn | Exists | DoesNotExist
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** labels.FormatLabels: `k=v,k2=v2` in key order, `<none>` when empty. */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined | null): string {
  const keys = Object.keys(labels ?? {}).sort(compareStrings);
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels?.[k] ?? ''}`).join(',');
}

/** metav1.LabelSelectorAsSelector(sel).String(): '' for a nil or empty selector. */
export function selectorString(sel: LabelSelector | undefined | null): string {
  if (!sel) return '';
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of sel.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort(compareStrings).join(',');
    let text: string;
    switch (e.operator) {
      case 'In':
        text = `${e.key} in (${values})`;
        break;
      case 'NotIn':
        text = `${e.key} notin (${values})`;
        break;
      case 'Exists':
        text = e.key;
        break;
      case 'DoesNotExist':
        text = `!${e.key}`;
        break;
      default:
        return '<error>';
    }
    reqs.push({ key: e.key, text });
  }
  // internalSelector sorts requirements by key (stable for equal keys here).
  return reqs
    .sort((a, b) => compareStrings(a.key, b.key))
    .map((r) => r.text)
    .join(',');
}

/** metav1.FormatLabelSelector: the selector string, `<none>` when it is empty. */
export function formatLabelSelector(sel: LabelSelector | undefined | null): string {
  const s = selectorString(sel);
  return s === '' ? '<none>' : s;
}

/** Does a label map satisfy the selector? (LabelSelectorAsSelector(sel).Matches) */
export function selectorMatches(
  sel: LabelSelector | undefined | null,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  if (!sel) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.hasOwn(l, e.key);
    const val = l[e.key];
    const vals = e.values ?? [];
    if (e.operator === 'In' && !(has && val !== undefined && vals.includes(val))) return false;
    if (e.operator === 'NotIn' && has && val !== undefined && vals.includes(val)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}
