// Resource quantities (apimachinery api/resource.Quantity): parsing `100m`, `1.5Gi`, `2e3`
// with the decode error wording, canonical printing (String()), sums, comparisons and
// ceilings, and resource lists. The amount is exact: value * 10^scale with a bigint value.

export const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const SUFFIX_ERROR = "unable to parse quantity's suffix";

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  value: bigint;
  scale: number; // power of ten
  format: QuantityFormat;
}

export const ZERO: Quantity = { value: 0n, scale: 0, format: 'DecimalSI' };

const BINARY: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DECIMAL_SUFFIX = new Map(Object.entries(DECIMAL).map(([s, e]) => [e, s]));
const BINARY_SUFFIX = new Map(Object.entries(BINARY).map(([s, e]) => [e, s]));

export type QuantityResult = { ok: true; quantity: Quantity } | { ok: false; error: string };

/**
 * ParseQuantity of a quantity's text (the JSON number form is passed as its text), with the
 * decode error on failure. Sub-nano amounts round up (away from zero).
 */
export function parseQuantityText(text: string): QuantityResult {
  const m = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/.exec(text.trim());
  const num = m && /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/.exec(m[1]!);
  if (!m || !num || (num[2] === '' && !num[3])) {
    return { ok: false, error: QUANTITY_FORMAT_ERROR };
  }
  const [, sign = '', whole = '', frac = ''] = num;
  const suffix = m[2]!;
  let value = BigInt(`${whole}${frac}` || '0');
  let scale = -frac.length;
  let format: QuantityFormat;
  if (suffix in BINARY) {
    format = 'BinarySI';
    value *= 1024n ** BigInt(BINARY[suffix]!);
  } else if (suffix in DECIMAL) {
    format = 'DecimalSI';
    scale += DECIMAL[suffix]!;
  } else if (/^[eE][-+]?[0-9]+$/.test(suffix)) {
    format = 'DecimalExponent';
    scale += Number(suffix.slice(1));
  } else {
    return { ok: false, error: SUFFIX_ERROR };
  }
  if (sign === '-') value = -value;
  if (scale < -9) {
    // round up (away from zero) to nano precision
    const shift = -9 - scale;
    if (shift > digits(value)) value = value > 0n ? 1n : value < 0n ? -1n : 0n;
    else {
      const div = 10n ** BigInt(shift);
      const q = value / div;
      value = q * div === value ? q : value > 0n ? q + 1n : q - 1n;
    }
    scale = -9;
  }
  return { ok: true, quantity: { value, scale, format } };
}

/** A quantity given as a JSON string or number; undefined when it does not parse. */
export function parseQuantity(input: unknown): Quantity | undefined {
  if (typeof input !== 'string' && typeof input !== 'number') return undefined;
  const r = parseQuantityText(String(input));
  return r.ok ? r.quantity : undefined;
}

/** A quantity given as a JSON string or number as a float64 (a number as it is); undefined when it does not parse. */
export function parseQuantityNumber(input: unknown): number | undefined {
  if (typeof input === 'number') return input;
  const q = parseQuantity(input);
  return q && quantityNumber(q);
}

/** The amount as the nearest float64. */
export function quantityNumber(q: Quantity): number {
  return Number(`${q.value}e${q.scale}`);
}

function digits(v: bigint): number {
  return (v < 0n ? -v : v).toString().length;
}

function align(a: Quantity, b: Quantity): [bigint, bigint, number] {
  const scale = Math.min(a.scale, b.scale);
  return [a.value * 10n ** BigInt(a.scale - scale), b.value * 10n ** BigInt(b.scale - scale), scale];
}

/** q.Add(y): a zero receiver takes y's format. */
export function addQuantity(a: Quantity, b: Quantity): Quantity {
  const [x, y, scale] = align(a, b);
  return { value: x + y, scale, format: a.value === 0n ? b.format : a.format };
}

/** q.Cmp(y): -1, 0 or 1. */
export function compareQuantity(a: Quantity, b: Quantity): number {
  const sa = a.value < 0n ? -1 : a.value > 0n ? 1 : 0;
  const sb = b.value < 0n ? -1 : b.value > 0n ? 1 : 0;
  if (sa !== sb || sa === 0) return sa < sb ? -1 : sa > sb ? 1 : 0;
  // Different orders of magnitude decide without scaling (`1e99999999` against `1m`).
  const ma = digits(a.value) + a.scale;
  const mb = digits(b.value) + b.scale;
  if (ma !== mb) return ma > mb ? sa : -sa;
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The amount in units of 10^scale, rounded up (ScaledValue). */
function scaled(q: Quantity, scale: number): bigint {
  if (q.scale >= scale) return q.value * 10n ** BigInt(q.scale - scale);
  const div = 10n ** BigInt(scale - q.scale);
  const r = q.value / div;
  return r * div === q.value || q.value < 0n ? r : r + 1n;
}

export function quantityValue(q: Quantity): bigint {
  return scaled(q, 0);
}

export function quantityMilliValue(q: Quantity): bigint {
  return scaled(q, -3);
}

function removeFactors(v: bigint, base: bigint): [bigint, number] {
  let times = 0;
  while (v !== 0n && v % base === 0n) {
    v /= base;
    times++;
  }
  return [v, times];
}

/** Quantity.String(): the canonical form (`100m`, `1536Mi`, `2`, `1e3` stays `1e3`). */
export function quantityString(q: Quantity): string {
  if (q.value === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    const exact = q.scale >= 0 || q.value % 10n ** BigInt(-q.scale) === 0n;
    const small =
      compareQuantity(q, { value: -1024n, scale: 0, format }) > 0 &&
      compareQuantity(q, { value: 1024n, scale: 0, format }) < 0;
    if (small || !exact) format = 'DecimalSI';
    else {
      const [amount, exp] = removeFactors(scaled(q, 0), 1024n);
      return `${amount}${BINARY_SUFFIX.get(exp) ?? ''}`;
    }
  }
  const [mantissa, times] = removeFactors(q.value, 10n);
  let amount = mantissa;
  let exponent = q.scale + times;
  const r = exponent % 3;
  if (r === 1 || r === -2) {
    amount *= 10n;
    exponent -= 1;
  } else if (r === 2 || r === -1) {
    amount *= 100n;
    exponent -= 2;
  }
  if (format === 'DecimalExponent') return exponent === 0 ? `${amount}` : `${amount}e${exponent}`;
  const suffix = DECIMAL_SUFFIX.get(exponent);
  return suffix === undefined ? `${amount}e${exponent}` : `${amount}${suffix}`;
}

/** A resource list (`{cpu: '100m', memory: '100Mi'}`) parsed; unparseable entries are skipped. */
export type ResourceList = Map<string, Quantity>;

export function resourceList(raw: unknown): ResourceList {
  const out: ResourceList = new Map();
  if (raw === null || typeof raw !== 'object') return out;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    const q = parseQuantity(v);
    if (q) out.set(k, q);
  }
  return out;
}

export function addResourceList(into: ResourceList, add: ResourceList): void {
  for (const [k, v] of add) {
    const cur = into.get(k);
    into.set(k, cur ? addQuantity(cur, v) : v);
  }
}

export function maxResourceList(into: ResourceList, other: ResourceList): void {
  for (const [k, v] of other) {
    const cur = into.get(k);
    if (!cur || compareQuantity(v, cur) > 0) into.set(k, v);
  }
}
