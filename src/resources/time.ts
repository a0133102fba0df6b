// metav1.Time as the API server renders it.

/** RFC 3339 with seconds precision (`2025-01-02T03:04:05Z`), as Kubernetes renders metav1.Time. */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d+Z$/, 'Z');
}
