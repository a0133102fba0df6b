// The rule index of one listener, built once per model over its rules in priority order: a
// rule with a path-pattern condition is filed under each of its values (exact patterns in one
// key table, wildcard patterns in another by their literal text before the first `*` or `?`);
// a rule without one but with an all-literal host-header condition under each host; any other
// rule is always checked. Indices ascend everywhere, so the matching rule is the smallest
// candidate whose conditions all hold. A rule whose only condition is a path pattern found by
// an exact key, or by a `literal*` key, is accepted without running its test.
import type { AlbRule } from '../../alb/model.ts';
import {
  addKey,
  addPrefix,
  collectPrefixHits,
  keyHits,
  newKeyTable,
  newPrefixTable,
  type Hits,
  type KeyTable,
  type PrefixTable,
} from '../gateway/match-table.ts';

export interface RuleIndex {
  pathExact: KeyTable;
  /** Patterns `literal*` (a hit is a match). */
  pathPrefixes: PrefixTable;
  /** Other wildcard patterns by their literal prefix (a hit must be tested). */
  pathPatterns: PrefixTable;
  /** Lower-cased hosts. */
  hostExact: KeyTable;
  always: number[];
  /** 1 where the rule's only condition is its path pattern. */
  pathOnly: Uint8Array;
}

/** The literal text of a pattern before its first wildcard (the whole pattern when none). */
export function literalPrefix(pattern: string): string {
  let end = 0;
  while (end < pattern.length) {
    const c = pattern.charCodeAt(end);
    if (c === 42 || c === 63) break; // '*' or '?'
    end++;
  }
  return pattern.slice(0, end);
}

/** Builds the index of rules already sorted by ascending priority. */
export function buildRuleIndex(rules: readonly AlbRule[]): RuleIndex {
  const index: RuleIndex = {
    pathExact: newKeyTable(),
    pathPrefixes: newPrefixTable(),
    pathPatterns: newPrefixTable(),
    hostExact: newKeyTable(),
    always: [],
    pathOnly: new Uint8Array(rules.length),
  };
  rules.forEach((rule, i) => {
    const path = rule.conditions.find((c) => c.field === 'path-pattern');
    if (path !== undefined && path.values.length > 0) {
      if (rule.conditions.length === 1) index.pathOnly[i] = 1;
      for (const v of path.values) {
        const literal = literalPrefix(v);
        if (literal.length === v.length) addKey(index.pathExact, v, i);
        else if (literal.length === v.length - 1 && v.endsWith('*'))
          addPrefix(index.pathPrefixes, literal, i);
        else addPrefix(index.pathPatterns, literal, i);
      }
      return;
    }
    const host = rule.conditions.find((c) => c.field === 'host-header');
    if (host !== undefined && host.values.length > 0 && host.values.every((v) => literalPrefix(v) === v)) {
      for (const v of host.values) addKey(index.hostExact, v.toLowerCase(), i);
      return;
    }
    index.always.push(i);
  });
  return index;
}

/** A rule's full test. */
export type RuleTest<I> = (input: I) => boolean;

// Per-selection state (selection is synchronous, so module scope serves every call).
const NONE: readonly { test: RuleTest<never> }[] = [];
let tests: readonly { test: RuleTest<never> }[] = NONE;
let input: unknown;

/** The smallest index of `hits` below `best` whose rule holds (`sure`: a path-only rule holds). */
function scan(hits: Hits, best: number, sure: Uint8Array | undefined): number {
  if (typeof hits === 'number')
    return hits < best && (sure?.[hits] === 1 || (tests[hits] as { test: RuleTest<unknown> }).test(input))
      ? hits
      : best;
  for (const i of hits) {
    if (i >= best) break;
    if (sure?.[i] === 1 || (tests[i] as { test: RuleTest<unknown> }).test(input)) return i;
  }
  return best;
}

const prefixHits: Hits[] = [];

function scanPrefixes(table: PrefixTable, path: string, best: number, sure: Uint8Array | undefined): number {
  const found = prefixHits;
  const n = collectPrefixHits(table, path, found);
  for (let k = 0; k < n; k++) best = scan(found[k] as Hits, best, sure);
  return best;
}

/** The position of the first rule that holds for the request, or `rules.length` when none. */
export function selectRule<I>(
  index: RuleIndex,
  rules: readonly { test: RuleTest<I> }[],
  req: I,
  path: string,
  host: string,
): number {
  tests = rules;
  input = req;
  let best = rules.length;
  const sure = index.pathOnly;
  const exact = keyHits(index.pathExact, path);
  if (exact !== undefined) best = scan(exact, best, sure);
  if (index.pathPrefixes.lengths.length > 0) best = scanPrefixes(index.pathPrefixes, path, best, sure);
  if (index.pathPatterns.lengths.length > 0) best = scanPrefixes(index.pathPatterns, path, best, undefined);
  const hosts = keyHits(index.hostExact, host);
  if (hosts !== undefined) best = scan(hosts, best, undefined);
  if (index.always.length > 0) best = scan(index.always, best, undefined);
  tests = NONE;
  input = undefined;
  return best;
}
