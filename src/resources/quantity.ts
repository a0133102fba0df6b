// resource.Quantity parsing as apimachinery does it (`100m`, `128Mi`, `1e3`): the decode
// error wording, and numeric values for comparing requests with limits.

export const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const SUFFIX_ERROR = "unable to parse quantity's suffix";

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

export type QuantityResult = { ok: true; value: number } | { ok: false; error: string };

/** Parses a quantity string (the JSON number form is passed as its text). */
export function parseQuantity(text: string): QuantityResult {
  const s = text.trim();
  const m = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/.exec(s);
  if (!m || !/^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/.test(m[1]!)) {
    return { ok: false, error: QUANTITY_FORMAT_ERROR };
  }
  const num = Number(m[1]);
  const suffix = m[2]!;
  const mult = BINARY[suffix] ?? DECIMAL[suffix];
  if (mult !== undefined) return { ok: true, value: num * mult };
  const exp = /^[eE]([-+]?[0-9]+)$/.exec(suffix);
  if (exp) return { ok: true, value: num * 10 ** Number(exp[1]) };
  return { ok: false, error: SUFFIX_ERROR };
}

/** The value of a quantity given as a JSON string or number; undefined when it does not parse. */
export function quantityValue(q: unknown): number | undefined {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return undefined;
  const r = parseQuantity(q);
  return r.ok ? r.value : undefined;
}
