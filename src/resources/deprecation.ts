// Deprecated API versions gangway still serves, with the warning the API server sent for
// them (`Warning: 299 - "..."`, which kubectl prints as `Warning: ...`).

const DEPRECATED: Record<string, string> = {
  'extensions/v1beta1/Ingress':
    'extensions/v1beta1 Ingress is deprecated in v1.14+, unavailable in v1.22+; use networking.k8s.io/v1 Ingress',
  'networking.k8s.io/v1beta1/Ingress':
    'networking.k8s.io/v1beta1 Ingress is deprecated in v1.19+, unavailable in v1.22+; use networking.k8s.io/v1 Ingress',
};

/** The API server's deprecation warning for `apiVersion` `kind`, if that version is deprecated. */
export function deprecationWarning(apiVersion: string, kind: string): string | undefined {
  return DEPRECATED[`${apiVersion}/${kind}`];
}
