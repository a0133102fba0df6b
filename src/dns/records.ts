// The records gangway's DNS server answers: A records (an IPv4 address) and TXT records
// (external-dns ownership). Names are compared case-insensitively, without a trailing dot.
import { isIPv4 } from 'node:net';

export type DnsRecordType = 'A' | 'TXT';

export interface DnsRecord {
  name: string; // 'istio-test-alb.example.com'
  type: DnsRecordType;
  ttl: number; // seconds
  value: string; // A: '127.1.2.1'; TXT: the text, unquoted
}

export const DEFAULT_TTL = 60;

/** Lower-case, no trailing dot: the form names are stored and compared in. */
export function canonicalName(name: string): string {
  const n = name.trim().toLowerCase();
  return n.endsWith('.') ? n.slice(0, -1) : n;
}

/** Why a name cannot be a DNS owner name (RFC 1035 limits), or undefined when it can. */
export function invalidName(name: string): string | undefined {
  const n = canonicalName(name);
  if (n === '') return 'empty name';
  if (n.length > 253) return 'longer than 253 characters';
  for (const label of n.split('.')) {
    if (label === '') return 'empty label';
    if (label.length > 63) return `label "${label}" is longer than 63 characters`;
  }
  return undefined;
}

/** Why a record cannot be served, or undefined. */
export function invalidRecord(r: DnsRecord): string | undefined {
  const bad = invalidName(r.name);
  if (bad !== undefined) return `${r.name}: ${bad}`;
  if (!Number.isInteger(r.ttl) || r.ttl < 0 || r.ttl > 0x7fffffff) return `${r.name}: bad TTL ${r.ttl}`;
  if (r.type === 'A' && !isIPv4(r.value)) return `${r.name}: "${r.value}" is not an IPv4 address`;
  return undefined;
}

/** Records sorted by name, then type, then value: the order `gangway dns` lists them in. */
export function sortRecords(records: readonly DnsRecord[]): DnsRecord[] {
  const cmp = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  return [...records].sort((a, b) => cmp(a.name, b.name) || cmp(a.type, b.type) || cmp(a.value, b.value));
}
