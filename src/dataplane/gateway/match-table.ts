// Hash tables of route keys (exact paths, literal path prefixes, hosts) to the ascending
// indices of the routes or rules filed under them: a lone index is stored as a number, so the
// common one-route-per-key lookup touches no array. A prefix table keeps the distinct key
// lengths: the keys that begin a value are found by one probe per length (the way Envoy finds
// wildcard domains), whatever the number of keys. Both kinds keep a bit filter of their key
// hashes (16 bits per key, a few KB that stay in cache) that answers most misses without
// touching the large table, and lays its keys out flat (FlatKeys), so that a hit reads three
// places whatever the number of keys. Shared by the gateway and the ALB.

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

/**
 * Keys in flat arrays, for lookups that touch few cache lines however many keys there are:
 * an open-addressing table of [hash, key number] pairs, then per key [offset, length, hit]
 * (a lone index as is, several as -1 - their place in `multi`), then the key's characters
 * in one string of all keys. Built up with add(), laid out on the first lookup after a change.
 */
interface FlatKeys {
  /** Key -> key number, for building. */
  numbers: Map<string, number>;
  keys: string[];
  hashes: number[];
  hits: Hits[];
  dirty: boolean;
  slots: Int32Array;
  meta: Int32Array;
  multi: number[][];
  chars: string;
}

const newFlat = (): FlatKeys => ({
  numbers: new Map(),
  keys: [],
  hashes: [],
  hits: [],
  dirty: false,
  slots: new Int32Array(2),
  meta: new Int32Array(0),
  multi: [],
  chars: '',
});

/** The slot of hash h in a table of 2^bits slots (Fibonacci hashing spreads nearby hashes). */
const home = (h: number, mask: number): number => (Math.imul(h, 0x9e3779b1) >>> 0) & mask;

function layout(f: FlatKeys): void {
  f.dirty = false;
  const n = f.keys.length;
  let cap = 2;
  while (cap < n * 2) cap *= 2;
  const slots = new Int32Array(cap * 2);
  const meta = new Int32Array(n * 3);
  const multi: number[][] = [];
  let at = 0;
  for (let k = 0; k < n; k++) {
    const key = f.keys[k] as string;
    const hit = f.hits[k] as Hits;
    meta[k * 3] = at;
    meta[k * 3 + 1] = key.length;
    if (typeof hit === 'number') meta[k * 3 + 2] = hit;
    else {
      meta[k * 3 + 2] = -1 - multi.length;
      multi.push(hit);
    }
    at += key.length;
    let i = home(f.hashes[k] as number, cap - 1);
    while (slots[i * 2 + 1] !== 0) i = (i + 1) & (cap - 1);
    slots[i * 2] = f.hashes[k] as number;
    slots[i * 2 + 1] = k + 1;
  }
  f.slots = slots;
  f.meta = meta;
  f.multi = multi;
  f.chars = f.keys.join(''); // one flat string
}

/** Files `index` under `key` (hash h); true when the key is new. */
function flatAdd(f: FlatKeys, key: string, h: number, index: number): boolean {
  const k = f.numbers.get(key);
  if (k === undefined) {
    f.numbers.set(key, f.keys.length);
    f.keys.push(key);
    f.hashes.push(h);
    f.hits.push(index);
    f.dirty = true;
    return true;
  }
  const hits = f.hits[k] as Hits;
  if (typeof hits === 'number') {
    if (hits === index) return false;
    f.hits[k] = [hits, index];
  } else if (hits[hits.length - 1] !== index) hits.push(index);
  else return false;
  f.dirty = true;
  return false;
}

/** The key number whose key is value's first `len` characters (hash h), or -1. */
function flatProbe(f: FlatKeys, value: string, h: number, len: number): number {
  const slots = f.slots;
  const mask = (slots.length >> 1) - 1;
  const meta = f.meta;
  const chars = f.chars;
  for (let i = home(h, mask); ; i = (i + 1) & mask) {
    const k1 = slots[i * 2 + 1] as number;
    if (k1 === 0) return -1;
    if (slots[i * 2] !== h) continue;
    const k = k1 - 1;
    if (meta[k * 3 + 1] !== len) continue;
    const at = meta[k * 3] as number;
    // The whole value: one native comparison; a prefix of it: character by character.
    if (len === value.length) {
      if (chars.startsWith(value, at)) return k;
      continue;
    }
    let j = 0;
    while (j < len && value.charCodeAt(j) === chars.charCodeAt(at + j)) j++;
    if (j === len) return k;
  }
}

function flatHits(f: FlatKeys, k: number): Hits {
  const m = f.meta[k * 3 + 2] as number;
  return m >= 0 ? m : (f.multi[-1 - m] as number[]);
}

export interface KeyTable {
  filter: BitFilter;
  flat: FlatKeys;
}

export function newKeyTable(): KeyTable {
  return { filter: newFilter(), flat: newFlat() };
}

/** Files `index` under `key`. Add indices in ascending order; a repeat of the last is ignored. */
export function addKey(table: KeyTable, key: string, index: number): void {
  const h = hashOf(key);
  if (flatAdd(table.flat, key, h, index)) addToFilter(table.filter, h);
}

/** The hits filed under exactly `value`. */
export function keyHits(table: KeyTable, value: string): Hits | undefined {
  if (table.filter.count === 0) return undefined;
  const h = hashOf(value);
  if (!mayHold(table.filter.bits, h)) return undefined;
  const f = table.flat;
  if (f.dirty) layout(f);
  const k = flatProbe(f, value, h, value.length);
  return k < 0 ? undefined : flatHits(f, k);
}

/** Literal prefixes by hash; a lookup hashes the value once, character by character. */
export interface PrefixTable {
  flat: FlatKeys;
  /** Distinct key lengths, ascending (empty: no prefix at all). */
  lengths: number[];
  filter: BitFilter;
}

export function newPrefixTable(): PrefixTable {
  return { flat: newFlat(), lengths: [], filter: newFilter() };
}

/** Files `index` under prefix `key`. Add indices in ascending order. */
export function addPrefix(table: PrefixTable, key: string, index: number): void {
  const h = hashOf(key);
  if (flatAdd(table.flat, key, h, index)) {
    addToFilter(table.filter, h);
    if (!table.lengths.includes(key.length)) {
      table.lengths.push(key.length);
      table.lengths.sort((a, b) => a - b);
    }
  }
}

/**
 * Writes to `out` from position 0 the hits of every stored prefix of `value`, shortest first,
 * and returns how many (`out` is a reused scratch array: never truncated, so never reallocated).
 */
export function collectPrefixHits(table: PrefixTable, value: string, out: Hits[]): number {
  const lengths = table.lengths;
  const bits = table.filter.bits;
  const f = table.flat;
  if (f.dirty) layout(f);
  let h = 0;
  let pos = 0;
  let n = 0;
  for (let k = 0; k < lengths.length; k++) {
    const len = lengths[k] as number;
    if (len > value.length) break;
    while (pos < len) h = step(h, value.charCodeAt(pos++));
    const key = h & SMI;
    if (!mayHold(bits, key)) continue;
    const e = flatProbe(f, value, key, len);
    if (e >= 0) out[n++] = flatHits(f, e);
  }
  return n;
}
