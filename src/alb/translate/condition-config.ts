// `conditions.<serviceName>` annotations (pkg/ingress/config_types.go RuleCondition) and the
// Ingress path -> ALB path-pattern translation (model_build_listener_rules.go): host-header and
// path-pattern values are ORed into the rule's own host/path condition, the other fields are
// ANDed as conditions of their own.
import type { AlbCondition } from '../model.ts';
import { expectRecord, optArray, optObject, optString, optStringArray, type At } from './go-json.ts';
import { BuildError, type IngressPath } from './types.ts';

export type ConditionConfig = AlbCondition;

function values(o: Readonly<Record<string, unknown>>, cfg: string, at: At): string[] {
  const c = optObject(o, cfg, at, `ingress.${cfg}`);
  if (!c) throw new BuildError(`missing ${cfg}`);
  return optStringArray(c, 'values', { struct: 'RuleCondition', path: cfg }) ?? [];
}

function parseOne(v: unknown): ConditionConfig {
  const o = expectRecord(v, 'ingress.RuleCondition');
  const at: At = { struct: 'RuleCondition', path: '' };
  const field = optString(o, 'field', at) ?? '';
  switch (field) {
    case 'host-header':
      return { field, values: values(o, 'hostHeaderConfig', at) };
    case 'path-pattern':
      return { field, values: values(o, 'pathPatternConfig', at) };
    case 'http-request-method':
      return { field, values: values(o, 'httpRequestMethodConfig', at) };
    case 'source-ip':
      return { field, values: values(o, 'sourceIpConfig', at) };
    case 'http-header': {
      const c = optObject(o, 'httpHeaderConfig', at, 'ingress.HTTPHeaderConditionConfig');
      if (!c) throw new BuildError('missing httpHeaderConfig');
      const cat: At = { struct: 'RuleCondition', path: 'httpHeaderConfig' };
      return {
        field,
        httpHeaderName: optString(c, 'httpHeaderName', cat) ?? '',
        values: optStringArray(c, 'values', cat) ?? [],
      };
    }
    case 'query-string': {
      const c = optObject(o, 'queryStringConfig', at, 'ingress.QueryStringConditionConfig');
      if (!c) throw new BuildError('missing queryStringConfig');
      const cat: At = { struct: 'RuleCondition', path: 'queryStringConfig.values' };
      const kvs = (optArray(c, 'values', cat, '[]ingress.QueryStringKeyValuePair') ?? []).map((kv) => {
        const r = expectRecord(kv, 'ingress.QueryStringKeyValuePair');
        const key = optString(r, 'key', cat);
        const value = optString(r, 'value', cat) ?? '';
        return key === undefined ? { value } : { key, value };
      });
      return { field, values: kvs };
    }
    default:
      throw new BuildError(`unknown condition field: ${field}`);
  }
}

/** A `conditions.<name>` JSON value -> validated conditions. */
export function parseConditionConfigs(value: unknown): ConditionConfig[] {
  if (!Array.isArray(value)) {
    throw new BuildError('json: cannot unmarshal object into Go value of type []ingress.RuleCondition');
  }
  return value.map(parseOne);
}

/** An Ingress path -> ALB path-pattern values, by pathType. */
export function pathPatterns(path: string, pathType: string | undefined): string[] {
  switch (pathType ?? 'ImplementationSpecific') {
    case 'ImplementationSpecific':
      return [path];
    case 'Exact':
      if (/[*?]/.test(path)) throw new BuildError(`exact path shouldn't contain wildcards: ${path}`);
      return [path];
    case 'Prefix': {
      if (path === '/') return ['/*'];
      if (/[*?]/.test(path)) throw new BuildError(`prefix path shouldn't contain wildcards: ${path}`);
      const p = path.endsWith('/') ? path.slice(0, -1) : path;
      return [p, `${p}/*`];
    }
    default:
      throw new BuildError(`unsupported pathType: ${pathType ?? ''}`);
  }
}

/**
 * The paths of one rule in the controller's order (LBC >= 2.4.3): Exact first, then Prefix
 * longest first (stable), then ImplementationSpecific in manifest order. Keeps each path's index.
 */
export function sortPaths(paths: readonly IngressPath[]): { path: IngressPath; index: number }[] {
  const exact: { path: IngressPath; index: number }[] = [];
  const prefix: { path: IngressPath; index: number }[] = [];
  const impl: { path: IngressPath; index: number }[] = [];
  paths.forEach((path, index) => {
    const t = path.pathType ?? 'ImplementationSpecific';
    if (t === 'Exact') exact.push({ path, index });
    else if (t === 'Prefix') prefix.push({ path, index });
    else if (t === 'ImplementationSpecific') impl.push({ path, index });
    else throw new BuildError(`unknown pathType for path ${path.path ?? ''}`);
  });
  prefix.sort((a, b) => (b.path.path ?? '').length - (a.path.path ?? '').length);
  return [...exact, ...prefix, ...impl];
}

/** A rule's conditions (buildRuleConditions): the annotation's other conditions, then host-header, then path-pattern. */
export function ruleConditions(
  host: string | undefined,
  path: IngressPath | undefined,
  extra: readonly ConditionConfig[],
): AlbCondition[] {
  const hosts: string[] = host ? [host] : [];
  const paths: string[] = path?.path ? pathPatterns(path.path, path.pathType) : [];
  const others: AlbCondition[] = [];
  for (const c of extra) {
    if (c.field === 'host-header') hosts.push(...c.values);
    else if (c.field === 'path-pattern') paths.push(...c.values);
    else others.push(c);
  }
  const out: AlbCondition[] = [...others];
  if (hosts.length > 0) out.push({ field: 'host-header', values: hosts });
  if (paths.length > 0) out.push({ field: 'path-pattern', values: paths });
  if (out.length === 0) out.push({ field: 'path-pattern', values: ['/*'] });
  return out;
}
