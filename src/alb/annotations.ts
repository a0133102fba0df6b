// The `alb.ingress.kubernetes.io/*` annotations the AWS Load Balancer Controller reads: a
// catalogue of known keys (where each may appear) and typed parsers that fail with the
// controller's own messages (pkg/annotations/parser.go). Values are looked up in several
// maps, the first that has the key winning: target-group settings read the Service's
// annotations before the Ingress's.

export const ALB_PREFIX = 'alb.ingress.kubernetes.io/';

/** Where a key takes effect: on the Ingress only, or on the Ingress and the backend Service. */
export type AnnotationScope = 'ingress' | 'ingress+service';

const INGRESS_ONLY: readonly string[] = [
  'scheme',
  'listen-ports',
  'certificate-arn',
  'ssl-redirect',
  'ssl-policy',
  'inbound-cidrs',
  'security-group-prefix-lists',
  'ip-address-type',
  'subnets',
  'security-groups',
  'manage-backend-security-group-rules',
  'customer-owned-ipv4-pool',
  'ipam-ipv4-pool-id',
  'load-balancer-name',
  'load-balancer-attributes',
  'group.name',
  'group.order',
  'use-regex-path-match',
  'jwt-validation',
  'mutual-authentication',
  'wafv2-acl-arn',
  'wafv2-acl-name',
  'waf-acl-id',
  'web-acl-id',
  'shield-advanced-protection',
  'minimum-load-balancer-capacity',
  'multi-cluster-target-group',
  'create-acm-cert',
  'acm-pca-arn',
  'enable-frontend-nlb',
  'frontend-nlb-scheme',
  'frontend-nlb-subnets',
  'frontend-nlb-security-groups',
  'frontend-nlb-listener-port-mapping',
  'frontend-nlb-healthcheck-port',
  'frontend-nlb-healthcheck-protocol',
  'frontend-nlb-healthcheck-path',
  'frontend-nlb-healthcheck-interval-seconds',
  'frontend-nlb-healthcheck-timeout-seconds',
  'frontend-nlb-healthcheck-healthy-threshold-count',
  'frontend-nlb-healthcheck-unhealthy-threshold-count',
  'frontend-nlb-healthcheck-success-codes',
  'frontend-nlb-tags',
  'frontend-nlb-attributes',
];

const INGRESS_AND_SERVICE: readonly string[] = [
  'tags',
  'target-node-labels',
  'target-type',
  'backend-protocol',
  'backend-protocol-version',
  'target-group-attributes',
  'healthcheck-port',
  'healthcheck-protocol',
  'healthcheck-path',
  'healthcheck-interval-seconds',
  'healthcheck-timeout-seconds',
  'healthy-threshold-count',
  'unhealthy-threshold-count',
  'success-codes',
  'auth-type',
  'auth-idp-cognito',
  'auth-idp-oidc',
  'auth-on-unauthenticated-request',
  'auth-scope',
  'auth-session-cookie',
  'auth-session-timeout',
];

/** Keys with a `${name}` suffix: actions.<name>, conditions.<name>, listener-attributes.HTTP-80. */
const PATTERN_PREFIXES: readonly string[] = [
  'actions.',
  'conditions.',
  'transforms.',
  'listener-attributes.',
  'target-control-port.',
];

/** Keys gangway parses but whose effect (AWS networking, WAF, auth, add-ons) it does not emulate. */
export const IGNORED_SUFFIXES: ReadonlySet<string> = new Set([
  'security-group-prefix-lists',
  'subnets',
  'security-groups',
  'manage-backend-security-group-rules',
  'customer-owned-ipv4-pool',
  'ipam-ipv4-pool-id',
  'jwt-validation',
  'mutual-authentication',
  'wafv2-acl-arn',
  'wafv2-acl-name',
  'waf-acl-id',
  'web-acl-id',
  'shield-advanced-protection',
  'minimum-load-balancer-capacity',
  'multi-cluster-target-group',
  'create-acm-cert',
  'acm-pca-arn',
  'use-regex-path-match',
  'auth-type',
  'auth-idp-cognito',
  'auth-idp-oidc',
  'auth-on-unauthenticated-request',
  'auth-scope',
  'auth-session-cookie',
  'auth-session-timeout',
  'enable-frontend-nlb',
]);

/** Pattern keys gangway does not emulate: transforms, listener attributes, add-ons. */
const IGNORED_PREFIXES: readonly string[] = [
  'transforms.',
  'listener-attributes.',
  'target-control-port.',
  'frontend-nlb-',
];

/** Whether gangway accepts `suffix` without emulating its effect (an AWS-only feature). */
export function isNotEmulated(suffix: string): boolean {
  return IGNORED_SUFFIXES.has(suffix) || IGNORED_PREFIXES.some((p) => suffix.startsWith(p));
}

const SCOPES: ReadonlyMap<string, AnnotationScope> = new Map([
  ...INGRESS_ONLY.map((k) => [k, 'ingress'] as const),
  ...INGRESS_AND_SERVICE.map((k) => [k, 'ingress+service'] as const),
]);

/** The scope of a suffix (the part after the prefix), or undefined when the controller does not know it. */
export function annotationScope(suffix: string): AnnotationScope | undefined {
  const known = SCOPES.get(suffix);
  if (known) return known;
  if (PATTERN_PREFIXES.some((p) => suffix.startsWith(p) && suffix.length > p.length)) return 'ingress';
  if (suffix.startsWith('frontend-nlb-')) return 'ingress';
  return undefined;
}

/** An annotation value the controller rejects; `message` is the controller's. */
export class AnnotationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnnotationError';
  }
}

export type AnnotationMaps = readonly (Readonly<Record<string, string>> | undefined)[];

/** The raw value of `prefix + suffix` from the first map that has it, with the key. */
export function rawAnnotation(
  suffix: string,
  maps: AnnotationMaps,
): { key: string; value: string } | undefined {
  const key = ALB_PREFIX + suffix;
  for (const m of maps) {
    const v = m?.[key];
    if (v !== undefined) return { key, value: v };
  }
  return undefined;
}

export function parseString(suffix: string, maps: AnnotationMaps): string | undefined {
  return rawAnnotation(suffix, maps)?.value;
}

/** Go's strconv.ParseBool. */
export function parseBool(suffix: string, maps: AnnotationMaps): boolean | undefined {
  const raw = rawAnnotation(suffix, maps);
  if (!raw) return undefined;
  const v = raw.value;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  throw new AnnotationError(
    `failed to parse bool annotation, ${raw.key}: ${v}: strconv.ParseBool: parsing ${goQuote(v)}: invalid syntax`,
  );
}

/** Go's strconv.ParseInt(v, 10, 64). */
export function parseInt64(suffix: string, maps: AnnotationMaps): number | undefined {
  const raw = rawAnnotation(suffix, maps);
  if (!raw) return undefined;
  const v = raw.value;
  if (!/^[+-]?\d+$/.test(v)) {
    throw new AnnotationError(
      `failed to parse int64 annotation, ${raw.key}: ${v}: strconv.ParseInt: parsing ${goQuote(v)}: invalid syntax`,
    );
  }
  const n = Number(v);
  if (!Number.isSafeInteger(n)) {
    throw new AnnotationError(
      `failed to parse int64 annotation, ${raw.key}: ${v}: strconv.ParseInt: parsing ${goQuote(v)}: value out of range`,
    );
  }
  return n;
}

/** `a, b,,c` -> ['a','b','c'] (splitCommaSeparatedString: trimmed, empties dropped). */
export function splitCommaSeparated(v: string): string[] {
  return v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function parseStringList(suffix: string, maps: AnnotationMaps): string[] | undefined {
  const raw = rawAnnotation(suffix, maps);
  return raw ? splitCommaSeparated(raw.value) : undefined;
}

/** `k=v,k2=v2` -> { k: 'v', k2: 'v2' }; a pair without `=` or with an empty key fails. */
export function parseStringMap(suffix: string, maps: AnnotationMaps): Record<string, string> | undefined {
  const raw = rawAnnotation(suffix, maps);
  if (!raw) return undefined;
  const out: Record<string, string> = {};
  for (const pair of splitCommaSeparated(raw.value)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new AnnotationError(`failed to parse stringMap annotation, ${raw.key}: ${raw.value}`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** JSON.parse with Go's encoding/json wording on failure. */
export function parseJson(suffix: string, maps: AnnotationMaps): { key: string; value: unknown } | undefined {
  const raw = rawAnnotation(suffix, maps);
  if (!raw) return undefined;
  try {
    return { key: raw.key, value: JSON.parse(raw.value) as unknown };
  } catch {
    throw new AnnotationError(
      `failed to parse json annotation, ${raw.key}: ${raw.value}: ${goJsonSyntaxError(raw.value)}`,
    );
  }
}

/** What Go's json.Unmarshal says about text that is not JSON (the common cases). */
export function goJsonSyntaxError(text: string): string {
  const t = text.trim();
  if (t === '') return 'unexpected end of JSON input';
  try {
    JSON.parse(t);
    return 'invalid JSON';
  } catch (err) {
    const m = /position (\d+)/.exec(err instanceof Error ? err.message : '');
    const pos = m ? Number(m[1]) : undefined;
    const ch = pos !== undefined ? t[pos] : undefined;
    if (ch === undefined) return 'unexpected end of JSON input';
    return `invalid character ${goQuoteChar(ch)} looking for beginning of value`;
  }
}

function goQuote(s: string): string {
  return JSON.stringify(s);
}

function goQuoteChar(c: string): string {
  return c === "'" ? String.raw`'\''` : `'${c}'`;
}

/** Go's encoding/json field matching: an exact key first, else a case-insensitive one. */
export function goField(o: Readonly<Record<string, unknown>>, name: string): unknown {
  if (Object.hasOwn(o, name)) return o[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k];
  return undefined;
}
