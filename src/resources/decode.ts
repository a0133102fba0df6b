// CONTRACT (owned by the manifest/resources helper): one manifest -> a validated object and
// its resource type, or diagnostics at FILE:LINE:COLUMN naming the object and field.
import type { Manifest } from '../manifest/types.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { ResourceType } from './catalogue.ts';
import type { KubeObject } from './types.ts';

export interface Decoded {
  /** Present when the manifest has no error-level diagnostic. */
  object?: KubeObject;
  rt?: ResourceType;
  diagnostics: Diagnostic[];
}

export function decodeManifest(m: Manifest): Decoded {
  void m;
  return { diagnostics: [] };
}
