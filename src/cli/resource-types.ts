// Resource names as kubectl resolves what the user types: plural, singular, short name or
// kind (case-insensitive), optionally qualified by group (`ingresses.networking.k8s.io`) or
// version and group (`deployments.v1.apps`), and categories (`all`, `istio-io`) expanding
// to their members. Plus the URL paths and `kind.group` names the commands print.
import { apiVersionOf, RESOURCES, type ResourceType } from '../resources/catalogue.ts';
import { CliError } from './errors.ts';

export interface TypeRef {
  rt: ResourceType;
  version: string;
}

function isAlias(rt: ResourceType): boolean {
  return rt.storage.group !== rt.group || rt.storage.resource !== rt.plural;
}

function names(rt: ResourceType): string[] {
  return [rt.plural, rt.singular, rt.kind.toLowerCase(), ...rt.shortNames.map((s) => s.toLowerCase())];
}

/** Members of a category, in discovery order, without aliases (extensions/v1beta1 ingresses). */
export function categoryMembers(category: string): ResourceType[] {
  return RESOURCES.filter((rt) => rt.categories.includes(category) && !isAlias(rt));
}

function matchOne(input: string): TypeRef | undefined {
  const lower = input.toLowerCase();
  const plain = RESOURCES.filter((rt) => names(rt).includes(lower));
  const pick = plain.find((rt) => !isAlias(rt)) ?? plain[0];
  if (pick) return { rt: pick, version: pick.versions[0]! };
  const parts = lower.split('.');
  if (parts.length < 2) return undefined;
  const head = parts[0]!;
  // resource.version.group (a full GroupVersionResource) first, as kubectl tries it first
  if (parts.length >= 3) {
    const version = parts[1]!;
    const group = parts.slice(2).join('.');
    const rt = RESOURCES.find(
      (r) => r.group === group && names(r).includes(head) && r.versions.includes(version),
    );
    if (rt) return { rt, version };
  }
  const group = parts.slice(1).join('.');
  const rt = RESOURCES.find((r) => r.group === group && names(r).includes(head));
  return rt ? { rt, version: rt.versions[0]! } : undefined;
}

/** One comma-separated item: a category expands to many types. Throws on an unknown name. */
export function resolveType(input: string): TypeRef[] {
  const lower = input.toLowerCase();
  const members = categoryMembers(lower);
  if (members.length > 0 && !RESOURCES.some((rt) => names(rt).includes(lower)))
    return members.map((rt) => ({ rt, version: rt.versions[0]! }));
  const one = matchOne(input);
  if (!one) throw new CliError(`the server doesn't have a resource type "${input}"`);
  return [one];
}

/** `pods,svc` -> the types in order, duplicates dropped. */
export function resolveTypes(list: string): TypeRef[] {
  const out: TypeRef[] = [];
  for (const item of list.split(',')) {
    if (item === '') continue;
    for (const ref of resolveType(item))
      if (!out.some((o) => o.rt === ref.rt && o.version === ref.version)) out.push(ref);
  }
  return out;
}

function groupVersionPath(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

/** The list URL: one namespace, or every namespace (or cluster scope) when `namespace` is undefined. */
export function collectionPath(ref: TypeRef, namespace: string | undefined): string {
  const base = groupVersionPath(ref.rt.group, ref.version);
  if (ref.rt.namespaced && namespace !== undefined)
    return `${base}/namespaces/${encodeURIComponent(namespace)}/${ref.rt.plural}`;
  return `${base}/${ref.rt.plural}`;
}

export function objectPath(ref: TypeRef, namespace: string | undefined, name: string, sub?: string): string {
  const path = `${collectionPath(ref, namespace)}/${encodeURIComponent(name)}`;
  return sub ? `${path}/${sub}` : path;
}

/** `deployment.apps`, `service`: how kubectl names a kind in `created` / `-o name` / `deleted`. */
export function kindName(rt: Pick<ResourceType, 'kind' | 'group'>): string {
  const kind = rt.kind.toLowerCase();
  return rt.group ? `${kind}.${rt.group}` : kind;
}

/** The apiVersion string of a TypeRef: `apps/v1`, `v1`. */
export function apiVersionOfRef(ref: TypeRef): string {
  return apiVersionOf(ref.rt.group, ref.version);
}
