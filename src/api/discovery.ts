// Discovery documents built from the resource catalogue: aggregated discovery
// (apidiscovery.k8s.io/v2, and v2beta1) for /api and /apis, and the legacy APIVersions,
// APIGroupList, APIGroup and APIResourceList documents that older clients walk.
import { apiVersionOf, RESOURCES } from '../resources/catalogue.ts';
import type { ResourceType, Subresource } from '../resources/catalogue.ts';

export interface GroupVersions {
  group: string;
  versions: string[]; // preferred first
}

/**
 * Kubernetes version priority (apimachinery `version.CompareKubeAwareVersionStrings`):
 * GA before beta before alpha, higher numbers first; anything else after, alphabetically.
 */
export function compareKubeVersions(a: string, b: string): number {
  const parse = (v: string): [number, number, number] | undefined => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return undefined;
    const level = m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0;
    return [level, Number(m[1]), m[3] === undefined ? 0 : Number(m[3])];
  };
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) return pa ? -1 : pb ? 1 : a.localeCompare(b);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pb[i]! - pa[i]!;
  return 0;
}

/** Served groups in catalogue order (core first), each with its versions by priority. */
export function servedGroups(resources: readonly ResourceType[] = RESOURCES): GroupVersions[] {
  const byGroup = new Map<string, string[]>();
  for (const rt of resources) {
    const list = byGroup.get(rt.group) ?? [];
    for (const v of rt.versions) if (!list.includes(v)) list.push(v);
    byGroup.set(rt.group, list);
  }
  const out = [...byGroup].map(([group, versions]) => ({
    group,
    versions: versions.sort(compareKubeVersions),
  }));
  return out.sort((a, b) => (a.group === '' ? -1 : b.group === '' ? 1 : 0));
}

export function resourcesIn(group: string, version: string, resources = RESOURCES): ResourceType[] {
  return resources.filter((r) => r.group === group && r.versions.includes(version));
}

/**
 * Short names an earlier (higher-priority) resource already claims are left off a later one:
 * kubectl warns `short name "ing" could also match lower priority resource ...` on every use
 * otherwise (client-go restmapper/shortcut.go). This keeps `ing` on networking.k8s.io only.
 */
export function discoveryShortNames(rt: ResourceType, resources = RESOURCES): string[] {
  const earlier = new Set<string>();
  for (const other of resources) {
    if (other === rt) break;
    if (other.group === rt.group && other.plural === rt.plural) continue;
    for (const s of other.shortNames) earlier.add(s);
  }
  return rt.shortNames.filter((s) => !earlier.has(s));
}

const SUB_VERBS: Readonly<Record<Subresource, readonly string[]>> = {
  status: ['get', 'patch', 'update'],
  scale: ['get', 'patch', 'update'],
  log: ['get'],
};

function subKind(
  rt: ResourceType,
  sub: Subresource,
  version: string,
): { group: string; version: string; kind: string } {
  if (sub === 'scale') return { group: 'autoscaling', version: 'v1', kind: 'Scale' };
  return { group: rt.group, version, kind: rt.kind };
}

// ---- legacy documents ----

export function apiVersions(serverAddress: string): unknown {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupDoc(g: GroupVersions): Record<string, unknown> {
  const versions = g.versions.map((v) => ({ groupVersion: `${g.group}/${v}`, version: v }));
  return { name: g.group, versions, preferredVersion: versions[0] };
}

export function apiGroupList(): unknown {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: servedGroups()
      .filter((g) => g.group !== '')
      .map(groupDoc),
  };
}

export function apiGroup(group: string): unknown {
  const g = servedGroups().find((x) => x.group === group);
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...groupDoc(g) } : undefined;
}

export function apiResourceList(group: string, version: string): unknown {
  const resources: Record<string, unknown>[] = [];
  for (const rt of resourcesIn(group, version)) {
    const entry: Record<string, unknown> = {
      name: rt.plural,
      singularName: rt.singular,
      namespaced: rt.namespaced,
      kind: rt.kind,
      verbs: [...rt.verbs],
    };
    const shortNames = discoveryShortNames(rt);
    if (shortNames.length > 0) entry['shortNames'] = shortNames;
    if (rt.categories.length > 0) entry['categories'] = [...rt.categories];
    resources.push(entry);
    for (const sub of [...rt.subresources].sort()) {
      const k = subKind(rt, sub, version);
      const s: Record<string, unknown> = {
        name: `${rt.plural}/${sub}`,
        singularName: '',
        namespaced: rt.namespaced,
      };
      if (k.group !== rt.group || k.version !== version) {
        s['group'] = k.group;
        s['version'] = k.version;
      }
      s['kind'] = k.kind;
      s['verbs'] = [...SUB_VERBS[sub]];
      resources.push(s);
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf(group, version),
    resources,
  };
}

// ---- aggregated discovery (KEP-3352) ----

function discoveryResource(rt: ResourceType, version: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    resource: rt.plural,
    responseKind: { group: rt.group, version, kind: rt.kind },
    scope: rt.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: rt.singular,
    verbs: [...rt.verbs],
  };
  const shortNames = discoveryShortNames(rt);
  if (shortNames.length > 0) out['shortNames'] = shortNames;
  if (rt.categories.length > 0) out['categories'] = [...rt.categories];
  if (rt.subresources.length > 0) {
    out['subresources'] = [...rt.subresources].sort().map((sub) => ({
      subresource: sub,
      responseKind: subKind(rt, sub, version),
      verbs: [...SUB_VERBS[sub]],
    }));
  }
  return out;
}

function discoveryGroup(g: GroupVersions): Record<string, unknown> {
  return {
    metadata: g.group === '' ? { creationTimestamp: null } : { name: g.group, creationTimestamp: null },
    versions: g.versions.map((version) => ({
      version,
      resources: resourcesIn(g.group, version).map((rt) => discoveryResource(rt, version)),
      freshness: 'Current',
    })),
  };
}

/** The APIGroupDiscoveryList for /api (`core`) or /apis. */
export function aggregatedDiscovery(which: 'core' | 'apis', apiVersion: 'v2' | 'v2beta1'): unknown {
  const groups = servedGroups().filter((g) => (which === 'core' ? g.group === '' : g.group !== ''));
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${apiVersion}`,
    metadata: {},
    items: groups.map(discoveryGroup),
  };
}
