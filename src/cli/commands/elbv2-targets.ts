// `--targets` as the AWS CLI reads it: shorthand `Id=i-1,Port=80` (one target per word) or
// JSON (`[{"Id":"i-1","Port":80}]`), into TargetDescription members for the Query request.
import { InvalidArgumentError } from 'commander';

export interface TargetArg {
  Id: string;
  Port?: number;
  AvailabilityZone?: string;
}

const KEYS = new Set(['Id', 'Port', 'AvailabilityZone']);

function fromObject(o: unknown): TargetArg {
  if (typeof o !== 'object' || o === null || Array.isArray(o))
    throw new InvalidArgumentError('a target must be an object');
  const rec = o as Record<string, unknown>;
  for (const k of Object.keys(rec))
    if (!KEYS.has(k))
      throw new InvalidArgumentError(
        `Unknown parameter in Targets: "${k}", must be one of: Id, Port, AvailabilityZone`,
      );
  if (typeof rec['Id'] !== 'string')
    throw new InvalidArgumentError('Missing required parameter in Targets: "Id"');
  const t: TargetArg = { Id: rec['Id'] };
  if (rec['Port'] !== undefined) {
    const port = Number(rec['Port']);
    if (!Number.isInteger(port))
      throw new InvalidArgumentError(
        `Invalid type for parameter Targets.Port, value: ${JSON.stringify(rec['Port'])}`,
      );
    t.Port = port;
  }
  if (typeof rec['AvailabilityZone'] === 'string') t.AvailabilityZone = rec['AvailabilityZone'];
  return t;
}

export function parseTargets(value: string): TargetArg[] {
  const text = value.trim();
  if (text.startsWith('[') || text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new InvalidArgumentError(`Invalid JSON: ${(err as Error).message}`);
    }
    return (Array.isArray(parsed) ? (parsed as unknown[]) : [parsed]).map(fromObject);
  }
  const obj: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0)
      throw new InvalidArgumentError(
        `Error parsing parameter '--targets': Expected: '=', received: '${pair}'`,
      );
    obj[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return [fromObject(obj)];
}
