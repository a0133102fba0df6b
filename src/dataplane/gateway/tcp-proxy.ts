// One proxied connection (Envoy's tcp_proxy): a weighted cluster picked per connection, a host
// by the cluster's load balancer, a connect within the cluster's connect timeout, then bytes
// both ways with half-close, the cluster's idle timeout, and one access log line at the end in
// Istio's format ("- - -", code 0, UH / UF flags, bytes each way, the requested server name).
import { connect, type Socket } from 'node:net';
import type { WeightedCluster } from '../../istio/model.ts';
import type { DialTable } from '../../net/dial-table.ts';
import { accessLogLine, type AccessLogEntry } from './access-log.ts';
import { pickWeighted } from './actions.ts';
import { chooseHost } from './balancer.ts';
import type { ClusterRuntime } from './clusters.ts';

export interface TcpProxyEnv {
  dial: DialTable;
  random: () => number;
  /** One access log line (undefined: access log off). */
  accessLog: ((line: string) => void) | undefined;
}

export interface TcpConnection {
  down: Socket;
  /** Bytes already read from `down` (the ClientHello), sent upstream first. */
  head: Buffer | undefined;
  sni: string | undefined;
  local: string;
  clusters: readonly WeightedCluster[];
  runtime: ReadonlyMap<string, ClusterRuntime>;
  track: (s: Socket) => void;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_IDLE_TIMEOUT_MS = 3_600_000;

function peer(s: Socket): string {
  const a = s.remoteAddress ?? '';
  return `${a.startsWith('::ffff:') ? a.slice(7) : a}:${s.remotePort ?? 0}`;
}

export function proxyConnection(env: TcpProxyEnv, c: TcpConnection): void {
  const { down } = c;
  const t0 = performance.now();
  const entry: AccessLogEntry = {
    start: Date.now(),
    method: '-',
    path: '-',
    protocol: '-',
    code: 0,
    flags: '-',
    details: '-',
    transportFailure: undefined,
    bytesReceived: 0,
    bytesSent: 0,
    durationMs: 0,
    serviceTimeMs: undefined,
    forwardedFor: undefined,
    userAgent: undefined,
    requestId: undefined,
    authority: undefined,
    upstreamHost: undefined,
    upstreamCluster: undefined,
    upstreamLocal: undefined,
    downstreamLocal: c.local,
    downstreamRemote: peer(down),
    routeName: undefined,
  };
  let logged = false;
  const log = (): void => {
    if (logged) return;
    logged = true;
    entry.durationMs = Math.floor(performance.now() - t0);
    entry.bytesReceived = down.bytesRead;
    entry.bytesSent = down.bytesWritten;
    env.accessLog?.(accessLogLine(entry));
  };
  const name = pickWeighted(c.clusters, env.random());
  entry.upstreamCluster = name;
  const cluster = name === undefined ? undefined : c.runtime.get(name);
  const host = cluster ? chooseHost(cluster.def.lbPolicy, cluster.hosts, cluster.lb, env.random) : undefined;
  if (!cluster || !host) {
    entry.flags = cluster ? 'UH' : 'NC';
    down.destroy();
    log();
    return;
  }
  entry.upstreamHost = host.key;
  host.active++;
  const real = env.dial.resolve(host.address, host.port);
  const up = connect({ host: real.host, port: real.port, allowHalfOpen: true });
  c.track(up);
  const connectTimeout = cluster.def.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  up.setTimeout(connectTimeout, () => up.destroy(new Error('connect timeout')));
  let connected = false;
  up.once('connect', () => {
    connected = true;
    entry.upstreamLocal = `${up.localAddress ?? ''}:${up.localPort ?? 0}`;
    const idle = cluster.def.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    up.setTimeout(idle, () => {
      up.destroy();
      down.destroy();
    });
    if (c.head && c.head.length > 0) up.write(c.head);
    down.pipe(up);
    up.pipe(down);
    down.resume();
  });
  up.on('error', () => {
    if (!connected) entry.flags = 'UF';
    down.destroy();
  });
  down.on('error', () => up.destroy());
  down.once('close', () => {
    if (!connected) up.destroy();
    else if (!up.destroyed && !up.writableEnded) up.end();
  });
  up.once('close', () => {
    host.active--;
    if (!down.destroyed && !down.writableEnded) down.end();
    log();
  });
}
