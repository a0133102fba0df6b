// Go's fmt `%v` rendering of values decoded from JSON (`map[a:1 b:[x y]]`), as kubectl prints
// unstructured values and the API server puts them in error messages (strategic merge patch
// errors, strict decoding of patches). encoding/json Marshal is in go-json.ts.
import { compareStrings } from './go-json.ts';

/** fmt.Sprint / %v of a value decoded from JSON into interface{} (unstructured). */
export function goSprintV(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return goFormatNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map((v) => goSprintV(v)).join(' ')}]`;
  if (typeof value === 'object') {
    const rec = value as Record<string, unknown>;
    const keys = Object.keys(rec).sort(compareStrings);
    return `map[${keys.map((k) => `${k}:${goSprintV(rec[k])}`).join(' ')}]`;
  }
  return typeof value === 'bigint' ? value.toString() : '';
}

/**
 * A JSON number as Go prints it once decoded: integral values are int64 (`80`), others
 * float64 with %v (`0.5`, `1.5e-07`, `1.2345675e+06`).
 */
export function goFormatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n).toString();
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
  // strconv.FormatFloat(f, 'g', -1, 64): %e when exp < -4 || exp >= 6 (the shortest
  // precision decides with 6), else %f with the shortest digits.
  const shortest = n.toExponential(); // e.g. 1.5e-7
  const [mant = '', e = '0'] = shortest.split('e');
  const expNum = Number(e);
  if (expNum < -4 || expNum >= 6) {
    const sign = expNum < 0 ? '-' : '+';
    const abs = Math.abs(expNum);
    return `${mant}e${sign}${abs < 10 ? `0${abs}` : abs}`;
  }
  return String(n);
}
