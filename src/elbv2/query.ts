// The AWS Query protocol's request side: `Action=X&Version=2015-12-01&Names.member.1=a&
// Targets.member.1.Id=i-1&Targets.member.1.Port=80` -> { action, version, input } with lists as
// arrays (`.member.N`, 1-based) and structures as objects, the shape operations read.
import type { Elbv2Input } from './input.ts';

export interface QueryRequest {
  action: string | undefined;
  version: string | undefined;
  input: Elbv2Input;
}

type Node = { [key: string]: Node | string };

function assign(root: Node, parts: readonly string[], value: string): void {
  let node = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = parts[i]!;
    const next = node[key];
    if (typeof next === 'object') node = next;
    else {
      const created: Node = {};
      node[key] = created;
      node = created;
    }
  }
  node[parts[parts.length - 1]!] = value;
}

/** `{member: {1: a, 2: b}}` -> [a, b]; other objects keep their keys. */
function normalize(node: Node | string): unknown {
  if (typeof node === 'string') return node;
  const keys = Object.keys(node);
  const members = node['member'];
  if (keys.length === 1 && typeof members === 'object') {
    return Object.keys(members)
      .filter((k) => /^\d+$/.test(k))
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => normalize(members[k]!));
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = normalize(node[k]!);
  return out;
}

export function parseQueryParams(params: URLSearchParams): QueryRequest {
  const root: Node = {};
  let action: string | undefined;
  let version: string | undefined;
  for (const [key, value] of params) {
    if (key === 'Action') action = value;
    else if (key === 'Version') version = value;
    else if (key !== '' && !key.startsWith('X-Amz-')) assign(root, key.split('.'), value);
  }
  return { action, version, input: normalize(root) as Elbv2Input };
}

/** The inverse, for gangway's own CLI: builds the form body the AWS CLI would send. */
export function encodeQueryParams(action: string, input: Readonly<Record<string, unknown>>): URLSearchParams {
  const params = new URLSearchParams({ Action: action, Version: '2015-12-01' });
  const put = (prefix: string, value: unknown): void => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      value.forEach((v: unknown, i) => put(`${prefix}.member.${i + 1}`, v));
    } else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) put(`${prefix}.${k}`, v);
    } else {
      params.append(prefix, typeof value === 'string' ? value : JSON.stringify(value));
    }
  };
  for (const [k, v] of Object.entries(input)) put(k, v);
  return params;
}
