// Server-side defaulting, as the API server fills fields that kubectl output depends on
// (kube-api.md §10; k8s.io/kubernetes pkg/apis/*/v1/defaults.go and the REST strategies).
// Runs on the storage version; the caller's object is never changed.
import type { ResourceType } from './catalogue.ts';
import type { JsonObject, KubeObject } from './types.ts';
import { defaultPod, defaultPodSpec } from './defaults-pod.ts';
import { defaultService } from './defaults-service.ts';
import { dropNulls, ensureObject, objectAt, objectsAt, setDefault } from './json.ts';

type Defaulter = (obj: KubeObject) => void;

function defaultTemplate(spec: JsonObject): void {
  const template = objectAt(spec, 'template');
  if (template) defaultPodSpec(ensureObject(template, 'spec'));
}

function defaultDeployment(obj: KubeObject): void {
  const spec = ensureObject(obj, 'spec');
  setDefault(spec, 'replicas', 1);
  const strategy = ensureObject(spec, 'strategy');
  setDefault(strategy, 'type', 'RollingUpdate', '');
  if (strategy.type === 'RollingUpdate') {
    const rolling = ensureObject(strategy, 'rollingUpdate');
    setDefault(rolling, 'maxUnavailable', '25%');
    setDefault(rolling, 'maxSurge', '25%');
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  defaultTemplate(spec);
}

function defaultReplicaSet(obj: KubeObject): void {
  const spec = ensureObject(obj, 'spec');
  setDefault(spec, 'replicas', 1);
  defaultTemplate(spec);
}

function defaultNamespace(obj: KubeObject): void {
  const name = obj.metadata.name;
  if (name) obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': name };
  const spec = ensureObject(obj, 'spec');
  setDefault(spec, 'finalizers', ['kubernetes']);
  setDefault(ensureObject(obj, 'status'), 'phase', 'Active', '');
}

function defaultSecret(obj: KubeObject): void {
  setDefault(obj, 'type', 'Opaque', '');
}

function defaultEndpoints(obj: KubeObject): void {
  for (const subset of objectsAt(obj, 'subsets')) {
    for (const port of objectsAt(subset, 'ports')) setDefault(port, 'protocol', 'TCP', '');
  }
}

function defaultEndpointSlice(obj: KubeObject): void {
  for (const port of objectsAt(obj, 'ports')) {
    setDefault(port, 'name', '');
    setDefault(port, 'protocol', 'TCP');
  }
}

const DEFAULTERS: Record<string, Defaulter> = {
  '/Pod': (obj) => defaultPod(obj),
  '/Service': (obj) => defaultService(obj),
  '/Namespace': defaultNamespace,
  '/Secret': defaultSecret,
  '/Endpoints': defaultEndpoints,
  'apps/Deployment': defaultDeployment,
  'apps/ReplicaSet': defaultReplicaSet,
  'discovery.k8s.io/EndpointSlice': defaultEndpointSlice,
};

/** Returns a new object with defaults filled; never mutates `obj`. */
export function applyDefaults(obj: KubeObject, rt: ResourceType): KubeObject {
  const out = structuredClone(obj);
  dropNulls(out);
  if (typeof out.metadata !== 'object') out.metadata = {};
  DEFAULTERS[`${rt.storage.group}/${rt.kind}`]?.(out);
  return out;
}
