// Reading an operation's parameters (decoded from the Query protocol by query.ts, or given as
// JSON) with AWS's validation wording, and Marker/PageSize pagination as ELBv2 does it.
import { constraintError, validationError } from './errors.ts';

export type Elbv2Input = Readonly<Record<string, unknown>>;

/** `TargetGroupArn` -> `targetGroupArn`, as AWS names members in validation messages. */
function memberName(key: string): string {
  return key.charAt(0).toLowerCase() + key.slice(1);
}

export function optString(input: Elbv2Input, key: string): string | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw validationError(`Invalid value for parameter ${key}`);
}

export function reqString(input: Elbv2Input, key: string): string {
  const v = optString(input, key);
  if (v === undefined) throw constraintError(null, memberName(key), 'Member must not be null');
  return v;
}

/** A list member (`Names.member.1=...`); an empty list reads as absent, as AWS treats it. */
export function optStringList(input: Elbv2Input, key: string): string[] | undefined {
  const v = input[key];
  if (v === undefined || v === null || v === '') return undefined;
  const list = Array.isArray(v) ? (v as unknown[]) : [v];
  const out = list
    .filter((x) => x !== undefined && x !== null)
    .map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
  return out.length > 0 ? out : undefined;
}

export function optStructList(input: Elbv2Input, key: string): Elbv2Input[] | undefined {
  const v = input[key];
  if (!Array.isArray(v)) return undefined;
  return (v as unknown[]).filter((x): x is Elbv2Input => typeof x === 'object' && x !== null);
}

export function optInt(input: Elbv2Input, key: string, min: number, max: number): number | undefined {
  const raw = optString(input, key);
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw)) throw validationError(`Invalid value '${raw}' for parameter ${key}`);
  const n = Number(raw);
  if (n < min)
    throw constraintError(raw, memberName(key), `Member must have value greater than or equal to ${min}`);
  if (n > max)
    throw constraintError(raw, memberName(key), `Member must have value less than or equal to ${max}`);
  return n;
}

export interface Page<T> {
  items: T[];
  nextMarker?: string;
}

/** ELBv2 pagination: PageSize 1..400, an opaque Marker for the next page. */
export function paginate<T>(all: readonly T[], input: Elbv2Input): Page<T> {
  const size = optInt(input, 'PageSize', 1, 400);
  const marker = optString(input, 'Marker');
  let start = 0;
  if (marker !== undefined) {
    const decoded = Buffer.from(marker, 'base64').toString('utf8');
    const m = /^gangway:(\d+)$/.exec(decoded);
    if (!m) throw validationError('Invalid value for Marker');
    start = Number(m[1]);
  }
  const end = size === undefined ? all.length : Math.min(all.length, start + size);
  const page: Page<T> = { items: all.slice(start, end) };
  if (end < all.length) page.nextMarker = Buffer.from(`gangway:${end}`).toString('base64');
  return page;
}
