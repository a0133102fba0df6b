// Hop-by-hop headers (RFC 9110 §7.6.1) that a proxy never forwards, plus the ones a
// Connection header names. Names are lowercase.

export const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'upgrade',
  'http2-settings',
  'proxy-authenticate',
]);

/** The header names listed in a Connection header value, lowercase ('close'/'keep-alive' skipped). */
export function connectionTokens(value: string | undefined): ReadonlySet<string> | undefined {
  if (value === undefined || value === '') return undefined;
  let out: Set<string> | undefined;
  for (const part of value.split(',')) {
    const t = part.trim().toLowerCase();
    if (t === '' || t === 'close' || t === 'keep-alive') continue;
    (out ??= new Set()).add(t);
  }
  return out;
}
