// VirtualService header operations as Envoy applies them (request_headers_to_add / _remove,
// response_headers_to_add / _remove), compiled once per model: per level, removes first, then
// `set` (OVERWRITE_IF_EXISTS_OR_ADD: the first copy replaced, later copies dropped) and `add`
// (APPEND_IF_EXISTS_OR_ADD). Levels run most specific first (destination, then route), so a
// route-level `set` wins. `host` / `:authority` in a request set or add is the authority
// rewrite; other pseudo-headers are dropped, as Istio translates them. Headers are flat
// [name, value, ...] arrays with lower-case names.
import type { HeaderOps } from '../../istio/model.ts';

export interface CompiledHeaderOps {
  remove: readonly string[];
  set: readonly (readonly [string, string])[];
  add: readonly (readonly [string, string])[];
  /** A request `host` / `:authority` set or add: the upstream authority. */
  authority: string | undefined;
}

/** Compiles the levels given (most specific first); undefined when there is nothing to do. */
export function compileHeaderOps(
  levels: readonly (HeaderOps | undefined)[],
  request: boolean,
): CompiledHeaderOps[] | undefined {
  const out: CompiledHeaderOps[] = [];
  for (const ops of levels) {
    if (!ops) continue;
    let authority: string | undefined;
    const keep = (pairs: [string, string][] | undefined): [string, string][] => {
      const kept: [string, string][] = [];
      for (const [rawName, value] of pairs ?? []) {
        const name = rawName.toLowerCase();
        if (request && (name === 'host' || name === ':authority')) authority = value;
        else if (!name.startsWith(':')) kept.push([name, value]);
      }
      return kept;
    };
    const set = keep(ops.set);
    const add = keep(ops.add);
    const remove = (ops.remove ?? []).map((n) => n.toLowerCase()).filter((n) => !n.startsWith(':'));
    if (set.length + add.length + remove.length === 0 && authority === undefined) continue;
    out.push({ remove, set, add, authority });
  }
  return out.length === 0 ? undefined : out;
}

function removeAll(headers: string[], name: string, from: number): void {
  let w = from;
  for (let r = from; r < headers.length; r += 2) {
    if (headers[r] === name) continue;
    if (w !== r) {
      headers[w] = headers[r] as string;
      headers[w + 1] = headers[r + 1] as string;
    }
    w += 2;
  }
  headers.length = w;
}

/** Applies the levels in order to a flat header array in place; returns the authority rewrite. */
export function applyHeaderOps(
  headers: string[],
  levels: readonly CompiledHeaderOps[],
  protect?: ReadonlySet<string>,
): string | undefined {
  let authority: string | undefined;
  for (const ops of levels) {
    for (const name of ops.remove) if (!protect?.has(name)) removeAll(headers, name, 0);
    for (const [name, value] of ops.set) {
      if (protect?.has(name)) continue;
      let i = 0;
      while (i < headers.length && headers[i] !== name) i += 2;
      if (i < headers.length) {
        headers[i + 1] = value;
        removeAll(headers, name, i + 2);
      } else headers.push(name, value);
    }
    for (const [name, value] of ops.add) if (!protect?.has(name)) headers.push(name, value);
    if (ops.authority !== undefined) authority = ops.authority;
  }
  return authority;
}

/** What a response gets from the route on its way out: header ops, CORS headers, Set-Cookie. */
export interface ResponseMutation {
  ops: readonly CompiledHeaderOps[] | undefined;
  /** CORS response headers, set (replacing any copy). */
  cors: readonly string[] | undefined;
  /** A generated hash-policy cookie. */
  setCookie: string | undefined;
}

export function applyResponseMutation(headers: string[], m: ResponseMutation): void {
  if (m.ops) applyHeaderOps(headers, m.ops);
  if (m.setCookie !== undefined) headers.push('set-cookie', m.setCookie);
  const cors = m.cors;
  if (cors) {
    for (let i = 0; i < cors.length; i += 2) removeAll(headers, cors[i] as string, 0);
    for (const h of cors) headers.push(h);
  }
}
