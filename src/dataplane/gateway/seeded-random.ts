// A seedable random source for the gateway's weighted choices, fault and mirror percentages
// and random load balancing, so traffic splits can be reproduced exactly in tests:
// GANGWAY_RANDOM_SEED=<integer> in the environment of `gangway up` seeds every gateway pod
// (each pod's stream also mixes in its name, so replicas do not move in lock step).

/** mulberry32: a small, fast 32-bit generator with good distribution for this use. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The random source for one gateway pod: seeded from GANGWAY_RANDOM_SEED when it is set. */
export function gatewayRandom(env: NodeJS.ProcessEnv, podName: string): (() => number) | undefined {
  const raw = env['GANGWAY_RANDOM_SEED'];
  if (raw === undefined || !/^-?\d+$/.test(raw)) return undefined;
  let h = Number(raw) | 0;
  for (let i = 0; i < podName.length; i++) h = Math.imul(h ^ podName.charCodeAt(i), 0x01000193);
  return seededRandom(h);
}
