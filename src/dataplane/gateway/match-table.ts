// Hash tables of route keys (exact paths, literal path prefixes, hosts) to the ascending
// indices of the routes or rules filed under them: a lone index is stored as a number, so the
// common one-route-per-key lookup touches no array. A prefix table keeps the distinct key
// lengths: the keys that begin a value are found by one probe per length (the way Envoy finds
// wildcard domains), whatever the number of keys. Both kinds keep a bit filter of their key
// hashes (16 bits per key, a few KB that stay in cache) that answers most misses without
// touching the large map, so a big table costs about what a small one does. Shared by the
// gateway and the ALB.

/** One key's entries: an index, or several ascending. */
export type Hits = number | number[];

/** String hash step; prefix hashes are built one character at a time along the value. */
const step = (h: number, c: number): number => (Math.imul(h, 31) + c) | 0;

/** Hashes are masked to 30 bits: small integers, never boxed numbers. */
const SMI = 0x3fffffff;

function hashOf(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = step(h, key.charCodeAt(i));
  return h & SMI;
}

/** A set of hashes as bits: false positives possible, false negatives never. */
interface BitFilter {
  bits: Uint32Array;
  /** Hashes in `bits` (the filter doubles past one per 16 bits). */
  count: number;
  hashes: number[];
}

const newFilter = (): BitFilter => ({ bits: new Uint32Array(2), count: 0, hashes: [] });

function setBit(bits: Uint32Array, h: number): void {
  const w = (h >>> 5) & (bits.length - 1);
  bits[w] = (bits[w] as number) | (1 << (h & 31));
}

function addToFilter(f: BitFilter, h: number): void {
  f.count++;
  f.hashes.push(h);
  if (f.count * 16 > f.bits.length * 32) {
    let words = f.bits.length;
    while (f.count * 16 > words * 32) words *= 2;
    f.bits = new Uint32Array(words);
    for (const x of f.hashes) setBit(f.bits, x);
  } else setBit(f.bits, h);
}

const mayHold = (bits: Uint32Array, h: number): boolean =>
  ((bits[(h >>> 5) & (bits.length - 1)] as number) & (1 << (h & 31))) !== 0;

export interface KeyTable {
  map: Map<string, Hits>;
  filter: BitFilter;
}

export function newKeyTable(): KeyTable {
  return { map: new Map(), filter: newFilter() };
}

/** Files `index` under `key`. Add indices in ascending order; a repeat of the last is ignored. */
export function addKey(table: KeyTable, key: string, index: number): void {
  const hits = table.map.get(key);
  if (hits === undefined) {
    table.map.set(key, index);
    addToFilter(table.filter, hashOf(key));
  } else if (typeof hits === 'number') {
    if (hits !== index) table.map.set(key, [hits, index]);
  } else if (hits[hits.length - 1] !== index) hits.push(index);
}

/** The hits filed under exactly `value`. */
export function keyHits(table: KeyTable, value: string): Hits | undefined {
  if (table.filter.count === 0 || !mayHold(table.filter.bits, hashOf(value))) return undefined;
  return table.map.get(value);
}

interface PrefixSlot {
  key: string;
  hits: Hits;
  /** Another key with the same hash. */
  next: PrefixSlot | undefined;
}

/** Literal prefixes by hash; a lookup hashes the value once, character by character. */
export interface PrefixTable {
  byHash: Map<number, PrefixSlot>;
  /** Distinct key lengths, ascending. */
  lengths: number[];
  size: number;
  filter: BitFilter;
}

export function newPrefixTable(): PrefixTable {
  return { byHash: new Map(), lengths: [], size: 0, filter: newFilter() };
}

/** Files `index` under prefix `key`. Add indices in ascending order. */
export function addPrefix(table: PrefixTable, key: string, index: number): void {
  const h = hashOf(key);
  let slot = table.byHash.get(h);
  while (slot !== undefined && slot.key !== key) slot = slot.next;
  if (slot === undefined) {
    table.byHash.set(h, { key, hits: index, next: table.byHash.get(h) });
    table.size++;
    addToFilter(table.filter, h);
    if (!table.lengths.includes(key.length)) {
      table.lengths.push(key.length);
      table.lengths.sort((a, b) => a - b);
    }
  } else if (typeof slot.hits === 'number') {
    if (slot.hits !== index) slot.hits = [slot.hits, index];
  } else if (slot.hits[slot.hits.length - 1] !== index) slot.hits.push(index);
}

/**
 * Writes to `out` from position 0 the hits of every stored prefix of `value`, shortest first,
 * and returns how many (`out` is a reused scratch array: never truncated, so never reallocated).
 */
export function collectPrefixHits(table: PrefixTable, value: string, out: Hits[]): number {
  const lengths = table.lengths;
  const bits = table.filter.bits;
  let h = 0;
  let pos = 0;
  let n = 0;
  for (let k = 0; k < lengths.length; k++) {
    const len = lengths[k] as number;
    if (len > value.length) break;
    while (pos < len) h = step(h, value.charCodeAt(pos++));
    const key = h & SMI;
    if (!mayHold(bits, key)) continue;
    for (let slot = table.byHash.get(key); slot !== undefined; slot = slot.next)
      if (slot.key.length === len && value.startsWith(slot.key)) out[n++] = slot.hits;
  }
  return n;
}
