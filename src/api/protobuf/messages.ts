// Field tables for the Kubernetes protobuf messages that `kubectl create namespace|secret|
// configmap|deployment|service` send (field numbers from k8s.io/api and k8s.io/apimachinery
// generated.proto). Each table maps a field number to its JSON name and type; decode.ts turns
// a message into the object the JSON encoding of the same Go struct would give.

export type Scalar = 'string' | 'bytes' | 'int32' | 'int64' | 'bool';

export interface MessageType {
  /** Fully qualified proto name, for error messages. */
  name: string;
  fields: Readonly<Record<number, Field>>;
  /** Turns the decoded fields into the JSON value (Time, IntOrString, Quantity). */
  toJSON?: (m: Record<string, unknown>) => unknown;
}

export interface Field {
  json: string;
  type: Scalar | MessageType;
  repeated?: boolean;
  /** map<string, type>, sent as repeated entry messages {key 1, value 2}. */
  map?: boolean;
  /**
   * Keep a zero scalar. gogo-protobuf writes every non-pointer scalar, zero or not, while the
   * JSON encoding drops zeros of `omitempty` fields; pointer fields (`optional` in Go, written
   * only when set) and fields without `omitempty` keep theirs.
   */
  keepZero?: boolean;
}

const str = (json: string, o: Partial<Field> = {}): Field => ({ json, type: 'string', ...o });
const int32 = (json: string, o: Partial<Field> = {}): Field => ({ json, type: 'int32', ...o });
const int64 = (json: string, o: Partial<Field> = {}): Field => ({ json, type: 'int64', ...o });
const bool = (json: string, o: Partial<Field> = {}): Field => ({ json, type: 'bool', ...o });
const msg = (json: string, type: MessageType, o: Partial<Field> = {}): Field => ({ json, type, ...o });
const strings = (json: string): Field => ({ json, type: 'string', repeated: true });
const stringMap = (json: string): Field => ({ json, type: 'string', map: true });
const PTR = { keepZero: true };

// k8s.io/apimachinery

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';

export const Time: MessageType = {
  name: `${META}.Time`,
  fields: { 1: int64('seconds'), 2: int32('nanos') },
  toJSON: (m) => {
    const seconds = (m['seconds'] as number | undefined) ?? 0;
    if (seconds === 0 && m['nanos'] === undefined) return null;
    return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  },
};

export const IntOrString: MessageType = {
  name: 'k8s.io.apimachinery.pkg.util.intstr.IntOrString',
  fields: { 1: int64('type'), 2: int32('intVal'), 3: str('strVal') },
  toJSON: (m) => (m['type'] === 1 ? (m['strVal'] ?? '') : (m['intVal'] ?? 0)),
};

export const Quantity: MessageType = {
  name: 'k8s.io.apimachinery.pkg.api.resource.Quantity',
  fields: { 1: str('string') },
  toJSON: (m) => m['string'] ?? '0',
};

const OwnerReference: MessageType = {
  name: `${META}.OwnerReference`,
  fields: {
    1: str('kind'),
    3: str('name'),
    4: str('uid'),
    5: str('apiVersion'),
    6: bool('controller', PTR),
    7: bool('blockOwnerDeletion', PTR),
  },
};

export const ObjectMeta: MessageType = {
  name: `${META}.ObjectMeta`,
  fields: {
    1: str('name'),
    2: str('generateName'),
    3: str('namespace'),
    4: str('selfLink'),
    5: str('uid'),
    6: str('resourceVersion'),
    7: int64('generation'),
    8: msg('creationTimestamp', Time),
    9: msg('deletionTimestamp', Time),
    10: int64('deletionGracePeriodSeconds', PTR),
    11: stringMap('labels'),
    12: stringMap('annotations'),
    13: msg('ownerReferences', OwnerReference, { repeated: true }),
    14: strings('finalizers'),
  },
};

const LabelSelectorRequirement: MessageType = {
  name: `${META}.LabelSelectorRequirement`,
  fields: { 1: str('key'), 2: str('operator'), 3: strings('values') },
};

const LabelSelector: MessageType = {
  name: `${META}.LabelSelector`,
  fields: {
    1: stringMap('matchLabels'),
    2: msg('matchExpressions', LabelSelectorRequirement, { repeated: true }),
  },
};

const TypeMeta: MessageType = {
  name: 'k8s.io.apimachinery.pkg.runtime.TypeMeta',
  fields: { 1: str('apiVersion'), 2: str('kind') },
};

/** The envelope after the `k8s\0` magic. */
export const Unknown: MessageType = {
  name: 'k8s.io.apimachinery.pkg.runtime.Unknown',
  fields: {
    1: msg('typeMeta', TypeMeta),
    2: { json: 'raw', type: 'bytes', keepZero: true },
    3: str('contentEncoding'),
    4: str('contentType'),
  },
};

// k8s.io/api/core/v1

const CORE = 'k8s.io.api.core.v1';

const Namespace: MessageType = {
  name: `${CORE}.Namespace`,
  fields: {
    1: msg('metadata', ObjectMeta),
    2: msg('spec', { name: `${CORE}.NamespaceSpec`, fields: { 1: strings('finalizers') } }),
    3: msg('status', { name: `${CORE}.NamespaceStatus`, fields: { 1: str('phase') } }),
  },
};

const Secret: MessageType = {
  name: `${CORE}.Secret`,
  fields: {
    1: msg('metadata', ObjectMeta),
    2: { json: 'data', type: 'bytes', map: true },
    3: str('type'),
    4: stringMap('stringData'),
    5: bool('immutable', PTR),
  },
};

const ConfigMap: MessageType = {
  name: `${CORE}.ConfigMap`,
  fields: {
    1: msg('metadata', ObjectMeta),
    2: stringMap('data'),
    3: { json: 'binaryData', type: 'bytes', map: true },
    4: bool('immutable', PTR),
  },
};

const ServicePort: MessageType = {
  name: `${CORE}.ServicePort`,
  fields: {
    1: str('name'),
    2: str('protocol'),
    3: int32('port', PTR),
    4: msg('targetPort', IntOrString),
    5: int32('nodePort'),
    6: str('appProtocol', PTR),
  },
};

const ServiceSpec: MessageType = {
  name: `${CORE}.ServiceSpec`,
  fields: {
    1: msg('ports', ServicePort, { repeated: true }),
    2: stringMap('selector'),
    3: str('clusterIP'),
    4: str('type'),
    5: strings('externalIPs'),
    7: str('sessionAffinity'),
    8: str('loadBalancerIP'),
    9: strings('loadBalancerSourceRanges'),
    10: str('externalName'),
    11: str('externalTrafficPolicy'),
    12: int32('healthCheckNodePort'),
    13: bool('publishNotReadyAddresses'),
    17: str('ipFamilyPolicy', PTR),
    18: strings('clusterIPs'),
    19: strings('ipFamilies'),
    20: bool('allocateLoadBalancerNodePorts', PTR),
    21: str('loadBalancerClass', PTR),
    22: str('internalTrafficPolicy', PTR),
  },
};

const LoadBalancerIngress: MessageType = {
  name: `${CORE}.LoadBalancerIngress`,
  fields: { 1: str('ip'), 2: str('hostname') },
};

const Service: MessageType = {
  name: `${CORE}.Service`,
  fields: {
    1: msg('metadata', ObjectMeta),
    2: msg('spec', ServiceSpec),
    3: msg('status', {
      name: `${CORE}.ServiceStatus`,
      fields: {
        1: msg('loadBalancer', {
          name: `${CORE}.LoadBalancerStatus`,
          fields: { 1: msg('ingress', LoadBalancerIngress, { repeated: true }) },
        }),
      },
    }),
  },
};

const ContainerPort: MessageType = {
  name: `${CORE}.ContainerPort`,
  fields: {
    1: str('name'),
    2: int32('hostPort'),
    3: int32('containerPort', PTR),
    4: str('protocol'),
    5: str('hostIP'),
  },
};

const ResourceRequirements: MessageType = {
  name: `${CORE}.ResourceRequirements`,
  fields: {
    1: msg('limits', Quantity, { map: true }),
    2: msg('requests', Quantity, { map: true }),
  },
};

const EnvVar: MessageType = {
  name: `${CORE}.EnvVar`,
  fields: { 1: str('name'), 2: str('value') },
};

const Container: MessageType = {
  name: `${CORE}.Container`,
  fields: {
    1: str('name'),
    2: str('image'),
    3: strings('command'),
    4: strings('args'),
    5: str('workingDir'),
    6: msg('ports', ContainerPort, { repeated: true }),
    7: msg('env', EnvVar, { repeated: true }),
    8: msg('resources', ResourceRequirements),
    13: str('terminationMessagePath'),
    14: str('imagePullPolicy'),
    16: bool('stdin'),
    17: bool('stdinOnce'),
    18: bool('tty'),
    20: str('terminationMessagePolicy'),
    24: str('restartPolicy', PTR),
  },
};

const PodSpec: MessageType = {
  name: `${CORE}.PodSpec`,
  fields: {
    2: msg('containers', Container, { repeated: true }),
    3: str('restartPolicy'),
    4: int64('terminationGracePeriodSeconds', PTR),
    5: int64('activeDeadlineSeconds', PTR),
    6: str('dnsPolicy'),
    7: stringMap('nodeSelector'),
    8: str('serviceAccountName'),
    9: str('serviceAccount'),
    10: str('nodeName'),
    11: bool('hostNetwork'),
    12: bool('hostPID'),
    13: bool('hostIPC'),
    16: str('hostname'),
    17: str('subdomain'),
    19: str('schedulerName'),
    20: msg('initContainers', Container, { repeated: true }),
    21: bool('automountServiceAccountToken', PTR),
    24: str('priorityClassName'),
    25: int32('priority', PTR),
    27: bool('shareProcessNamespace', PTR),
    29: str('runtimeClassName', PTR),
    30: bool('enableServiceLinks', PTR),
    31: str('preemptionPolicy', PTR),
    35: bool('setHostnameAsFQDN', PTR),
    37: bool('hostUsers', PTR),
  },
};

const PodTemplateSpec: MessageType = {
  name: `${CORE}.PodTemplateSpec`,
  fields: { 1: msg('metadata', ObjectMeta), 2: msg('spec', PodSpec) },
};

// k8s.io/api/apps/v1

const APPS = 'k8s.io.api.apps.v1';

const DeploymentStrategy: MessageType = {
  name: `${APPS}.DeploymentStrategy`,
  fields: {
    1: str('type'),
    2: msg('rollingUpdate', {
      name: `${APPS}.RollingUpdateDeployment`,
      fields: { 1: msg('maxUnavailable', IntOrString), 2: msg('maxSurge', IntOrString) },
    }),
  },
};

const DeploymentSpec: MessageType = {
  name: `${APPS}.DeploymentSpec`,
  fields: {
    1: int32('replicas', PTR),
    2: msg('selector', LabelSelector),
    3: msg('template', PodTemplateSpec),
    4: msg('strategy', DeploymentStrategy),
    5: int32('minReadySeconds'),
    6: int32('revisionHistoryLimit', PTR),
    7: bool('paused'),
    9: int32('progressDeadlineSeconds', PTR),
  },
};

const DeploymentStatus: MessageType = {
  name: `${APPS}.DeploymentStatus`,
  fields: {
    1: int64('observedGeneration'),
    2: int32('replicas'),
    3: int32('updatedReplicas'),
    4: int32('availableReplicas'),
    5: int32('unavailableReplicas'),
    7: int32('readyReplicas'),
    8: int32('collisionCount', PTR),
    9: int32('terminatingReplicas', PTR),
  },
};

const Deployment: MessageType = {
  name: `${APPS}.Deployment`,
  fields: {
    1: msg('metadata', ObjectMeta),
    2: msg('spec', DeploymentSpec),
    3: msg('status', DeploymentStatus),
  },
};

/** The kinds gangway accepts as protobuf, by `apiVersion/kind`. */
export const KINDS: Readonly<Record<string, MessageType>> = {
  'v1/Namespace': Namespace,
  'v1/Secret': Secret,
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
};
