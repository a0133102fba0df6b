// VirtualService delegation, one level (pilot model mergeVirtualServicesIfNeeded): a root rule
// with `delegate` is replaced by the delegate VirtualService's rules (a VirtualService without
// hosts, exported to the root's namespace), each merged under the root rule: matches must be
// subsets of a root match (else the delegate rule is dropped), unset fields come from the root.
import type { PreparedVs, TranslateContext } from './context.ts';
import { referencedNotFound, delegateConflict, nestedDelegate } from './diagnostics.ts';
import { visibleFrom } from './hosts.ts';
import type { HttpMatchSpec, HttpRouteSpec, IstioStringMatch } from './specs.ts';

/** One effective http rule: its spec, the VirtualService that wrote it (for names and
 * diagnostics) and its field path there. */
export interface HttpRule {
  rule: HttpRouteSpec;
  owner: PreparedVs;
  field: string;
}

function stringMatchConflict(
  root: IstioStringMatch | null | undefined,
  leaf: IstioStringMatch | null | undefined,
): boolean {
  if (!root || !leaf) return false;
  if (typeof root.regex === 'string' && root.regex !== '') return leaf.regex !== root.regex;
  if (typeof leaf.regex === 'string' && leaf.regex !== '') return true;
  if (typeof root.exact === 'string' && root.exact !== '') {
    if (typeof leaf.prefix === 'string' && leaf.prefix !== '') return true;
    return leaf.exact !== root.exact;
  }
  if (typeof root.prefix === 'string' && root.prefix !== '') {
    if (typeof leaf.prefix === 'string' && leaf.prefix !== '') return !leaf.prefix.startsWith(root.prefix);
    if (typeof leaf.exact === 'string' && leaf.exact !== '') return !leaf.exact.startsWith(root.prefix);
  }
  return true;
}

function mapConflict(
  root: Record<string, IstioStringMatch | null> | undefined,
  leaf: Record<string, IstioStringMatch | null> | undefined,
): boolean {
  for (const [k, v] of Object.entries(leaf ?? {})) if (stringMatchConflict(root?.[k], v)) return true;
  return false;
}

/** hasConflict: the delegate match is not a subset of the root match. */
export function hasConflict(root: HttpMatchSpec, leaf: HttpMatchSpec): boolean {
  const pairs: [IstioStringMatch | undefined, IstioStringMatch | undefined][] = [
    [root.uri, leaf.uri],
    [root.scheme, leaf.scheme],
    [root.method, leaf.method],
    [root.authority, leaf.authority],
  ];
  if (pairs.some(([r, l]) => stringMatchConflict(r, l))) return true;
  if (mapConflict(root.headers, leaf.headers)) return true;
  if (mapConflict(root.withoutHeaders, leaf.withoutHeaders)) return true;
  if (mapConflict(root.queryParams, leaf.queryParams)) return true;
  if ((root.ignoreUriCase ?? false) !== (leaf.ignoreUriCase ?? false)) return true;
  if ((root.port ?? 0) > 0 && (leaf.port ?? 0) > 0 && root.port !== leaf.port) return true;
  if (root.sourceNamespace && leaf.sourceNamespace !== root.sourceNamespace) return true;
  for (const [k, v] of Object.entries(leaf.sourceLabels ?? {})) {
    const r = root.sourceLabels?.[k];
    if (r !== undefined && r !== v) return true;
  }
  const rg = root.gateways ?? [];
  const lg = leaf.gateways ?? [];
  if (rg.length > 0 && lg.length > 0) {
    if (rg.length < lg.length) return true;
    if (lg.some((g) => !rg.includes(g))) return true;
  }
  return false;
}

function joinName(root: string | undefined, leaf: string | undefined): string | undefined {
  if (!leaf) return root;
  return root ? `${root}-${leaf}` : leaf;
}

function mergeMaps<T>(
  a: Record<string, T> | undefined,
  b: Record<string, T> | undefined,
): Record<string, T> | undefined {
  return a || b ? { ...(a ?? {}), ...(b ?? {}) } : undefined;
}

function mergeMatch(root: HttpMatchSpec, leaf: HttpMatchSpec): HttpMatchSpec {
  const merged: Record<string, unknown> = {
    ...leaf,
    name: joinName(root.name, leaf.name),
    uri: leaf.uri ?? root.uri,
    scheme: leaf.scheme ?? root.scheme,
    method: leaf.method ?? root.method,
    authority: leaf.authority ?? root.authority,
    headers: mergeMaps(root.headers, leaf.headers),
    withoutHeaders: mergeMaps(root.withoutHeaders, leaf.withoutHeaders),
    queryParams: mergeMaps(root.queryParams, leaf.queryParams),
    port: leaf.port || root.port,
    sourceLabels: mergeMaps(root.sourceLabels, leaf.sourceLabels),
    sourceNamespace: leaf.sourceNamespace || root.sourceNamespace,
    gateways: (leaf.gateways ?? []).length > 0 ? leaf.gateways : root.gateways,
  };
  for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
  return merged;
}

/** mergeHTTPMatchRequests: undefined on conflict. */
export function mergeMatches(
  root: readonly HttpMatchSpec[],
  leaf: readonly HttpMatchSpec[],
): HttpMatchSpec[] | undefined {
  if (root.length === 0) return [...leaf];
  if (leaf.length === 0) return [...root];
  const out: HttpMatchSpec[] = [];
  for (const l of leaf) {
    let found = false;
    for (const r of root) {
      if (hasConflict(r, l)) continue;
      out.push(mergeMatch(r, l));
      found = true;
    }
    if (!found) return undefined;
  }
  return out.length > 0 ? out : undefined;
}

const INHERITED = [
  'rewrite',
  'directResponse',
  'timeout',
  'retries',
  'fault',
  'mirror',
  'mirrorPercent',
  'mirrorPercentage',
  'corsPolicy',
  'mirrors',
  'headers',
] as const;

/** mergeHTTPRoute: the delegate rule under the root rule, or undefined when their matches conflict. */
export function mergeRule(root: HttpRouteSpec, leaf: HttpRouteSpec): HttpRouteSpec | undefined {
  const match = mergeMatches(root.match ?? [], leaf.match ?? []);
  if (!match) return undefined;
  const out: HttpRouteSpec = { ...leaf, match };
  const name = joinName(root.name, leaf.name);
  if (name !== undefined) out.name = name;
  else delete out.name;
  const o = out as Record<string, unknown>;
  const r = root as Record<string, unknown>;
  for (const k of INHERITED) if (o[k] === undefined && r[k] !== undefined) o[k] = r[k];
  return out;
}

function findDelegate(ctx: TranslateContext, name: string, namespace: string): PreparedVs | undefined {
  return ctx.virtualServices.find(
    (v) => v.name === name && v.namespace === namespace && (v.spec.hosts ?? []).length === 0,
  );
}

/** The http rules of a root VirtualService with delegates merged in. */
export function effectiveHttpRules(ctx: TranslateContext, vs: PreparedVs): HttpRule[] {
  const out: HttpRule[] = [];
  (vs.spec.http ?? []).forEach((rule, i) => {
    const field = `spec.http[${i}]`;
    const ref = rule.delegate;
    if (!ref) {
      out.push({ rule, owner: vs, field });
      return;
    }
    const ns = ref.namespace || vs.namespace;
    const name = ref.name ?? '';
    const d = findDelegate(ctx, name, ns);
    if (!d || !visibleFrom(d.spec.exportTo, d.namespace, vs.namespace)) {
      ctx.sink.add(referencedNotFound(vs.obj, 'virtualservice', `${ns}/${name}`, `${field}.delegate`));
      return;
    }
    (d.spec.http ?? []).forEach((leaf, j) => {
      const leafField = `spec.http[${j}]`;
      if (leaf.delegate) {
        ctx.sink.add(nestedDelegate(d.obj, leafField));
        return;
      }
      const merged = mergeRule(rule, leaf);
      if (!merged) {
        ctx.sink.add(delegateConflict(d.obj, `${vs.namespace}/${vs.name}`, i, leafField));
        return;
      }
      out.push({ rule: merged, owner: d, field: leafField });
    });
  });
  return out;
}
