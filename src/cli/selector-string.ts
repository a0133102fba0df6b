// The label selector string kubectl sends for an object's selector: a LabelSelector
// (matchLabels + matchExpressions) or a Service's plain map, keys sorted.

/** matchLabels/matchExpressions or a Service's plain map -> a label selector string. */
export function selectorString(selector: unknown): string {
  if (typeof selector !== 'object' || selector === null) return '';
  const s = selector as { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
  const isLabelSelector = 'matchLabels' in s || 'matchExpressions' in s;
  const labels = isLabelSelector ? (s.matchLabels ?? {}) : (selector as Record<string, string>);
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`);
  for (const e of (isLabelSelector ? s.matchExpressions : undefined) ?? []) {
    const { key, operator, values } = e as { key: string; operator: string; values?: string[] };
    const list = (values ?? []).join(',');
    if (operator === 'In') parts.push(`${key} in (${list})`);
    else if (operator === 'NotIn') parts.push(`${key} notin (${list})`);
    else if (operator === 'Exists') parts.push(key);
    else if (operator === 'DoesNotExist') parts.push(`!${key}`);
  }
  return parts.join(',');
}
