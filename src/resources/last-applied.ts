// kubectl.kubernetes.io/last-applied-configuration, written as kubectl writes it (kubectl
// apply's GetModifiedConfiguration): the object with that annotation removed and
// `metadata.annotations` present (`{}` when empty), as compact sorted-key Go JSON plus "\n".
// With it on the live object, a later `kubectl apply` computes its three-way patch normally.
import type { KubeObject } from '../resources/types.ts';
import { goJsonMarshal } from './go-json.ts';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

export function lastAppliedConfiguration(obj: Readonly<KubeObject>): string {
  const annotations = { ...(obj.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED_ANNOTATION];
  return goJsonMarshal({ ...obj, metadata: { ...obj.metadata, annotations } }) + '\n';
}

/** A copy of `obj` carrying its own last-applied annotation. */
export function withLastApplied(obj: Readonly<KubeObject>): KubeObject {
  const value = lastAppliedConfiguration(obj);
  return {
    ...obj,
    metadata: {
      ...obj.metadata,
      annotations: { ...(obj.metadata.annotations ?? {}), [LAST_APPLIED_ANNOTATION]: value },
    },
  };
}
