// ALB wildcard patterns as listener rule conditions use them: `*` matches any run of
// characters (including `/` and the empty run), `?` exactly one character, everything else
// literally, and the pattern must cover the whole value. There is no escaping. Patterns are
// compiled once per model into the cheapest test that is exact for them.

export type StringTest = (value: string) => boolean;

const STAR = 42; // '*'
const QUESTION = 63; // '?'

/** Glob match, two-pointer with backtracking to the last star: O(n*m) worst case, tiny inputs. */
export function wildcardMatch(pattern: string, value: string): boolean {
  const plen = pattern.length;
  const vlen = value.length;
  let p = 0;
  let v = 0;
  let star = -1;
  let mark = 0;
  while (v < vlen) {
    const pc = p < plen ? pattern.charCodeAt(p) : -1;
    if (pc === QUESTION || (pc !== STAR && pc === value.charCodeAt(v) && pc !== -1)) {
      p++;
      v++;
    } else if (pc === STAR) {
      star = p++;
      mark = v;
    } else if (star !== -1) {
      p = star + 1;
      v = ++mark;
    } else {
      return false;
    }
  }
  while (p < plen && pattern.charCodeAt(p) === STAR) p++;
  return p === plen;
}

function hasWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}

/**
 * Compiles one pattern. `caseInsensitive` lower-cases the pattern; the caller then passes
 * lower-cased values (hosts, header values, query strings), so no per-request folding here.
 */
export function compileWildcard(pattern: string, caseInsensitive = false): StringTest {
  const p = caseInsensitive ? pattern.toLowerCase() : pattern;
  if (p === '*') return () => true;
  if (!hasWildcard(p)) return (v) => v === p;
  const body = p.slice(0, -1);
  if (p.endsWith('*') && !hasWildcard(body)) return (v) => v.startsWith(body);
  const tail = p.slice(1);
  if (p.startsWith('*') && !hasWildcard(tail)) return (v) => v.endsWith(tail);
  return (v) => wildcardMatch(p, v);
}

/** Values within one condition are ORed. Exact values go into a Set, the rest are tested in order. */
export function compileAnyOf(patterns: readonly string[], caseInsensitive = false): StringTest {
  const exact = new Set<string>();
  const tests: StringTest[] = [];
  for (const raw of patterns) {
    const p = caseInsensitive ? raw.toLowerCase() : raw;
    if (hasWildcard(p)) tests.push(compileWildcard(p));
    else exact.add(p);
  }
  if (tests.length === 0) {
    if (exact.size === 1) {
      const only = exact.values().next().value as string;
      return (v) => v === only;
    }
    return (v) => exact.has(v);
  }
  if (exact.size === 0 && tests.length === 1) return tests[0]!;
  return (v) => {
    if (exact.has(v)) return true;
    for (const t of tests) if (t(v)) return true;
    return false;
  };
}
