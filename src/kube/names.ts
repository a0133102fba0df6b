// Generated names as Kubernetes makes them: the pod-template-hash of a Deployment's template
// (fnv32a, rendered with apimachinery's SafeEncodeString alphabet, as ComputeHash does) and
// the 5-character random suffix of metadata.generateName.

/** apimachinery util/rand: consonants and digits that cannot spell words. */
export const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** SafeEncodeString: every byte of `s` mapped onto SAFE_ALPHABET. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) out += SAFE_ALPHABET.charAt(b % SAFE_ALPHABET.length);
  return out;
}

/** 32-bit FNV-1a over `bytes`. */
export function fnv32a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** JSON with object keys sorted at every level: one rendering per value. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The pod-template-hash of a pod template, like the deployment controller's ComputeHash:
 * fnv32a of the template (here its canonical JSON rather than Go's spew dump) followed by
 * the collision count as 4 little-endian bytes, its decimal value then SafeEncodeString'd.
 * The decimal is zero-padded to 9 digits so the hash is always 9-10 characters long.
 */
export function computeHash(template: unknown, collisionCount?: number): string {
  const body = Buffer.from(canonicalJson(template), 'utf8');
  let bytes: Uint8Array = body;
  if (collisionCount !== undefined) {
    const extra = Buffer.alloc(4);
    extra.writeUInt32LE(collisionCount >>> 0);
    bytes = Buffer.concat([body, extra]);
  }
  return safeEncodeString(String(fnv32a(bytes)).padStart(9, '0'));
}

/** `n` random characters of SAFE_ALPHABET (utilrand.String). */
export function randomString(n: number, random: () => number = Math.random): string {
  let out = '';
  for (let i = 0; i < n; i++) {
    const idx = Math.min(SAFE_ALPHABET.length - 1, Math.floor(random() * SAFE_ALPHABET.length));
    out += SAFE_ALPHABET.charAt(idx);
  }
  return out;
}

/** The name generateName produces: the base cut to 58 characters plus 5 random ones. */
export function generateName(base: string, random: () => number = Math.random): string {
  const maxBase = 63 - 5;
  return `${base.length > maxBase ? base.slice(0, maxBase) : base}${randomString(5, random)}`;
}
