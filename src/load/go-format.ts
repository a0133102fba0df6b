// Go's fmt verbs the load summary is printed with (fortio is a Go program): `%g` / `%.Ng`
// (shortest digits, trailing zeros dropped, exponent when exp < -4 or >= precision) and
// time.Duration's String() (`59.8524ms`, `1.5s`, `2m3.4s`).

/** Go's `%g` (prec undefined: shortest round-trip digits) or `%.<prec>g`. */
export function goG(x: number, prec?: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  if (x === 0) return '0';
  const p = prec === undefined ? undefined : Math.max(prec, 1);
  // Digits and exponent as Go's FormatFloat('g') picks them.
  const e = p === undefined ? x.toExponential() : x.toExponential(p - 1);
  const [mant = '', expText = '0'] = e.split('e');
  const exp = Number(expText);
  const eprec = p === undefined ? 21 : p;
  const digits = mant.replace('-', '').replace('.', '').replace(/0+$/, '') || '0';
  const sign = x < 0 ? '-' : '';
  if (exp < -4 || exp >= eprec) {
    const m = digits.length > 1 ? `${digits[0] ?? ''}.${digits.slice(1)}` : digits;
    const ex = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${ex}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** Go's `%.<n>f`. */
export function goF(x: number, n: number): string {
  return x.toFixed(n);
}

function fraction(v: bigint, unit: bigint, digits: number): string {
  const whole = v / unit;
  const rest = (v % unit).toString().padStart(digits, '0').replace(/0+$/, '');
  return rest === '' ? whole.toString() : `${whole.toString()}.${rest}`;
}

/** time.Duration(ns).String(). */
export function goDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  const v = neg ? -ns : ns;
  const sign = neg ? '-' : '';
  if (v < 1_000n) return `${sign}${v.toString()}ns`;
  if (v < 1_000_000n) return `${sign}${fraction(v, 1_000n, 3)}µs`;
  if (v < 1_000_000_000n) return `${sign}${fraction(v, 1_000_000n, 6)}ms`;
  const h = v / 3_600_000_000_000n;
  const m = (v / 60_000_000_000n) % 60n;
  const s = v % 60_000_000_000n;
  let out = `${fraction(s, 1_000_000_000n, 9)}s`;
  if (h > 0n || m > 0n) out = `${m.toString()}m${out}`;
  if (h > 0n) out = `${h.toString()}h${out}`;
  return sign + out;
}

const UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** time.ParseDuration, in milliseconds; undefined when the text is not a Go duration. */
export function parseGoDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let at = 0;
  for (;;) {
    const m = re.exec(text);
    if (!m) break;
    total += Number(m[1]) * (UNITS[m[2] ?? ''] ?? 0);
    at = re.lastIndex;
  }
  return at === text.length && at > 0 ? total : undefined;
}
