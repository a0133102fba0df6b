// Command-line options of `npm run bench`.
import { parseArgs } from 'node:util';

export interface BenchArgs {
  durationS: number;
  connections: number;
  rounds: number;
  addressBlock: number;
  skipLoad: boolean;
  skipScale: boolean;
  /** Only these cases (names as in the table); empty: all. */
  cases: string[];
}

export const USAGE = `usage: npm run bench [-- --duration S] [--connections N] [--rounds R] [--address-block B]
                   [--no-load] [--no-scale] [--cases NAME,...]`;

function int(v: string | undefined, name: string, def: number, min: number, max: number): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`--${name} must be an integer in ${min}..${max}`);
  return n;
}

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      duration: { type: 'string' },
      connections: { type: 'string' },
      rounds: { type: 'string' },
      'address-block': { type: 'string' },
      'no-load': { type: 'boolean' },
      'no-scale': { type: 'boolean' },
      cases: { type: 'string' },
    },
    strict: true,
  });
  return {
    durationS: int(values.duration, 'duration', 5, 1, 600),
    connections: int(values.connections, 'connections', 64, 1, 10_000),
    rounds: int(values.rounds, 'rounds', 3, 1, 50),
    addressBlock: int(values['address-block'], 'address-block', 250, 1, 254),
    skipLoad: values['no-load'] === true,
    skipScale: values['no-scale'] === true,
    cases: (values.cases ?? '')
      .split(',')
      .map((c) => c.trim())
      .filter((c) => c !== ''),
  };
}
