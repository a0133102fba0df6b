// The optional per-route features (header operations, fault, CORS, regex rewrite, mirrors),
// compiled once per model into one object that is absent when the route has none of them, so
// a plain route costs the data plane a single undefined check.
import type { GatewayRoute, HeaderOps, MirrorPolicy, RouteAction } from '../../istio/model.ts';
import { compileCors, type CompiledCors } from './cors.ts';
import { compileHeaderOps, type CompiledHeaderOps } from './header-ops.ts';
import { globalRegExp } from './match-regex.ts';

export interface RouteFeatures {
  /** Per weighted cluster (same index as action.clusters): destination then route request ops. */
  requestOps: (CompiledHeaderOps[] | undefined)[] | undefined;
  responseOps: (CompiledHeaderOps[] | undefined)[] | undefined;
  /** Route-level response ops alone (redirects, direct responses, local replies before a cluster). */
  routeResponseOps: CompiledHeaderOps[] | undefined;
  fault: GatewayRoute['fault'];
  cors: CompiledCors | undefined;
  regexRewrite: { re: RegExp; substitution: string } | undefined;
  mirrors: MirrorPolicy[] | undefined;
}

/** An RE2 rewrite substitution in JavaScript's replace syntax (\1 -> $1, $ -> $$). */
export function jsSubstitution(re2: string): string {
  let out = '';
  for (let i = 0; i < re2.length; i++) {
    const c = re2[i] as string;
    if (c === '$') out += '$$';
    else if (c === '\\' && i + 1 < re2.length) {
      const n = re2[++i] as string;
      out += n >= '0' && n <= '9' ? `$${n === '0' ? '&' : n}` : n;
    } else out += c;
  }
  return out;
}

/** RE2::GlobalReplace on the path (the query is kept as it was). */
export function regexRewritePath(path: string, rw: { re: RegExp; substitution: string }): string {
  const q = path.indexOf('?');
  const pathOnly = q < 0 ? path : path.slice(0, q);
  rw.re.lastIndex = 0;
  return pathOnly.replace(rw.re, rw.substitution) + (q < 0 ? '' : path.slice(q));
}

function perCluster(
  action: Extract<RouteAction, { type: 'route' }>,
  routeOps: HeaderOps | undefined,
  pick: 'requestHeaders' | 'responseHeaders',
  request: boolean,
): (CompiledHeaderOps[] | undefined)[] | undefined {
  const out = action.clusters.map((c) => compileHeaderOps([c[pick], routeOps], request));
  return out.some((o) => o !== undefined) ? out : undefined;
}

export function compileRouteFeatures(route: GatewayRoute): RouteFeatures | undefined {
  const action = route.action;
  const f: RouteFeatures = {
    requestOps: undefined,
    responseOps: undefined,
    routeResponseOps: compileHeaderOps([route.responseHeaders], false),
    fault: route.fault,
    cors: route.cors ? compileCors(route.cors) : undefined,
    regexRewrite: undefined,
    mirrors: undefined,
  };
  if (action.type === 'route') {
    f.requestOps = perCluster(action, route.requestHeaders, 'requestHeaders', true);
    f.responseOps = perCluster(action, route.responseHeaders, 'responseHeaders', false);
    const rw = action.regexRewrite;
    if (rw) {
      f.regexRewrite = { re: globalRegExp(rw.pattern), substitution: jsSubstitution(rw.substitution) };
    }
    const mirrors = action.mirrors?.filter((m) => m.percentage > 0);
    if (mirrors && mirrors.length > 0) f.mirrors = mirrors;
  }
  const any =
    f.requestOps ?? f.responseOps ?? f.routeResponseOps ?? f.fault ?? f.cors ?? f.regexRewrite ?? f.mirrors;
  return any === undefined ? undefined : f;
}
