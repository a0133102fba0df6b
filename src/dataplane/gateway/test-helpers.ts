// Test support for the gateway data plane: a fake istiod (models pushed by hand, endpoints
// from a table), hand-built GatewayModels, tiny upstream servers and a one-shot HTTP client,
// all on loopback block 221.
import {
  createServer,
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClusterEndpoint } from '../../istio/istiod-endpoints.ts';
import type {
  GatewayCluster,
  GatewayModel,
  GatewayProxy,
  GatewayRoute,
  WeightedCluster,
} from '../../istio/model.ts';
import type { GatewayControlPlane } from './server.ts';

export const BLOCK = 221;

export class FakeIstiod implements GatewayControlPlane {
  model: GatewayModel | undefined;
  endpoints = new Map<string, ClusterEndpoint[]>();
  #proxies = new Set<(m: GatewayModel) => void>();
  #eds = new Set<() => void>();

  watchProxy(_proxy: GatewayProxy, onModel: (m: GatewayModel) => void): () => void {
    this.#proxies.add(onModel);
    if (this.model) onModel(this.model);
    return () => this.#proxies.delete(onModel);
  }

  push(m: GatewayModel): void {
    this.model = m;
    for (const p of this.#proxies) p(m);
  }

  endpointsFor(namespace: string, name: string, port: number): readonly ClusterEndpoint[] {
    return this.endpoints.get(`${namespace}/${name}:${port}`) ?? [];
  }

  setEndpoints(namespace: string, name: string, port: number, eps: ClusterEndpoint[]): void {
    this.endpoints.set(`${namespace}/${name}:${port}`, eps);
    for (const w of this.#eds) w();
  }

  watchEndpoints(onChange: () => void): () => void {
    this.#eds.add(onChange);
    return () => this.#eds.delete(onChange);
  }
}

export const PROXY: GatewayProxy = {
  namespace: 'istio-system',
  name: 'istio-ingressgateway-5d9c8f7b6-abcde',
  labels: { app: 'istio-ingressgateway', istio: 'ingressgateway', 'pod-template-hash': '5d9c8f7b6' },
};

export function edsCluster(
  name: string,
  port: number,
  lbPolicy: GatewayCluster['lbPolicy'] = 'LEAST_REQUEST',
): GatewayCluster {
  return {
    name: `outbound|${port}||${name}.test-ns.svc.cluster.local`,
    type: 'EDS',
    service: { namespace: 'test-ns', name, fqdn: `${name}.test-ns.svc.cluster.local`, port },
    lbPolicy,
  };
}

export function routeTo(
  clusters: WeightedCluster[],
  extra: Partial<Extract<GatewayRoute['action'], { type: 'route' }>> = {},
): GatewayRoute['action'] {
  return { type: 'route', clusters, ...extra };
}

/** A model with the bootstrap listeners and, when `routes` is given, 0.0.0.0_8080 -> http.8080. */
export function gatewayModel(
  routes?: GatewayRoute[],
  clusters: GatewayCluster[] = [],
  host = 'istio-test-alb.example.com',
): GatewayModel {
  const boot = (
    port: number,
    prefix: string,
    target: 'readiness' | 'prometheus',
  ): GatewayModel['listeners'][number] => ({
    name: `0.0.0.0_${port}`,
    address: '0.0.0.0',
    port,
    protocol: 'BOOTSTRAP',
    filterChains: [{ serverNames: [], inlineRoutes: [{ prefix, target }] }],
  });
  const listeners = [
    boot(15021, '/healthz/ready', 'readiness'),
    boot(15090, '/stats/prometheus', 'prometheus'),
  ];
  if (!routes) return { listeners, routeConfigs: [], clusters };
  listeners.unshift({
    name: '0.0.0.0_8080',
    address: '0.0.0.0',
    port: 8080,
    protocol: 'HTTP',
    filterChains: [{ serverNames: [], routeConfigName: 'http.8080' }],
  });
  const virtualHosts =
    routes.length === 0
      ? [{ name: 'blackhole:80', domains: ['*'], routes: [] }]
      : [{ name: `${host}:80`, domains: [host], routes }];
  return { listeners, routeConfigs: [{ name: 'http.8080', virtualHosts }], clusters };
}

export interface Upstream {
  server: Server;
  address: string;
  port: number;
  requests: IncomingMessage[];
}

export async function startUpstream(
  address: string,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Upstream> {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  return { server, address, port: (server.address() as AddressInfo).port, requests };
}

export function stopServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  body: string;
}

export function get(
  host: string,
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, body }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Polls until `check` is truthy; throws after `ms`. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
