// A gateway under steady keep-alive load while istiod-like models are swapped over and over
// (loopback block 246): route-only changes, cluster changes (a new pool for the same service)
// and a cluster whose pool queues requests. Not one request may fail, and every request is
// served by the table it started on or the next one.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { addressPlan } from '../../net/addresses.ts';
import { DialTable } from '../../net/dial-table.ts';
import type { GatewayCluster, GatewayModel, GatewayRoute } from '../../istio/model.ts';
import { GatewayProxyServer } from './server.ts';
import {
  FakeIstiod,
  PROXY,
  edsCluster,
  gatewayModel,
  routeTo,
  startUpstream,
  stopServer,
  waitFor,
} from './test-helpers.ts';

const BLOCK = 246;
const HOST = 'istio-test-alb.example.com';
let nextPod = 2;

function route(cluster: GatewayCluster, path: string, exact = false): GatewayRoute {
  return {
    name: '',
    match: { path: exact ? { exact: path } : { prefix: path } },
    action: routeTo([{ cluster: cluster.name, weight: 100 }]),
    virtualService: { name: 'test-virtualservice', namespace: 'test-ns' },
    decoratorOperation: `${cluster.name}/*`,
  };
}

/** Model number `i`: `extra` exact routes before the catch-all, the cluster as `variant` gives. */
function model(i: number, cluster: (i: number) => GatewayCluster): GatewayModel {
  const c = cluster(i);
  const routes: GatewayRoute[] = [];
  for (let r = 0; r < (i % 7) * 20; r++) routes.push(route(c, `/other/${i}/${r}`, true));
  routes.push(route(c, '/'));
  return gatewayModel(routes, [c]);
}

interface Load {
  ok: number;
  failed: string[];
  stop: () => Promise<void>;
}

/** `conns` keep-alive loops of GET / against host:port until stopped. */
function load(host: string, port: number, conns: number): Load {
  const agent = new Agent({ keepAlive: true, maxSockets: conns });
  const state: Load = { ok: 0, failed: [], stop: () => Promise.resolve() };
  let running = true;
  const one = () =>
    new Promise<void>((resolve) => {
      const req = request({ host, port, path: '/', agent, headers: { host: HOST } }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) state.ok++;
          else
            state.failed.push(
              `status ${String(res.statusCode)} ${String(res.headers['x-envoy-response-flags'] ?? '')}`,
            );
          resolve();
        });
      });
      req.on('error', (err) => {
        state.failed.push(err.message);
        resolve();
      });
      req.end();
    });
  const loops = Array.from({ length: conns }, async () => {
    while (running) await one();
  });
  state.stop = async () => {
    running = false;
    await Promise.all(loops);
    agent.destroy();
  };
  return state;
}

async function swapUnderLoad(t: TestContext, cluster: (i: number) => GatewayCluster): Promise<void> {
  const podIP = `127.${BLOCK}.128.${nextPod++}`;
  const up = await startUpstream(`127.${BLOCK}.129.${nextPod}`, (_req, res) => {
    // A little latency so requests are in flight (and queued) while the tables swap.
    setTimeout(() => res.end('ok'), 2);
  });
  t.after(() => stopServer(up.server));
  const istiod = new FakeIstiod();
  istiod.endpoints.set(`test-ns/test-svc:80`, [{ address: up.address, port: up.port, ready: true }]);
  istiod.push(model(0, cluster));
  const dial = new DialTable();
  const gw = new GatewayProxyServer({
    podIP,
    plan: addressPlan(BLOCK, true),
    dial,
    istiod,
    proxy: PROXY,
    log: () => undefined,
    accessLog: false,
  });
  await gw.start();
  t.after(() => gw.stop());
  await waitFor('the gateway ready', () => gw.ready());
  const at = dial.resolve(podIP, 8080);
  const l = load(at.host, at.port, 8);
  try {
    await waitFor('load flowing', () => l.ok > 20);
    for (let i = 1; i <= 60; i++) {
      istiod.push(model(i, cluster));
      await gw.settled();
      const seen = l.ok;
      await waitFor(`requests after swap ${i}`, () => l.ok > seen + 3);
    }
  } finally {
    await l.stop();
  }
  assert.deepEqual(l.failed, [], `${l.failed.length} of ${l.ok + l.failed.length} requests failed`);
  assert.ok(l.ok > 100);
}

void test('route-only swaps under load: no request fails', async (t) => {
  await swapUnderLoad(t, () => edsCluster('test-svc', 80));
});

void test('swaps that replace the cluster (new pool) under load: no request fails', async (t) => {
  await swapUnderLoad(t, (i) => ({ ...edsCluster('test-svc', 80), connectTimeoutMs: 1000 + (i % 2) }));
});

void test('swaps that replace a cluster whose pool queues requests: no request fails', async (t) => {
  await swapUnderLoad(t, (i) => ({
    ...edsCluster('test-svc', 80),
    connectTimeoutMs: 1000 + (i % 2),
    circuitBreakers: { maxConnections: 2 },
  }));
});
