// The few Reflect metadata functions @peculiar/x509 needs (through tsyringe, which refuses to
// load without them): defineMetadata, getOwnMetadata, getMetadata (walking the prototype
// chain) and the `metadata` decorator factory. Installed only when no polyfill is present.
// Imported for its side effect by ./x509.ts, before the library itself.

type Target = object;
const store = new WeakMap<Target, Map<unknown, unknown>>();

function own(target: Target, create: boolean): Map<unknown, unknown> | undefined {
  let map = store.get(target);
  if (!map && create) {
    map = new Map();
    store.set(target, map);
  }
  return map;
}

function defineMetadata(key: unknown, value: unknown, target: Target): void {
  own(target, true)!.set(key, value);
}

function getOwnMetadata(key: unknown, target: Target): unknown {
  return own(target, false)?.get(key);
}

function getMetadata(key: unknown, target: Target): unknown {
  for (let t: Target | null = target; t !== null; t = Object.getPrototypeOf(t) as Target | null) {
    const map = own(t, false);
    if (map?.has(key)) return map.get(key);
  }
  return undefined;
}

function metadata(key: unknown, value: unknown): (target: Target) => void {
  return (target) => {
    defineMetadata(key, value, target);
  };
}

const reflect = Reflect as unknown as Record<string, unknown>;
if (typeof reflect['getMetadata'] !== 'function') {
  Object.assign(reflect, { defineMetadata, getOwnMetadata, getMetadata, metadata });
}
