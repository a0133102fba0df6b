import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { addressPlan } from '../net/addresses.ts';
import { DialTable } from '../net/dial-table.ts';
import type { KubeObject } from '../resources/types.ts';
import { EVENTS_KEY } from './events.ts';
import { ENDPOINTS, SERVICES } from './keys.ts';
import { KubeProxy } from './kube-proxy.ts';
import type { Endpoints, Service } from './objects.ts';
import { proxyModel } from './proxy-model.ts';
import type { Store } from '../store/types.ts';
import { newStore, waitFor } from './test-helpers.ts';

const plan = addressPlan(201, true);
const NS = 'test-ns';

async function backend(t: TestContext, host: string, name: string): Promise<number> {
  const server = http.createServer((_req, res) => {
    res.setHeader('connection', 'close');
    res.end(name);
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  return (server.address() as net.AddressInfo).port;
}

function get(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host, port, path: '/', agent: false, headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
  });
}

function svc(name: string, spec: Record<string, unknown>, status?: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: NS },
    spec,
    ...(status ? { status } : {}),
  };
}

function endpoints(name: string, ips: string[], port = 8080): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name, namespace: NS },
    subsets: ips.length
      ? [
          {
            addresses: ips.map((ip, i) => ({ ip, nodeName: `gangway-node-${i + 1}` })),
            ports: [{ name: 'http', port }],
          },
        ]
      : [],
  };
}

/** A nodePort unlikely to be in use on 127.201.x (the test block). */
const someNodePort = (): number => 30000 + Math.floor(Math.random() * 2700);

async function proxy(t: TestContext, store: Store, dial: DialTable): Promise<KubeProxy> {
  const p = new KubeProxy({ store, plan, dial, nodes: 2, localhostNodePorts: false });
  await p.start();
  t.after(() => p.stop());
  return p;
}

void test('NodePort, ClusterIP and LoadBalancer traffic alternates between ready endpoints', async (t) => {
  const store = await newStore();
  const dial = new DialTable();
  const a = await backend(t, '127.201.128.2', 'pod-a');
  const b = await backend(t, '127.201.128.3', 'pod-b');
  dial.set('127.201.128.2', 8080, { host: '127.201.128.2', port: a });
  dial.set('127.201.128.3', 8080, { host: '127.201.128.3', port: b });
  const nodePort = someNodePort();
  store.create(
    SERVICES,
    svc(
      'test-svc',
      {
        type: 'LoadBalancer',
        clusterIP: '127.201.96.10',
        ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080, nodePort }],
      },
      {
        loadBalancer: { ingress: [{ ip: '127.201.1.1', ipMode: 'VIP' }] },
      },
    ),
  );
  store.create(ENDPOINTS, endpoints('test-svc', ['127.201.128.2', '127.201.128.3']));
  const p = await proxy(t, store, dial);

  const via = async (host: string, port: number, n: number): Promise<string[]> => {
    const to = dial.resolve(host, port);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(await get(to.host, to.port));
    return out;
  };
  const first = await via('127.201.0.1', nodePort, 4);
  assert.ok(
    first[0] !== first[1] && first[0] === first[2] && first[1] === first[3],
    `alternates: ${first.join(',')}`,
  );
  assert.deepEqual(new Set(first), new Set(['pod-a', 'pod-b']));
  assert.deepEqual(new Set(await via('127.201.0.2', nodePort, 2)), new Set(['pod-a', 'pod-b']));
  assert.deepEqual(new Set(await via('127.201.96.10', 80, 2)), new Set(['pod-a', 'pod-b']));
  assert.deepEqual(new Set(await via('127.201.1.1', 80, 2)), new Set(['pod-a', 'pod-b']));
  assert.match(p.status().detail, /^4 listeners for 1 services \(ClusterIP 1, NodePort 2, LoadBalancer 1\)/);

  // One endpoint left: everything goes there.
  const ep = structuredClone(store.get(ENDPOINTS, NS, 'test-svc')) as Endpoints;
  ep.subsets![0]!.addresses = [{ ip: '127.201.128.3' }];
  store.update(ENDPOINTS, ep);
  await waitFor('one endpoint', () => p.listeners().every((l) => l.endpoints === 1));
  assert.deepEqual(await via('127.201.0.1', nodePort, 3), ['pod-b', 'pod-b', 'pod-b']);

  // No ready endpoint: the connection is reset.
  ep.subsets = [];
  store.update(ENDPOINTS, ep);
  await waitFor('no endpoints', () => p.listeners().every((l) => l.endpoints === 0));
  await assert.rejects(get('127.201.0.1', nodePort), (e: NodeJS.ErrnoException) => e.code === 'ECONNRESET');

  // The Service goes: its listeners close.
  store.delete(SERVICES, NS, 'test-svc');
  await waitFor('closed', () => p.listeners().length === 0);
  await assert.rejects(get('127.201.0.1', nodePort), (e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED');
});

void test('a port in use becomes a Warning event and a DialTable mapping', async (t) => {
  const store = await newStore();
  const dial = new DialTable();
  const a = await backend(t, '127.201.128.2', 'pod-a');
  dial.set('127.201.128.2', 8080, { host: '127.201.128.2', port: a });
  const nodePort = someNodePort();
  const squatter = net.createServer((s) => s.destroy());
  await new Promise<void>((r) => squatter.listen(nodePort, '127.201.0.1', r));
  t.after(() => new Promise<void>((r) => squatter.close(() => r())));
  store.create(
    SERVICES,
    svc('busy', {
      type: 'NodePort',
      clusterIP: '127.201.96.11',
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080, nodePort }],
    }),
  );
  store.create(ENDPOINTS, endpoints('busy', ['127.201.128.2']));
  const p = await proxy(t, store, dial);
  const events = store.list(EVENTS_KEY, NS).filter((e) => e['reason'] === 'PortUnavailable');
  assert.equal(events.length, 1);
  assert.equal(events[0]!['type'], 'Warning');
  assert.match(
    String(events[0]!['message']),
    new RegExp(`listen tcp 127\\.201\\.0\\.1:${nodePort}: bind: address already in use`),
  );
  assert.match(p.status().detail, /1 unavailable/);
  const to = dial.resolve('127.201.0.1', nodePort);
  assert.notEqual(to.port, nodePort);
  assert.equal(await get(to.host, to.port), 'pod-a');
  assert.equal(await get('127.201.0.2', nodePort), 'pod-a');
});

void test('half-closed connections are piped both ways', async (t) => {
  const store = await newStore();
  const dial = new DialTable();
  const echo = net.createServer({ allowHalfOpen: true }, (s) => {
    const chunks: Buffer[] = [];
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('end', () => s.end(Buffer.concat(chunks).toString().toUpperCase()));
  });
  await new Promise<void>((r) => echo.listen(0, '127.201.128.4', r));
  t.after(() => new Promise<void>((r) => echo.close(() => r())));
  dial.set('127.201.128.4', 7, { host: '127.201.128.4', port: (echo.address() as net.AddressInfo).port });
  store.create(
    SERVICES,
    svc('echo', { clusterIP: '127.201.96.12', ports: [{ port: 7000, protocol: 'TCP', targetPort: 7 }] }),
  );
  store.create(ENDPOINTS, {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'echo', namespace: NS },
    subsets: [{ addresses: [{ ip: '127.201.128.4' }], ports: [{ port: 7 }] }],
  });
  await proxy(t, store, dial);
  const reply = await new Promise<string>((resolve, reject) => {
    const s = net.connect({ host: '127.201.96.12', port: 7000, allowHalfOpen: true }, () => s.end('hello'));
    let out = '';
    s.on('data', (c: Buffer) => (out += c.toString()));
    s.on('end', () => resolve(out));
    s.on('error', reject);
  });
  assert.equal(reply, 'HELLO');
});

void test('proxy model: local traffic policy, conflicts, UDP and affinity', () => {
  const services = [
    svc('a', {
      type: 'NodePort',
      externalTrafficPolicy: 'Local',
      sessionAffinity: 'ClientIP',
      clusterIP: '127.201.96.2',
      ports: [
        { name: 'web', port: 80, protocol: 'TCP', nodePort: 30001 },
        { name: 'dns', port: 53, protocol: 'UDP', nodePort: 30002 },
      ],
    }),
    svc('b', {
      externalIPs: ['127.201.96.2', '10.1.1.1'],
      clusterIP: '127.201.96.3',
      ports: [{ port: 80, protocol: 'TCP' }],
    }),
  ] as Service[];
  const eps = [endpoints('a', ['127.201.128.2', '127.201.129.2'])] as Endpoints[];
  eps[0]!.subsets![0]!.ports = [{ name: 'web', port: 8080 }];
  const m = proxyModel(services, eps, { plan, nodes: 2, localhostNodePorts: true });
  const addrs = m.listeners.map((l) => `${l.kind} ${l.host}:${l.port}${l.node ? ` @${l.node}` : ''}`);
  assert.deepEqual(addrs, [
    'NodePort 127.201.0.1:30001 @gangway-node-1',
    'NodePort 127.201.0.2:30001 @gangway-node-2',
    'NodePort 127.0.0.1:30001 @gangway-node-1',
    'ClusterIP 127.201.96.2:80',
    'ClusterIP 127.201.96.3:80',
  ]);
  assert.equal(m.listeners[0]!.affinitySeconds, 10800);
  assert.deepEqual(
    m.conflicts.map((c) => [c.listener.kind, c.holder]),
    [['ExternalIP', 'test-ns/a:web']],
  );
  assert.deepEqual(
    m.backends.get('test-ns/a:web')!.map((b) => b.nodeName),
    ['gangway-node-1', 'gangway-node-2'],
  );
});
