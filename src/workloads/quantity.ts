// Kubernetes resource quantities (`100m`, `1.5`, `128Mi`, `1e3`) as numbers, and the pod's
// QoS class computed from its containers' requests and limits as the API server does.

const SUFFIX: Record<string, number> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** undefined when `q` is not a quantity. */
export function parseQuantity(q: unknown): number | undefined {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return undefined;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?)$/.exec(
    q.trim(),
  );
  if (!m) return undefined;
  const base = Number(m[1]);
  if (m[2] !== undefined) return base * 10 ** Number(m[2].slice(1));
  return base * (SUFFIX[m[3] ?? ''] ?? 1);
}

export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

interface Resources {
  requests?: Record<string, unknown>;
  limits?: Record<string, unknown>;
}

const COMPUTE = ['cpu', 'memory'];

/** pkg/apis/core/helper/qos: only cpu and memory count; requests default to limits. */
export function qosClass(containers: readonly { resources?: Resources }[]): QosClass {
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    const seenLimits = new Set<string>();
    for (const name of COMPUTE) {
      const l = parseQuantity(lim[name]);
      const r = parseQuantity(req[name]) ?? l; // the API server defaults requests to limits
      if (r !== undefined && r !== 0) requests.set(name, (requests.get(name) ?? 0) + r);
      if (l !== undefined && l !== 0) {
        seenLimits.add(name);
        limits.set(name, (limits.get(name) ?? 0) + l);
      }
    }
    if (seenLimits.size !== COMPUTE.length) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, r] of requests) if (limits.get(name) !== r) guaranteed = false;
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
