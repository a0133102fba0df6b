// The gateway pod's bootstrap ports: 15021 /healthz/ready (200 once the proxy has its first
// model and its listeners, else 503; empty bodies, as Envoy relays pilot-agent's answer),
// 15090 /stats/prometheus, and the Envoy admin API on 15000 (/ready, /config_dump,
// /clusters, /stats/prometheus). Other paths answer Envoy's 404 (server: envoy).
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import {
  clustersDump,
  configDump,
  type DumpOptions,
  type EndpointStatus,
} from '../../istio/config-dump/index.ts';
import type { ClusterEndpoint } from '../../istio/istiod-endpoints.ts';
import type { GatewayModel } from '../../istio/model.ts';
import { httpDate } from '../http/http-date.ts';
import { writeLocalReply } from './local-reply.ts';

export interface AdminSource {
  ready(): boolean;
  prometheus(): string;
  /** Brings the stats of the proxy's other data-plane threads up to date. */
  refresh?(): Promise<void>;
  model(): GatewayModel | undefined;
  /** Every endpoint of a cluster (ready or not), for /clusters. */
  endpoints(cluster: string): readonly ClusterEndpoint[];
  /** Node id, version and update time of the model, for /config_dump. */
  dumpOptions(): DumpOptions;
  /** Whether outlier detection has ejected the endpoint (ClusterRuntime.outlierFailed). */
  outlierFailed?(cluster: string, address: string, port: number): boolean;
}

function pathOf(req: IncomingMessage): { path: string; query: URLSearchParams } {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return q < 0
    ? { path: url, query: new URLSearchParams() }
    : { path: url.slice(0, q), query: new URLSearchParams(url.slice(q + 1)) };
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.removeHeader('connection');
  res.writeHead(status, [
    'content-type',
    type,
    'content-length',
    String(Buffer.byteLength(body)),
    'date',
    httpDate(),
    'server',
    'envoy',
  ]);
  res.end(body);
}

function notFound(res: ServerResponse): void {
  writeLocalReply(res, 404, '', undefined, 'envoy');
}

export function readinessHandler(src: AdminSource): RequestListener {
  return (req, res) => {
    if (!pathOf(req).path.startsWith('/healthz/ready')) {
      notFound(res);
      return;
    }
    res.removeHeader('connection');
    res.writeHead(src.ready() ? 200 : 503, [
      'date',
      httpDate(),
      'content-length',
      '0',
      'x-envoy-upstream-service-time',
      '0',
      'server',
      'envoy',
    ]);
    res.end();
  };
}

export function prometheusHandler(src: AdminSource): RequestListener {
  return (req, res) => {
    if (!pathOf(req).path.startsWith('/stats/prometheus')) {
      notFound(res);
      return;
    }
    sendStats(src, res);
  };
}

/** /stats/prometheus, with every data-plane thread's counters. */
function sendStats(src: AdminSource, res: ServerResponse): void {
  const done = (): void => send(res, 200, 'text/plain; charset=UTF-8', src.prometheus());
  if (src.refresh === undefined) done();
  else void src.refresh().then(done, done);
}

function plainClusters(model: GatewayModel, src: AdminSource): string {
  const lines: string[] = [];
  for (const c of model.clusters) {
    for (const e of src.endpoints(c.name)) {
      const at = `${c.name}::${e.address}:${e.port}`;
      const flags: string[] = [];
      if (src.outlierFailed?.(c.name, e.address, e.port) === true) flags.push('/failed_outlier_check');
      if (!e.ready) flags.push('/failed_eds_health');
      lines.push(`${at}::health_flags::${flags.length === 0 ? 'healthy' : flags.join('')}`);
    }
  }
  return lines.map((l) => `${l}\n`).join('');
}

export function adminHandler(src: AdminSource): RequestListener {
  return (req, res) => {
    const { path, query } = pathOf(req);
    const model = src.model();
    switch (path) {
      case '/ready':
        send(
          res,
          src.ready() ? 200 : 503,
          'text/plain; charset=UTF-8',
          src.ready() ? 'LIVE\n' : 'PRE_INITIALIZING\n',
        );
        return;
      case '/stats/prometheus':
        sendStats(src, res);
        return;
      case '/config_dump': {
        const body = model ? configDump(model, src.dumpOptions()) : { configs: [] };
        send(res, 200, 'application/json', `${JSON.stringify(body, null, 2)}\n`);
        return;
      }
      case '/clusters': {
        if (!model) {
          send(res, 200, 'text/plain; charset=UTF-8', '');
          return;
        }
        if (query.get('format') === 'json') {
          const endpoints = new Map<string, EndpointStatus[]>();
          for (const c of model.clusters)
            endpoints.set(
              c.name,
              src.endpoints(c.name).map((e) => ({
                address: e.address,
                port: e.port,
                healthy: e.ready,
                outlierFailed: src.outlierFailed?.(c.name, e.address, e.port) === true,
              })),
            );
          const body = clustersDump(model, endpoints);
          send(res, 200, 'application/json', `${JSON.stringify(body, null, 2)}\n`);
        } else send(res, 200, 'text/plain; charset=UTF-8', plainClusters(model, src));
        return;
      }
      default:
        notFound(res);
    }
  };
}
