// The JSON the AWS CLI prints for an ELBv2 response: timestamps as botocore renders them with
// the CLI v2 default `cli_timestamp_format = iso8601` (`2021-03-04T09:14:32.140000+00:00`).
// The API's JSON answers (for gangway's CLI) are already in this form.

/** `2021-03-04T09:14:32.140Z` -> `2021-03-04T09:14:32.140000+00:00`. */
export function cliTimestamp(d: Date): string {
  const iso = d.toISOString(); // always UTC with milliseconds
  return `${iso.slice(0, 19)}.${iso.slice(20, 23)}000+00:00`;
}

/** A deep copy with Dates rendered as the AWS CLI renders them. */
export function toCliJson(value: unknown): unknown {
  if (value instanceof Date) return cliTimestamp(value);
  if (Array.isArray(value)) return value.map(toCliJson);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      if (v !== undefined) out[k] = toCliJson(v);
    return out;
  }
  return value;
}
