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

  set(modelHost: string, modelPort: number, real: Endpoint): void {
    this.#map.set(`${modelHost}:${modelPort}`, real);
  }

  delete(modelHost: string, modelPort: number): void {
    this.#map.delete(`${modelHost}:${modelPort}`);
  }

  /** The real socket address for a model address (itself when nothing is mapped). */
  resolve(host: string, port: number): Endpoint {
    return this.#map.get(`${host}:${port}`) ?? { host, port };
  }
}
