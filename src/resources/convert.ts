// Version conversion. Objects are stored in their resource's storage version (Ingress:
// networking.k8s.io/v1) and served in the version the client asked for (extensions/v1beta1
// Ingress converted back, as the API server used to; CRD versions differ only in apiVersion).
// On the way in, fields the kind does not know are dropped (as decoding into Go structs
// does) and Secret stringData is folded into data, as the internal conversion does.
import { apiVersionOf, parseApiVersion, type ResourceType } from './catalogue.ts';
import type { KubeObject } from './types.ts';
import { objectAt } from './json.ts';
import { ingressSpecToV1, ingressSpecToV1beta1 } from './ingress-convert.ts';
import { pruneUnknownFields } from './schema/prune.ts';

function isIngress(rt: ResourceType): boolean {
  return rt.kind === 'Ingress' && rt.storage.group === 'networking.k8s.io';
}

/** `obj` as given (any served version of `rt`) -> the storage version. New object. */
export function toStorageVersion(obj: KubeObject, rt: ResourceType): KubeObject {
  const out = structuredClone(obj);
  pruneUnknownFields(out);
  const { version } = parseApiVersion(typeof obj.apiVersion === 'string' ? obj.apiVersion : '');
  out.apiVersion = apiVersionOf(rt.storage.group, rt.storage.version);
  if (isIngress(rt) && version === 'v1beta1') {
    const spec = objectAt(out, 'spec');
    if (spec) out.spec = ingressSpecToV1(spec);
  }
  if (rt.group === '' && rt.kind === 'Secret') mergeStringData(out);
  return out;
}

/** Secret conversion to the internal type: stringData entries overwrite data, base64-encoded. */
function mergeStringData(secret: KubeObject): void {
  const stringData = objectAt(secret, 'stringData');
  if (!stringData) return;
  const data = { ...objectAt(secret, 'data') };
  for (const [k, v] of Object.entries(stringData)) {
    if (typeof v === 'string') data[k] = Buffer.from(v, 'utf8').toString('base64');
  }
  secret.data = data;
  delete secret.stringData;
}

/** A stored object -> `version` of `rt` (rt may be an alias such as extensions ingresses). New object. */
export function fromStorageVersion(obj: Readonly<KubeObject>, rt: ResourceType, version: string): KubeObject {
  const out = structuredClone(obj) as KubeObject;
  out.apiVersion = apiVersionOf(rt.group, version);
  if (isIngress(rt) && version === 'v1beta1') {
    const spec = objectAt(out, 'spec');
    if (spec) out.spec = ingressSpecToV1beta1(spec);
  }
  return out;
}
