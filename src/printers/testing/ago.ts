// Test helper: RFC 3339 timestamps relative to a test's `now`.

/** RFC 3339 (seconds, Z) for `now` minus the given seconds. */
export function ago(now: Date, seconds: number): string {
  return new Date(now.getTime() - seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
}
