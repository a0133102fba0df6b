// Deprecated API versions gangway still serves (the scenario's manifests use them), with
// the warning the API server attaches to every request made through them
// (apiserver endpoints/deprecation: `<gv> <Kind> is deprecated in vX+, unavailable in vY+; use <gv> <Kind>`).
import type { ResourceType } from '../resources/catalogue.ts';

interface Deprecation {
  group: string;
  version: string;
  kind: string;
  deprecatedIn: string;
  removedIn: string;
  replacement: string;
}

const DEPRECATED: readonly Deprecation[] = [
  {
    group: 'extensions',
    version: 'v1beta1',
    kind: 'Ingress',
    deprecatedIn: 'v1.14',
    removedIn: 'v1.22',
    replacement: 'networking.k8s.io/v1 Ingress',
  },
  {
    group: 'networking.k8s.io',
    version: 'v1beta1',
    kind: 'Ingress',
    deprecatedIn: 'v1.19',
    removedIn: 'v1.22',
    replacement: 'networking.k8s.io/v1 Ingress',
  },
];

/** The warning for requests to `rt` in `version`, or undefined when that version is current. */
export function deprecationWarning(
  rt: Pick<ResourceType, 'group' | 'kind'>,
  version: string,
): string | undefined {
  const d = DEPRECATED.find((x) => x.group === rt.group && x.version === version && x.kind === rt.kind);
  if (!d) return undefined;
  const gv = d.group ? `${d.group}/${d.version}` : d.version;
  return `${gv} ${d.kind} is deprecated in ${d.deprecatedIn}+, unavailable in ${d.removedIn}+; use ${d.replacement}`;
}
