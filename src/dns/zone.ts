// The record table the server answers from, built once per setRecords() and swapped whole:
// records by name, the zones gangway is authoritative for (each record's parent domain, or
// the name itself for two-label names, merged upward), and the answer to one question.
import { canonicalName, sortRecords } from './records.ts';
import type { DnsRecord } from './records.ts';
import { CLASS_ANY, CLASS_IN, RCODE, TYPE } from './wire.ts';
import type { Question, ResourceRecord } from './wire.ts';

export const SOA_TTL = 60;
/** Negative answers are cached for this long (RFC 2308: min of SOA TTL and MINIMUM). */
export const NEGATIVE_TTL = 5;
const MNAME = 'ns1.gangway.local';
const RNAME = 'hostmaster.gangway.local';

export interface Answer {
  rcode: number;
  aa: boolean;
  answers: ResourceRecord[];
  authority: ResourceRecord[];
}

export interface ZoneTable {
  readonly records: readonly DnsRecord[]; // sorted
  readonly zones: readonly string[]; // sorted
  readonly serial: number;
  answer(q: Question): Answer;
}

/** `a.example.com` -> `example.com`; `example.com` -> itself; one label -> itself. */
export function zoneOf(name: string): string {
  const dot = name.indexOf('.');
  if (dot < 0) return name;
  const parent = name.slice(dot + 1);
  return parent.includes('.') ? parent : name;
}

function isWithin(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}

/** Drops zones inside other zones: one SOA answers for the whole subtree. */
function topZones(zones: Iterable<string>): string[] {
  const all = [...new Set(zones)].sort((a, b) => a.length - b.length);
  const out: string[] = [];
  for (const z of all) if (!out.some((top) => isWithin(z, top))) out.push(z);
  return out.sort();
}

function toRR(owner: string, r: DnsRecord): ResourceRecord {
  return r.type === 'A'
    ? { name: owner, ttl: r.ttl, data: { type: TYPE.A, address: r.value } }
    : { name: owner, ttl: r.ttl, data: { type: TYPE.TXT, text: r.value } };
}

const TYPE_CODES: Record<DnsRecord['type'], number> = { A: TYPE.A, TXT: TYPE.TXT };

export function buildZoneTable(
  input: readonly DnsRecord[],
  opts: { zones?: readonly string[]; serial: number },
): ZoneTable {
  const records = sortRecords(input.map((r) => ({ ...r, name: canonicalName(r.name) })));
  const byName = new Map<string, DnsRecord[]>();
  for (const r of records) {
    const list = byName.get(r.name);
    if (list) list.push(r);
    else byName.set(r.name, [r]);
  }
  const zones = topZones([...(opts.zones ?? []).map(canonicalName), ...records.map((r) => zoneOf(r.name))]);
  // Names with records below them exist too (empty non-terminals, RFC 8020): NODATA, not NXDOMAIN.
  const exists = new Set<string>(byName.keys());
  for (const name of byName.keys()) {
    const zone = zones.find((z) => isWithin(name, z));
    if (zone === undefined) continue;
    for (let n = name; n !== zone && n.includes('.');) {
      n = n.slice(n.indexOf('.') + 1);
      exists.add(n);
    }
  }
  const serial = opts.serial;
  const soa = (zone: string, ttl: number): ResourceRecord => ({
    name: zone,
    ttl,
    data: {
      type: TYPE.SOA,
      mname: MNAME,
      rname: RNAME,
      serial,
      refresh: 7200,
      retry: 900,
      expire: 1209600,
      minimum: NEGATIVE_TTL,
    },
  });

  return {
    records,
    zones,
    serial,
    answer(q: Question): Answer {
      if (q.class !== CLASS_IN && q.class !== CLASS_ANY)
        return { rcode: RCODE.REFUSED, aa: false, answers: [], authority: [] };
      const name = canonicalName(q.name);
      const zone = zones.find((z) => isWithin(name, z));
      const negative = zone === undefined ? [] : [soa(zone, Math.min(SOA_TTL, NEGATIVE_TTL))];
      if (!exists.has(name) && name !== zone) {
        return { rcode: RCODE.NXDOMAIN, aa: zone !== undefined, answers: [], authority: negative };
      }
      const answers: ResourceRecord[] = [];
      if (name === zone && (q.type === TYPE.SOA || q.type === TYPE.ANY)) {
        answers.push({ ...soa(zone, SOA_TTL), name: q.name });
      }
      for (const r of byName.get(name) ?? []) {
        if (q.type === TYPE.ANY || q.type === TYPE_CODES[r.type]) answers.push(toRR(q.name, r));
      }
      return {
        rcode: RCODE.NOERROR,
        aa: zone !== undefined,
        answers,
        authority: answers.length === 0 ? negative : [],
      };
    },
  };
}
