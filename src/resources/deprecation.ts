// Deprecated API versions gangway still serves (the scenario's manifests use them), with the
// warning the API server attaches to every request made through them (apiserver
// endpoints/deprecation: `<gv> <Kind> is deprecated in vX+, unavailable in vY+; use <gv> <Kind>`,
// sent as `Warning: 299 - "..."`, which kubectl prints as `Warning: ...`).

interface Deprecation {
  apiVersion: string;
  kind: string;
  deprecatedIn: string;
  removedIn: string;
  replacement: string;
}

const DEPRECATED: readonly Deprecation[] = [
  {
    apiVersion: 'extensions/v1beta1',
    kind: 'Ingress',
    deprecatedIn: 'v1.14',
    removedIn: 'v1.22',
    replacement: 'networking.k8s.io/v1 Ingress',
  },
  {
    apiVersion: 'networking.k8s.io/v1beta1',
    kind: 'Ingress',
    deprecatedIn: 'v1.19',
    removedIn: 'v1.22',
    replacement: 'networking.k8s.io/v1 Ingress',
  },
];

/** The API server's deprecation warning for `apiVersion` `kind`, if that version is deprecated. */
export function deprecationWarning(apiVersion: string, kind: string): string | undefined {
  const d = DEPRECATED.find((x) => x.apiVersion === apiVersion && x.kind === kind);
  if (!d) return undefined;
  return `${d.apiVersion} ${d.kind} is deprecated in ${d.deprecatedIn}+, unavailable in ${d.removedIn}+; use ${d.replacement}`;
}
