// Defaulting of pod specs (Pods and the templates of Deployments and ReplicaSets), as
// k8s.io/kubernetes pkg/apis/core/v1/defaults.go and the Pod admission plugins fill them.
import type { JsonObject } from './types.ts';
import { ensureObject, isObject, objectAt, objectsAt, setDefault, stringAt } from './json.ts';

/** `nginxdemos/hello` -> `latest`; `app@sha256:...` -> ``; `registry:5000/app:1.2` -> `1.2`. */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const last = name.slice(name.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  if (colon >= 0) return last.slice(colon + 1);
  return at >= 0 ? '' : 'latest';
}

/** SetDefaults_Container's pull policy: Always for `:latest` or no tag, IfNotPresent otherwise. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  // An unparsable reference (empty, upper case) yields no tag, as ParseImageName's error is ignored.
  if (image === '' || /[A-Z]/.test(image.split('/').pop()!.split(/[:@]/)[0]!)) return 'IfNotPresent';
  return imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultHandler(h: JsonObject | undefined): void {
  const get = objectAt(h, 'httpGet');
  if (get) {
    setDefault(get, 'path', '/', '');
    setDefault(get, 'scheme', 'HTTP', '');
  }
}

function defaultProbe(p: JsonObject | undefined): void {
  if (!p) return;
  setDefault(p, 'timeoutSeconds', 1, 0);
  setDefault(p, 'periodSeconds', 10, 0);
  setDefault(p, 'successThreshold', 1, 0);
  setDefault(p, 'failureThreshold', 3, 0);
  defaultHandler(p);
}

function defaultFieldRef(ref: JsonObject | undefined): void {
  if (ref) setDefault(ref, 'apiVersion', 'v1', '');
}

function defaultContainer(c: JsonObject): void {
  setDefault(c, 'imagePullPolicy', defaultPullPolicy(stringAt(c, 'image') ?? ''), '');
  setDefault(c, 'terminationMessagePath', '/dev/termination-log', '');
  setDefault(c, 'terminationMessagePolicy', 'File', '');
  for (const port of objectsAt(c, 'ports')) setDefault(port, 'protocol', 'TCP', '');
  for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(objectAt(c, key));
  const lifecycle = objectAt(c, 'lifecycle');
  defaultHandler(objectAt(lifecycle, 'postStart'));
  defaultHandler(objectAt(lifecycle, 'preStop'));
  for (const env of objectsAt(c, 'env')) defaultFieldRef(objectAt(objectAt(env, 'valueFrom'), 'fieldRef'));
}

const VOLUME_SOURCES_WITH_MODE = ['secret', 'configMap', 'downwardAPI', 'projected'];

function defaultVolume(v: JsonObject): void {
  const sources = Object.keys(v).filter((k) => k !== 'name' && v[k] !== null && v[k] !== undefined);
  if (sources.length === 0) v.emptyDir = {};
  for (const key of VOLUME_SOURCES_WITH_MODE) {
    const src = objectAt(v, key);
    if (src) setDefault(src, 'defaultMode', 420);
  }
  for (const item of objectsAt(objectAt(v, 'downwardAPI'), 'items'))
    defaultFieldRef(objectAt(item, 'fieldRef'));
  for (const source of objectsAt(objectAt(v, 'projected'), 'sources')) {
    const token = objectAt(source, 'serviceAccountToken');
    if (token) setDefault(token, 'expirationSeconds', 3600);
    for (const item of objectsAt(objectAt(source, 'downwardAPI'), 'items'))
      defaultFieldRef(objectAt(item, 'fieldRef'));
  }
  const hostPath = objectAt(v, 'hostPath');
  if (hostPath) setDefault(hostPath, 'type', '');
}

/** SetDefaults_PodSpec and the defaulters of what it contains. */
export function defaultPodSpec(spec: JsonObject): void {
  setDefault(spec, 'dnsPolicy', 'ClusterFirst', '');
  setDefault(spec, 'restartPolicy', 'Always', '');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'schedulerName', 'default-scheduler', '');
  setDefault(spec, 'securityContext', {});
  for (const c of [...objectsAt(spec, 'initContainers'), ...objectsAt(spec, 'containers')])
    defaultContainer(c);
  for (const v of objectsAt(spec, 'volumes')) defaultVolume(v);
}

const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';

function toleratesNoExecute(tolerations: JsonObject[], key: string): boolean {
  return tolerations.some((t) => {
    const effect = stringAt(t, 'effect') ?? '';
    const tKey = stringAt(t, 'key') ?? '';
    return (effect === '' || effect === 'NoExecute') && (tKey === key || tKey === '');
  });
}

/** What a Pod (not a template) gets besides: SetDefaults_Pod and the Priority and DefaultTolerationSeconds admission. */
export function defaultPod(pod: JsonObject): void {
  const spec = ensureObject(pod, 'spec');
  defaultPodSpec(spec);
  setDefault(spec, 'enableServiceLinks', true);
  for (const c of [...objectsAt(spec, 'initContainers'), ...objectsAt(spec, 'containers')]) {
    const resources = objectAt(c, 'resources');
    const limits = objectAt(resources, 'limits');
    if (!resources || !limits) continue;
    const requests = ensureObject(resources, 'requests');
    for (const [name, q] of Object.entries(limits)) if (requests[name] === undefined) requests[name] = q;
  }
  if (spec.hostNetwork === true) {
    for (const c of [...objectsAt(spec, 'initContainers'), ...objectsAt(spec, 'containers')]) {
      for (const port of objectsAt(c, 'ports')) setDefault(port, 'hostPort', port.containerPort, 0);
    }
  }
  setDefault(spec, 'priority', 0);
  setDefault(spec, 'preemptionPolicy', 'PreemptLowerPriority', '');
  const tolerations = Array.isArray(spec.tolerations) ? spec.tolerations.filter(isObject) : [];
  const added: JsonObject[] = [];
  for (const key of [NOT_READY, UNREACHABLE]) {
    if (!toleratesNoExecute(tolerations, key)) {
      added.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
    }
  }
  if (added.length > 0) spec.tolerations = [...tolerations, ...added];
}
