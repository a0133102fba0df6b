// What the gateway remembers about one downstream request until it is logged and counted:
// the access log fields plus the metrics destination.
import type { AccessLogEntry } from './access-log.ts';
import type { Destination } from './stats.ts';

export interface RequestRecord extends AccessLogEntry {
  /** performance.now() at the start, for DURATION. */
  t0: number;
  /** The metrics destination (unknown until a route picks a cluster). */
  dest: Destination;
}
