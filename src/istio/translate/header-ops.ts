// VirtualService `headers` -> the model's HeaderOps (pilot route.TranslateHeadersOperations):
// set = overwrite-or-add, add = append, each sorted by name; `host` / `:authority` in request
// set/add become the authority rewrite instead; other pseudo-headers are dropped.
import type { HeaderOps } from '../model.ts';
import type { HeaderOperationsSpec, HeadersSpec } from './specs.ts';

export interface TranslatedHeaders {
  request?: HeaderOps;
  response?: HeaderOps;
  /** From request set/add `host` or `:authority`: Envoy host_rewrite_literal. */
  authority?: string;
}

/** A scalar written in YAML as text. */
export function scalarText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function isAuthority(name: string): boolean {
  return name === 'host' || name === ':authority';
}

function pairs(
  values: Readonly<Record<string, unknown>> | undefined,
  auth: { value?: string },
): [string, string][] | undefined {
  if (!values) return undefined;
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(values)) {
    const name = key.toLowerCase();
    if (isAuthority(name)) {
      auth.value = scalarText(value);
      continue;
    }
    if (name.startsWith(':')) continue;
    out.push([name, scalarText(value)]);
  }
  out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return out.length > 0 ? out : undefined;
}

function ops(spec: HeaderOperationsSpec | undefined, auth: { value?: string }): HeaderOps | undefined {
  if (!spec) return undefined;
  const out: HeaderOps = {};
  const setAuth: { value?: string } = {};
  const addAuth: { value?: string } = {};
  const set = pairs(spec.set, setAuth);
  const add = pairs(spec.add, addAuth);
  if (set) out.set = set;
  if (add) out.add = add;
  const remove = (spec.remove ?? [])
    .map((h) => scalarText(h).toLowerCase())
    .filter((h) => !h.startsWith(':'));
  if (remove.length > 0) out.remove = remove;
  const a = setAuth.value ?? addAuth.value;
  if (a !== undefined) auth.value = a;
  return out.set || out.add || out.remove ? out : undefined;
}

export function translateHeaders(spec: HeadersSpec | undefined): TranslatedHeaders {
  const out: TranslatedHeaders = {};
  if (!spec) return out;
  const auth: { value?: string } = {};
  const request = ops(spec.request, auth);
  const response = ops(spec.response, {});
  if (request) out.request = request;
  if (response) out.response = response;
  if (auth.value !== undefined && auth.value !== '') out.authority = auth.value;
  return out;
}

/** Appends `extra`'s operations after `base`'s (Envoy applies them in order, so `extra` wins). */
export function appendOps(base: HeaderOps | undefined, extra: HeaderOps | undefined): HeaderOps | undefined {
  if (!extra) return base;
  if (!base) return extra;
  const out: HeaderOps = {};
  const set = [...(base.set ?? []), ...(extra.set ?? [])];
  const add = [...(base.add ?? []), ...(extra.add ?? [])];
  const remove = [...(base.remove ?? []), ...(extra.remove ?? [])];
  if (set.length > 0) out.set = set;
  if (add.length > 0) out.add = add;
  if (remove.length > 0) out.remove = remove;
  return out;
}
