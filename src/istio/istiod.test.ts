// istiod over a real store: pushes follow config changes (coalesced, only when the model
// changes), EDS reads EndpointSlices by Service port name and filters subsets by pod labels,
// and a gateway proxy fed by it serves SCENARIO steps 5-6 on loopback (block 221).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayProxyServer } from '../dataplane/gateway/server.ts';
import { get, PROXY, startUpstream, stopServer, waitFor } from '../dataplane/gateway/test-helpers.ts';
import { ENDPOINTSLICES, PODS, SERVICES } from '../kube/keys.ts';
import { addressPlan } from '../net/addresses.ts';
import { DialTable } from '../net/dial-table.ts';
import type { KubeObject } from '../resources/types.ts';
import { openStore } from '../store/store.ts';
import type { Store } from '../store/types.ts';
import { GATEWAYS, Istiod, VIRTUAL_SERVICES } from './istiod.ts';
import type { GatewayModel } from './model.ts';

function seed(store: Store, podIPs: string[], port: number): void {
  store.create(SERVICES, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'istio-ingressgateway', namespace: 'istio-system' },
    spec: {
      selector: { istio: 'ingressgateway' },
      ports: [
        { name: 'status-port', port: 15021, targetPort: 15021, protocol: 'TCP' },
        { name: 'http2', port: 80, targetPort: 8080, protocol: 'TCP' },
      ],
    },
  });
  store.create(SERVICES, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'test-svc', namespace: 'test-ns' },
    spec: {
      selector: { app: 'test-app' },
      ports: [{ name: 'http', port: 80, targetPort: 80, protocol: 'TCP' }],
    },
  });
  podIPs.forEach((ip, i) => {
    store.create(PODS, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `test-deploy-7d4b9c6f8-p${i}`,
        namespace: 'test-ns',
        labels: { app: 'test-app', version: i === 0 ? 'v1' : 'v2', 'pod-template-hash': '7d4b9c6f8' },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: 'test-deploy-7d4b9c6f8',
            uid: 'u',
            controller: true,
          },
        ],
      },
    });
  });
  store.create(ENDPOINTSLICES, {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: 'test-svc-abcde',
      namespace: 'test-ns',
      labels: { 'kubernetes.io/service-name': 'test-svc' },
    },
    addressType: 'IPv4',
    ports: [{ name: 'http', port, protocol: 'TCP' }],
    endpoints: [
      ...podIPs.map((ip, i) => ({
        addresses: [ip],
        conditions: { ready: true },
        targetRef: { kind: 'Pod', namespace: 'test-ns', name: `test-deploy-7d4b9c6f8-p${i}` },
      })),
      { addresses: ['127.221.130.99'], conditions: { ready: false } },
    ],
  });
}

const GATEWAY: KubeObject = {
  apiVersion: 'networking.istio.io/v1alpha3',
  kind: 'Gateway',
  metadata: { name: 'test-gateway', namespace: 'test-ns' },
  spec: {
    selector: { istio: 'ingressgateway' },
    servers: [
      { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['istio-test-alb.example.com'] },
    ],
  },
};

const VIRTUAL_SERVICE: KubeObject = {
  apiVersion: 'networking.istio.io/v1alpha3',
  kind: 'VirtualService',
  metadata: { name: 'test-virtualservice', namespace: 'test-ns' },
  spec: {
    hosts: ['istio-test-alb.example.com'],
    gateways: ['test-gateway'],
    http: [
      {
        match: [{ uri: { prefix: '/' } }],
        route: [{ destination: { host: 'test-svc', port: { number: 80 } } }],
      },
    ],
  },
};

void test('EDS: ready endpoints by Service port name, subset labels, workload names', async (t) => {
  const store = await openStore(undefined);
  t.after(() => store.close());
  seed(store, ['127.221.130.1', '127.221.130.2'], 9080);
  const istiod = new Istiod({ store });
  await istiod.start();
  t.after(() => istiod.stop());
  const all = istiod.endpointsFor('test-ns', 'test-svc', 80);
  assert.deepEqual(
    all.map((e) => [e.address, e.port, e.ready, e.pod?.workload]),
    [
      ['127.221.130.1', 9080, true, 'test-deploy'],
      ['127.221.130.2', 9080, true, 'test-deploy'],
      ['127.221.130.99', 9080, false, undefined],
    ],
  );
  assert.deepEqual(
    istiod.endpointsFor('test-ns', 'test-svc', 80, { version: 'v2' }).map((e) => e.address),
    ['127.221.130.2'],
  );
  assert.deepEqual(istiod.endpointsFor('test-ns', 'test-svc', 81), []);
  let changes = 0;
  istiod.watchEndpoints(() => changes++);
  store.delete(PODS, 'test-ns', 'test-deploy-7d4b9c6f8-p1');
  await waitFor('eds change', () => changes > 0);
  assert.deepEqual(istiod.endpointsFor('test-ns', 'test-svc', 80, { version: 'v2' }), []);
});

void test('pushes: first model at once, then only on change; the proxy serves steps 5 and 6', async (t) => {
  const store = await openStore(undefined);
  t.after(() => store.close());
  const upstreams = await Promise.all(
    ['127.221.131.1', '127.221.131.2'].map((ip) =>
      startUpstream(ip, (_req, res) => {
        res.setHeader('Content-Type', 'text/html');
        res.end(`served by ${ip}`);
      }),
    ),
  );
  t.after(() => Promise.all(upstreams.map((u) => stopServer(u.server))));
  // The slice names one port for both pods; the DialTable maps the second pod's to its real port.
  seed(
    store,
    upstreams.map((u) => u.address),
    upstreams[0]!.port,
  );
  const dial = new DialTable();
  dial.set(upstreams[1]!.address, upstreams[0]!.port, {
    host: upstreams[1]!.address,
    port: upstreams[1]!.port,
  });

  const istiod = new Istiod({ store });
  await istiod.start();
  t.after(() => istiod.stop());
  const models: GatewayModel[] = [];
  const unwatch = istiod.watchProxy(PROXY, (m) => models.push(m));
  t.after(unwatch);
  assert.equal(models.length, 1, 'first model delivered at once');
  assert.deepEqual(
    models[0]!.listeners.map((l) => l.port),
    [15021, 15090],
  );
  store.create(GATEWAYS, GATEWAY);
  await waitFor('gateway push', () => models.length === 2);
  assert.ok(models[1]!.listeners.some((l) => l.name === '0.0.0.0_8080'));
  store.create(
    { group: '', resource: 'configmaps' },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'unrelated', namespace: 'test-ns' },
    },
  );
  store.update(SERVICES, {
    ...store.get(SERVICES, 'test-ns', 'test-svc')!,
    metadata: { ...store.get(SERVICES, 'test-ns', 'test-svc')!.metadata, labels: { touched: 'yes' } },
  });
  // Store watches fire synchronously and istiod flushes on the next setImmediate.
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  assert.equal(models.length, 2, 'no push when the model is unchanged');

  const podIP = '127.221.128.100';
  const proxy = new GatewayProxyServer({
    podIP,
    plan: addressPlan(221, true),
    dial,
    istiod,
    proxy: PROXY,
    log: () => undefined,
  });
  await proxy.start();
  t.after(() => proxy.stop());
  await proxy.settled();
  const at = dial.resolve(podIP, 8080);
  const host = { host: 'istio-test-alb.example.com' };
  const notFound = await get(at.host, at.port, '/', host);
  assert.equal(notFound.status, 404);
  assert.equal(notFound.headers.server, 'istio-envoy');

  store.create(VIRTUAL_SERVICES, VIRTUAL_SERVICE);
  await waitFor('route', async () => (await get(at.host, at.port, '/', host)).status === 200);
  const seen = new Set<string>();
  for (let i = 0; i < 40 && seen.size < 2; i++) {
    const r = await get(at.host, at.port, '/', host);
    assert.equal(r.headers['content-type'], 'text/html');
    assert.equal(r.headers.server, 'istio-envoy');
    seen.add(r.body);
  }
  assert.equal(seen.size, 2, 'both pods serve');
  const ready = dial.resolve(podIP, 15021);
  assert.equal((await get(ready.host, ready.port, '/healthz/ready')).status, 200);
});
