// A data-plane thread (an Envoy worker of each gateway pod, and an ALB node): copies of the
// ALB's plain-HTTP listeners and of each gateway pod's HTTP routing, fed by the main thread
// (protocol.ts), so a request the ALB hands to a gateway in memory stays on this thread from
// the client's socket to the pod's. Access-log lines and stats go back to the main thread.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { ClusterEndpoint } from '../../istio/istiod-endpoints.ts';
import { edsKey } from '../../istio/istiod-endpoints.ts';
import type { GatewayModel, GatewayProxy } from '../../istio/model.ts';
import { ServicePicker, type ServiceTable } from '../../kube/service-picker.ts';
import { addressPlan } from '../../net/addresses.ts';
import { DialTable } from '../../net/dial-table.ts';
import { localEndpointsOf } from '../../net/local-endpoints.ts';
import { gatewayRandom } from '../gateway/seeded-random.ts';
import { GatewayProxyServer, type GatewayControlPlane } from '../gateway/server.ts';
import type { StatsSnapshot } from '../gateway/stats.ts';
import { AlbReplica } from './alb-replica.ts';
import type { FromReplica, GatewaySeat, ReplicaInit, ToReplica } from './protocol.ts';

/** istiod as the main thread last described it: each pod's model and the clusters' endpoints. */
class MirroredControlPlane implements GatewayControlPlane {
  #models = new Map<string, GatewayModel>();
  #modelWatchers = new Map<string, (m: GatewayModel) => void>();
  #eds = new Map<string, readonly ClusterEndpoint[]>();
  #edsWatchers = new Set<() => void>();

  watchProxy(proxy: GatewayProxy, onModel: (m: GatewayModel) => void): () => void {
    const key = `${proxy.namespace}/${proxy.name}`;
    this.#modelWatchers.set(key, onModel);
    const m = this.#models.get(key);
    if (m !== undefined) onModel(m);
    return () => {
      if (this.#modelWatchers.get(key) === onModel) this.#modelWatchers.delete(key);
    };
  }

  watchEndpoints(onChange: () => void): () => void {
    this.#edsWatchers.add(onChange);
    return () => this.#edsWatchers.delete(onChange);
  }

  endpointsFor(
    namespace: string,
    name: string,
    port: number,
    subsetLabels?: Readonly<Record<string, string>>,
  ): readonly ClusterEndpoint[] {
    return this.#eds.get(edsKey(namespace, name, port, subsetLabels)) ?? [];
  }

  setModel(key: string, m: GatewayModel): void {
    this.#models.set(key, m);
    this.#modelWatchers.get(key)?.(m);
  }

  forget(key: string): void {
    this.#models.delete(key);
  }

  setEndpoints(all: readonly [string, readonly ClusterEndpoint[]][]): void {
    this.#eds = new Map(all);
    for (const w of this.#edsWatchers) w();
  }
}

const init = workerData as ReplicaInit;
if (parentPort === null) throw new Error('a data-plane thread runs as a worker thread');
const port: MessagePort = parentPort;
const post = (m: FromReplica): void => port.postMessage(m);

const dial = new DialTable();
const plan = addressPlan(init.addressBlock, init.multiAddress);
const istiod = new MirroredControlPlane();
const alb = new AlbReplica(init.index, dial, new Int32Array(init.shared), (message) =>
  post({ type: 'problem', message }),
);
const gateways = new Map<string, GatewayProxyServer>();
const logs = new Map<string, string[]>();
let flushing = false;

// kube-proxy's choice for NodePorts, from its table (this thread's own round-robin).
let services = new Map<string, ServiceTable[number][1]>();
const picker = new ServicePicker();
localEndpointsOf(dial).setResolver((host, p, client) => {
  const s = services.get(`${host}:${p}`);
  const b = s === undefined ? undefined : picker.pick(s.listener, s.candidates, client);
  return b === undefined ? undefined : { host: b.ip, port: b.port };
});

function flushLogs(): void {
  flushing = false;
  for (const [key, lines] of logs) if (lines.length > 0) post({ type: 'log', key, lines: lines.splice(0) });
}

function logTo(key: string): (line: string) => void {
  return (line) => {
    let lines = logs.get(key);
    if (lines === undefined) logs.set(key, (lines = []));
    lines.push(line);
    if (!flushing) {
      flushing = true;
      setImmediate(flushLogs);
    }
  };
}

async function gatewayUp(seat: GatewaySeat): Promise<void> {
  await gatewayDown(seat.key);
  const random = gatewayRandom(process.env, seat.proxy.name);
  const server = new GatewayProxyServer({
    ...(random ? { random } : {}),
    podIP: seat.podIP,
    plan,
    dial,
    istiod,
    proxy: seat.proxy,
    log: logTo(seat.key),
    accessLog: seat.accessLog,
    headless: true,
  });
  gateways.set(seat.key, server);
  await server.start();
}

async function gatewayDown(key: string): Promise<void> {
  const server = gateways.get(key);
  if (server === undefined) return;
  gateways.delete(key);
  istiod.forget(key);
  await server.stop();
}

function stats(): [string, StatsSnapshot][] {
  flushLogs();
  return [...gateways].map(([key, g]) => [key, g.statsSnapshot()]);
}

// Messages are handled one at a time, in order (a listener is adopted before it closes...).
let chain: Promise<void> = Promise.resolve();

async function handle(m: ToReplica): Promise<void> {
  switch (m.type) {
    case 'dial':
      dial.replace(m.entries);
      return;
    case 'services':
      services = new Map(m.table);
      return;
    case 'eds':
      istiod.setEndpoints(m.endpoints);
      return;
    case 'gateway-up':
      await gatewayUp(m.seat);
      return;
    case 'gateway-model':
      istiod.setModel(m.key, m.model);
      return;
    case 'gateway-down':
      await gatewayDown(m.key);
      return;
    case 'alb-model':
      alb.setModel(m.model, m.addresses);
      return;
    case 'alb-targets':
      alb.targets.update(m.groups);
      return;
    case 'alb-listen':
      await alb.listen(m.key, m.fd, m.boundPort, m.balance);
      return;
    case 'alb-close':
      await alb.close(m.key, m.force);
      return;
    case 'stats': // answered on arrival (below)
      return;
    case 'stop':
      await alb.stop();
      await Promise.all([...gateways.keys()].map((k) => gatewayDown(k)));
      flushLogs();
      post({ type: 'stopped', id: m.id });
      port.close();
      return;
  }
}

port.on('message', (m: ToReplica) => {
  // Stats answer at once (they need not wait for a listener being adopted).
  if (m.type === 'stats') {
    post({ type: 'stats', id: m.id, stats: stats() });
    return;
  }
  chain = chain.then(
    () => handle(m),
    () => handle(m),
  );
  chain.catch((err: unknown) =>
    post({
      type: 'problem',
      message: `data-plane thread ${init.index}: ${err instanceof Error ? err.message : String(err)}`,
    }),
  );
});
