// RE2 patterns (Istio's regex dialect) as JavaScript RegExps: a leading (?i) becomes the i
// flag, (?P<name> becomes (?<name>; full-match patterns are anchored as Envoy's safe_regex
// matches the whole value, rewrite patterns search globally as RE2::GlobalReplace does.

function translate(re2: string): { source: string; flags: string } {
  let source = re2;
  let flags = '';
  if (source.startsWith('(?i)')) {
    source = source.slice(4);
    flags = 'i';
  }
  return { source: source.replaceAll('(?P<', '(?<'), flags };
}

/** An RE2 pattern as a JavaScript full-match RegExp. */
export function fullMatchRegExp(re2: string): RegExp {
  const t = translate(re2);
  return new RegExp(`^(?:${t.source})$`, t.flags);
}

/** An RE2 pattern as a global (every match) JavaScript RegExp. */
export function globalRegExp(re2: string): RegExp {
  const t = translate(re2);
  return new RegExp(t.source, `${t.flags}g`);
}
