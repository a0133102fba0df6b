// Envoy's filter chain match on the requested server name, compiled once per model: an exact
// name first, then wildcards `*.suffix` from the longest suffix (so `*.example.com` covers
// `a.b.example.com`), then a chain with no server names (matches any SNI and none). No match:
// undefined (Envoy resets the connection).

export interface SniEntry<T> {
  serverNames: readonly string[];
  value: T;
}

export type SniSelector<T> = (serverName: string | undefined) => T | undefined;

/** Compiles the entries into a selector; the first entry wins a duplicated name. */
export function compileSni<T>(entries: readonly SniEntry<T>[]): SniSelector<T> {
  const exact = new Map<string, T>();
  const wildcard = new Map<string, T>(); // suffix '.example.com' -> value
  let fallback: { value: T } | undefined;
  for (const e of entries) {
    if (e.serverNames.length === 0) {
      fallback ??= { value: e.value };
      continue;
    }
    for (const raw of e.serverNames) {
      const n = raw.toLowerCase();
      if (n === '*') fallback ??= { value: e.value };
      else if (n.startsWith('*.')) {
        if (!wildcard.has(n.slice(1))) wildcard.set(n.slice(1), e.value);
      } else if (!exact.has(n)) exact.set(n, e.value);
    }
  }
  return (serverName) => {
    if (serverName !== undefined && serverName !== '') {
      const name = serverName.toLowerCase();
      const hit = exact.get(name);
      if (hit !== undefined) return hit;
      if (wildcard.size > 0) {
        for (let dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
          const w = wildcard.get(name.slice(dot));
          if (w !== undefined) return w;
        }
      }
    }
    return fallback?.value;
  };
}

/** Whether `serverName` is one of `names` (exact or wildcard); [] matches anything. */
export function sniMatches(names: readonly string[] | undefined, serverName: string | undefined): boolean {
  if (!names || names.length === 0) return true;
  return compileSni([{ serverNames: names, value: true }])(serverName) === true;
}
