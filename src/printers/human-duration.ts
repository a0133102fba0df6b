// Ages as Kubernetes prints them: apimachinery util/duration HumanDuration (the AGE cells
// of `kubectl get`, the Events ages of `describe`), plus the timestamp helpers built on it.

/** `45s`, `3m5s`, `25m`, `2h5m`, `25h`, `3d4h`, `45d`, `2y10d`, `9y`, for an elapsed time in ms. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    const d = Math.trunc(hours / 24);
    return h === 0 ? `${d}d` : `${d}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    const y = Math.trunc(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** A Kubernetes timestamp (RFC 3339) as a Date, or undefined when absent or unparseable. */
export function parseTimestamp(ts: unknown): Date | undefined {
  if (typeof ts !== 'string' || ts === '') return undefined;
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** translateTimestampSince: the age of `ts` at `now`, `<unknown>` when there is none. */
export function timestampSince(ts: unknown, now: Date): string {
  const d = parseTimestamp(ts);
  if (!d) return '<unknown>';
  return humanDuration(now.getTime() - d.getTime());
}
