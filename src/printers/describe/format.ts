// Shared pieces of kubectl's describers: labels and annotations blocks, RFC 1123 times in
// the local zone, True/False, controller references, and the Events table.
import type { KubeObject } from '../../resources/types.ts';
import { compareStrings } from '../../resources/go-json.ts';
import { parseTimestamp, timestampSince } from '../human-duration.ts';
import { LEVEL_0, LEVEL_1, type PrefixWriter } from './prefix-writer.ts';

const MAX_ANNOTATION_LEN = 140;
const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

/** printLabelsMultilineWithIndent. */
export function printLabelsMultiline(
  w: PrefixWriter,
  title: string,
  labels: Readonly<Record<string, string>> | undefined | null,
  initialIndent = '',
  innerIndent = '\t',
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const keys = Object.keys(labels ?? {}).sort(compareStrings);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, initialIndent);
      w.write(LEVEL_0, innerIndent);
    }
    w.write(LEVEL_0, `${key}=${labels?.[key] ?? ''}\n`);
  });
}

/** Go's s[:n] on the UTF-8 bytes of s, then "..." (shorten). */
function shorten(s: string, max: number): string {
  const bytes = Buffer.from(s, 'utf8');
  if (bytes.length <= max) return s;
  return `${bytes.subarray(0, max).toString('utf8')}...`;
}

/** printAnnotationsMultiline: long or multi-line values go on their own lines. */
export function printAnnotationsMultiline(
  w: PrefixWriter,
  title: string,
  annotations: Readonly<Record<string, string>> | undefined | null,
): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {})
    .filter((k) => !SKIP_ANNOTATIONS.has(k))
    .sort(compareStrings);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const indent = '\t';
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, indent);
    let value = annotations?.[key] ?? '';
    if (value.endsWith('\n')) value = value.slice(0, -1);
    const len = Buffer.byteLength(value) + Buffer.byteLength(key) + 2;
    if (len > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split('\n'))
        w.write(LEVEL_0, `${indent}  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** time.RFC1123Z in the local zone (metav1.Time decodes to local): `Mon, 02 Jan 2006 15:04:05 -0700`. */
export function formatRFC1123Z(ts: unknown): string {
  const d = parseTimestamp(ts);
  if (!d) return 'Mon, 01 Jan 0001 00:00:00 +0000'; // Go's zero time, in UTC
  const off = -d.getTimezoneOffset();
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  const year = String(d.getFullYear()).padStart(4, '0');
  return `${DAYS[d.getDay()]}, ${pad2(d.getDate())} ${MONTHS[d.getMonth()]} ${year} ${pad2(d.getHours())}:${pad2(
    d.getMinutes(),
  )}:${pad2(d.getSeconds())} ${sign}${pad2(Math.floor(abs / 60))}${pad2(abs % 60)}`;
}

export function printBool(v: unknown): string {
  return v === true ? 'True' : 'False';
}

export function stringOrNone(s: string): string {
  return s === '' ? '<none>' : s;
}

/** printController: `Kind/name` of the controller owner reference, or ''. */
export function controllerOf(obj: Readonly<KubeObject>): string {
  const ref = obj.metadata.ownerReferences?.find((r) => r.controller === true);
  return ref ? `${ref.kind}/${ref.name}` : '';
}

interface EventLike {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string };
  source?: { component?: string };
  reportingComponent?: string;
}

function isZero(ts: unknown): boolean {
  return parseTimestamp(ts) === undefined || String(ts).startsWith('0001-01-01');
}

/**
 * DescribeEvents: `Events:  <none>`, or the table of events sorted by lastTimestamp with
 * `Age` as `2m (x3 over 5m)` for repeated events.
 */
export function describeEvents(events: readonly unknown[], w: PrefixWriter, now: Date): void {
  if (events.length === 0) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  const list = [...(events as EventLike[])].sort((a, b) => {
    const x = parseTimestamp(a.lastTimestamp)?.getTime() ?? -Infinity;
    const y = parseTimestamp(b.lastTimestamp)?.getTime() ?? -Infinity;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of list) {
    let first = timestampSince(e.eventTime, now);
    if (isZero(e.eventTime)) first = timestampSince(e.firstTimestamp, now);
    let interval: string;
    if (e.series) {
      interval = `${timestampSince(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${first})`;
    } else if ((e.count ?? 0) > 1) {
      interval = `${timestampSince(e.lastTimestamp, now)} (x${e.count ?? 0} over ${first})`;
    } else {
      interval = first;
    }
    const source = e.source?.component || e.reportingComponent || '';
    w.write(
      LEVEL_1,
      `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${(e.message ?? '').trim()}\n`,
    );
  }
}
