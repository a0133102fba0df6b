// Resource quantities (apimachinery api/resource.Quantity) as far as describe needs them:
// parsing `100m`, `1.5Gi`, `2e3`, canonical printing (String()), sums and ceilings.
// The amount is exact: value * 10^scale with a bigint value.

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

/** ParseQuantity; undefined when the text is not a quantity. Sub-nano amounts round up. */
export function parseQuantity(input: unknown): Quantity | undefined {
  if (typeof input === 'number') return parseQuantity(String(input));
  if (typeof input !== 'string') return undefined;
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/.exec(input);
  if (!m) return undefined;
  const [, sign = '', whole = '', frac = '', suffix = ''] = m;
  if (whole === '' && frac === '') return undefined;
  let value = BigInt(`${whole}${frac}` || '0');
  let scale = -frac.length;
  let format: QuantityFormat;
  if (suffix in BINARY) {
    format = 'BinarySI';
    value *= 1024n ** BigInt(BINARY[suffix]!);
  } else if (suffix in DECIMAL) {
    format = 'DecimalSI';
    scale += DECIMAL[suffix]!;
  } else {
    format = 'DecimalExponent';
    scale += Number(suffix.slice(1));
  }
  if (sign === '-') value = -value;
  if (scale < -9) {
    // round up (away from zero) to nano precision
    const div = 10n ** BigInt(-9 - scale);
    const q = value / div;
    value = q * div === value ? q : value > 0n ? q + 1n : q - 1n;
    scale = -9;
  }
  return { value, scale, format };
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

export function compareQuantity(a: Quantity, b: Quantity): number {
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
