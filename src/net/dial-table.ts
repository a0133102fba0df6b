// Where a model address really listens. A pod's `127.1.128.2:80` is normally bound as is;
// when the process may not bind a port below 1024, or the OS has no such address, the
// listener takes another port and registers the mapping here. Everything that connects to
// a model address (kube-proxy, gateway, ALB) resolves it through this table first.

export interface Endpoint {
  host: string;
  port: number;
}

export class DialTable {
  #map = new Map<string, Endpoint>();
  #watchers = new Set<() => void>();

  set(modelHost: string, modelPort: number, real: Endpoint): void {
    this.#map.set(`${modelHost}:${modelPort}`, real);
    for (const w of this.#watchers) w();
  }

  delete(modelHost: string, modelPort: number): void {
    if (this.#map.delete(`${modelHost}:${modelPort}`)) for (const w of this.#watchers) w();
  }

  /** Every mapping as [`host:port`, real] (to mirror the table in another thread). */
  entries(): [string, Endpoint][] {
    return [...this.#map];
  }

  /** Replaces every mapping (the mirror side of entries()). */
  replace(entries: readonly (readonly [string, Endpoint])[]): void {
    this.#map = new Map(entries);
    for (const w of this.#watchers) w();
  }

  /** Calls `onChange` after each change; returns the unsubscribe. */
  watch(onChange: () => void): () => void {
    this.#watchers.add(onChange);
    return () => this.#watchers.delete(onChange);
  }

  /** The real socket address for a model address (itself when nothing is mapped). */
  resolve(host: string, port: number): Endpoint {
    return this.#map.get(`${host}:${port}`) ?? { host, port };
  }
}
