// Protobuf Duration strings as VirtualServices carry them ("0.5s", "10s"), plus the Go
// duration forms users also write ("100ms", "1m30s"), to milliseconds.

const UNIT_MS: Readonly<Record<string, number>> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 0.000001,
};

/** Milliseconds, or undefined when `text` is not a duration. */
export function parseDurationMs(text: string | undefined): number | undefined {
  if (typeof text !== 'string' || text === '') return undefined;
  const re = /(\d+(?:\.\d*)?|\.\d+)(h|ms|us|µs|ns|m|s)/gy;
  let total = 0;
  let pos = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    pos = re.lastIndex;
  }
  if (pos !== text.length || pos === 0) return undefined;
  return Math.round(total);
}
