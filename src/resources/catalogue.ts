// The catalogue of every resource gangway serves: one row per (group, resource), with the
// discovery facts kubectl needs (names, scope, verbs, categories, subresources) and where
// the object is stored. api/ builds discovery and OpenAPI from it; store/ keys on `storage`.

export interface StorageId {
  group: string; // '' for the core group
  resource: string; // plural
  version: string;
}

export type Subresource = 'status' | 'scale' | 'log';

export interface ResourceType {
  group: string; // '' for the core group
  versions: readonly string[]; // served versions, preferred first
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  shortNames: readonly string[];
  namespaced: boolean;
  categories: readonly string[];
  verbs: readonly string[];
  subresources: readonly Subresource[];
  /** Custom resources: merge patches only (strategic merge answers 415). */
  crd: boolean;
  /** Where objects of this resource live. Aliases (extensions/v1beta1 ingresses) share their target's. */
  storage: StorageId;
}

const ALL_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
] as const;
const NS_VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] as const;

interface Row {
  group: string;
  versions: string[];
  kind: string;
  plural: string;
  shortNames?: string[];
  namespaced?: boolean;
  categories?: string[];
  verbs?: readonly string[];
  subresources?: Subresource[];
  crd?: boolean;
  storage?: StorageId;
}

const ISTIO_CATEGORIES = ['istio-io', 'networking-istio-io'];
const INGRESS_STORAGE: StorageId = { group: 'networking.k8s.io', resource: 'ingresses', version: 'v1' };

const ROWS: Row[] = [
  {
    group: '',
    versions: ['v1'],
    kind: 'Namespace',
    plural: 'namespaces',
    shortNames: ['ns'],
    namespaced: false,
    verbs: NS_VERBS,
    subresources: ['status'],
  },
  {
    group: '',
    versions: ['v1'],
    kind: 'Node',
    plural: 'nodes',
    shortNames: ['no'],
    namespaced: false,
    subresources: ['status'],
  },
  {
    group: '',
    versions: ['v1'],
    kind: 'Pod',
    plural: 'pods',
    shortNames: ['po'],
    categories: ['all'],
    subresources: ['status', 'log'],
  },
  {
    group: '',
    versions: ['v1'],
    kind: 'Service',
    plural: 'services',
    shortNames: ['svc'],
    categories: ['all'],
    subresources: ['status'],
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  },
  { group: '', versions: ['v1'], kind: 'Endpoints', plural: 'endpoints', shortNames: ['ep'] },
  { group: '', versions: ['v1'], kind: 'Event', plural: 'events', shortNames: ['ev'] },
  { group: '', versions: ['v1'], kind: 'ConfigMap', plural: 'configmaps', shortNames: ['cm'] },
  { group: '', versions: ['v1'], kind: 'Secret', plural: 'secrets' },
  {
    group: 'apps',
    versions: ['v1'],
    kind: 'Deployment',
    plural: 'deployments',
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: ['scale', 'status'],
  },
  {
    group: 'apps',
    versions: ['v1'],
    kind: 'ReplicaSet',
    plural: 'replicasets',
    shortNames: ['rs'],
    categories: ['all'],
    subresources: ['scale', 'status'],
  },
  { group: 'discovery.k8s.io', versions: ['v1'], kind: 'EndpointSlice', plural: 'endpointslices' },
  {
    group: 'networking.k8s.io',
    versions: ['v1', 'v1beta1'],
    kind: 'Ingress',
    plural: 'ingresses',
    shortNames: ['ing'],
    subresources: ['status'],
  },
  {
    group: 'networking.k8s.io',
    versions: ['v1'],
    kind: 'IngressClass',
    plural: 'ingressclasses',
    namespaced: false,
  },
  {
    group: 'extensions',
    versions: ['v1beta1'],
    kind: 'Ingress',
    plural: 'ingresses',
    subresources: ['status'],
    storage: INGRESS_STORAGE,
  },
  {
    group: 'networking.istio.io',
    versions: ['v1', 'v1beta1', 'v1alpha3'],
    kind: 'Gateway',
    plural: 'gateways',
    shortNames: ['gw'],
    categories: ISTIO_CATEGORIES,
    subresources: ['status'],
    crd: true,
  },
  {
    group: 'networking.istio.io',
    versions: ['v1', 'v1beta1', 'v1alpha3'],
    kind: 'VirtualService',
    plural: 'virtualservices',
    shortNames: ['vs'],
    categories: ISTIO_CATEGORIES,
    subresources: ['status'],
    crd: true,
  },
  {
    group: 'networking.istio.io',
    versions: ['v1', 'v1beta1', 'v1alpha3'],
    kind: 'DestinationRule',
    plural: 'destinationrules',
    shortNames: ['dr'],
    categories: ISTIO_CATEGORIES,
    subresources: ['status'],
    crd: true,
  },
  {
    group: 'install.istio.io',
    versions: ['v1alpha1'],
    kind: 'IstioOperator',
    plural: 'istiooperators',
    shortNames: ['iop', 'io'],
    crd: true,
    subresources: ['status'],
  },
];

export const RESOURCES: readonly ResourceType[] = ROWS.map((r) => ({
  group: r.group,
  versions: r.versions,
  kind: r.kind,
  listKind: `${r.kind}List`,
  plural: r.plural,
  singular: r.kind.toLowerCase(),
  shortNames: r.shortNames ?? [],
  namespaced: r.namespaced ?? true,
  categories: r.categories ?? [],
  verbs: r.verbs ?? ALL_VERBS,
  subresources: r.subresources ?? [],
  crd: r.crd ?? false,
  storage: r.storage ?? { group: r.group, resource: r.plural, version: r.versions[0]! },
}));

/** `apps/v1` -> { group: 'apps', version: 'v1' }; `v1` -> core. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** The resource type for an object's apiVersion and kind, if gangway serves that version. */
export function resourceForKind(apiVersion: string, kind: string): ResourceType | undefined {
  const { group, version } = parseApiVersion(apiVersion);
  return RESOURCES.find((r) => r.group === group && r.kind === kind && r.versions.includes(version));
}

/** The resource type for a URL's group and plural (`apis/apps/v1/.../deployments`). */
export function resourceForPlural(group: string, plural: string): ResourceType | undefined {
  return RESOURCES.find((r) => r.group === group && r.plural === plural);
}

/** The resource type that owns a storage id (the canonical one, never an alias). */
export function resourceForStorage(storage: StorageId): ResourceType {
  const rt = RESOURCES.find((r) => r.group === storage.group && r.plural === storage.resource);
  if (!rt) throw new Error(`no resource type stores ${storage.group}/${storage.resource}`);
  return rt;
}

/** Kinds gangway knows in some version, for "did you mean" and version hints. */
export function kindsNamed(kind: string): ResourceType[] {
  return RESOURCES.filter((r) => r.kind === kind);
}
