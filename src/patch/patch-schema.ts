// Patch metadata of the built-in types gangway serves: which lists merge by which key
// (`patchStrategy:"merge" patchMergeKey:"name"` in the Kubernetes Go types), which are sets,
// which are replaced whole. Strategic merge patch and server-side apply both walk it.
// Lists not named here are atomic, as in Kubernetes (tolerations, ingress rules, subsets).

export interface FieldMeta {
  /** The named type of the value, or of the list's items. */
  type?: string;
  /** 'merge': a list merged by `key` (objects) or as a set (primitives). */
  strategy?: 'merge';
  key?: string;
  /** `patchStrategy:"retainKeys"`: a `$retainKeys` directive clears the keys it does not list. */
  retainKeys?: boolean;
  /** A map of user keys (labels, data): server-side apply owns the map itself as well as its keys. */
  map?: boolean;
  /** `+structType=atomic`: server-side apply replaces it whole (Deployment spec.selector). */
  atomic?: boolean;
}

type TypeTable = Readonly<Record<string, Readonly<Record<string, FieldMeta>>>>;

const byName = (type: string): FieldMeta => ({ type, strategy: 'merge', key: 'name' });
const conditions: FieldMeta = { strategy: 'merge', key: 'type' };

const TYPES: TypeTable = {
  ObjectMeta: {
    labels: { map: true },
    annotations: { map: true },
    finalizers: { strategy: 'merge' },
    ownerReferences: { strategy: 'merge', key: 'uid' },
  },
  PodTemplateSpec: { metadata: { type: 'ObjectMeta' }, spec: { type: 'PodSpec' } },
  PodSpec: {
    volumes: { ...byName('Volume'), retainKeys: true },
    initContainers: byName('Container'),
    containers: byName('Container'),
    ephemeralContainers: byName('Container'),
    imagePullSecrets: { strategy: 'merge', key: 'name' },
    hostAliases: { strategy: 'merge', key: 'ip' },
    topologySpreadConstraints: { strategy: 'merge', key: 'topologyKey' },
    schedulingGates: { strategy: 'merge', key: 'name' },
    resourceClaims: { strategy: 'merge', key: 'name', retainKeys: true },
    nodeSelector: { map: true },
  },
  Container: {
    ports: { strategy: 'merge', key: 'containerPort' },
    env: { strategy: 'merge', key: 'name' },
    volumeMounts: { strategy: 'merge', key: 'mountPath' },
    volumeDevices: { strategy: 'merge', key: 'devicePath' },
    resources: { type: 'ResourceRequirements' },
  },
  ResourceRequirements: { limits: { map: true }, requests: { map: true } },
  Volume: {},
  PodStatus: {
    conditions,
    podIPs: { strategy: 'merge', key: 'ip' },
    hostIPs: { strategy: 'merge', key: 'ip' },
    resourceClaimStatuses: { strategy: 'merge', key: 'name', retainKeys: true },
  },
  Pod: { metadata: { type: 'ObjectMeta' }, spec: { type: 'PodSpec' }, status: { type: 'PodStatus' } },
  ServiceSpec: { ports: { strategy: 'merge', key: 'port' }, selector: { map: true } },
  Service: {
    metadata: { type: 'ObjectMeta' },
    spec: { type: 'ServiceSpec' },
    status: { type: 'ConditionsStatus' },
  },
  ConditionsStatus: { conditions },
  DeploymentSpec: {
    template: { type: 'PodTemplateSpec' },
    strategy: { retainKeys: true },
    selector: { atomic: true },
  },
  Deployment: {
    metadata: { type: 'ObjectMeta' },
    spec: { type: 'DeploymentSpec' },
    status: { type: 'ConditionsStatus' },
  },
  ReplicaSetSpec: { template: { type: 'PodTemplateSpec' }, selector: { atomic: true } },
  ReplicaSet: {
    metadata: { type: 'ObjectMeta' },
    spec: { type: 'ReplicaSetSpec' },
    status: { type: 'ConditionsStatus' },
  },
  Namespace: { metadata: { type: 'ObjectMeta' }, status: { type: 'ConditionsStatus' } },
  NodeSpec: { podCIDRs: { strategy: 'merge' } },
  NodeStatus: { conditions, addresses: { strategy: 'merge', key: 'type' } },
  Node: { metadata: { type: 'ObjectMeta' }, spec: { type: 'NodeSpec' }, status: { type: 'NodeStatus' } },
  ConfigMap: { metadata: { type: 'ObjectMeta' }, data: { map: true }, binaryData: { map: true } },
  Secret: { metadata: { type: 'ObjectMeta' }, data: { map: true }, stringData: { map: true } },
  Object: { metadata: { type: 'ObjectMeta' } },
};

const KINDS = new Set([
  'Pod',
  'Service',
  'Deployment',
  'ReplicaSet',
  'Namespace',
  'Node',
  'ConfigMap',
  'Secret',
]);

/** A position in the type tree: undefined below the types this table knows. */
export type TypeName = string | undefined;

/** The root type of a kind. Kinds without special lists get `Object` (metadata only). */
export function rootType(kind: string): TypeName {
  return KINDS.has(kind) ? kind : 'Object';
}

/** What the table knows about `field` of a value of type `type`. */
export function fieldMeta(type: TypeName, field: string): FieldMeta {
  if (type === undefined) return {};
  return TYPES[type]?.[field] ?? {};
}
