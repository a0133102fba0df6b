// The whole foundation on one in-memory store: a Deployment and a NodePort Service
// (admitted by the allocation plugin) become pods on two nodes, Endpoints, and NodePort
// listeners whose requests alternate between the pods. A stand-in kubelet runs one tiny
// HTTP server per pod on its pod IP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type net from 'node:net';
import { addressPlan } from '../net/addresses.ts';
import { DialTable } from '../net/dial-table.ts';
import { resourceForPlural } from '../resources/catalogue.ts';
import type { KubeObject } from '../resources/types.ts';
import { KubeProxy, kubeAdmission, kubeComponents } from './index.ts';
import { DEPLOYMENTS, ENDPOINTS, PODS, SERVICES } from './keys.ts';
import { nodeIndex } from './nodes.ts';
import type { Endpoints, Pod, Service } from './objects.ts';
import { newStore, setPodStatus, waitFor } from './test-helpers.ts';

const plan = addressPlan(201, true);

void test('Deployment + NodePort Service: requests alternate between both pods', async (t) => {
  const store = await newStore();
  const dial = new DialTable();
  const parts = kubeComponents({ store, plan, dial, nodes: 2, localhostNodePorts: false });
  for (const p of parts) await p.start();
  const servers: http.Server[] = [];
  t.after(async () => {
    for (const p of [...parts].reverse()) await p.stop();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    await store.close();
  });
  assert.equal(
    (store.get(SERVICES, 'default', 'kubernetes') as Readonly<Service>).spec!.clusterIP,
    '127.201.96.1',
  );

  // A stand-in kubelet: each scheduled pod serves its own name on <podIP>:80.
  const started = new Set<string>();
  const used = new Map<number, number>();
  const stopKubelet = store.watch({ key: PODS }, undefined, (e) => {
    const pod = e.object as Readonly<Pod>;
    const name = pod.metadata.name!;
    if (e.type === 'DELETED' || !pod.spec?.nodeName || started.has(name)) return;
    started.add(name);
    const node = nodeIndex(pod.spec.nodeName)!;
    const n = used.get(node) ?? 0;
    used.set(node, n + 1);
    const ip = plan.podIP(node, n);
    const server = http.createServer((_req, res) => {
      res.setHeader('connection', 'close');
      res.end(name);
    });
    servers.push(server);
    server.listen(0, ip, () => {
      dial.set(ip, 80, { host: ip, port: (server.address() as net.AddressInfo).port });
      setPodStatus(store, pod.metadata.namespace!, name, true, ip);
    });
  });
  t.after(stopKubelet);

  store.create(DEPLOYMENTS, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'test-deploy', namespace: 'test-ns' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'test-app' } },
      template: {
        metadata: { labels: { app: 'test-app' } },
        spec: { containers: [{ name: 'web', image: 'nginxdemos/hello', ports: [{ containerPort: 80 }] }] },
      },
    },
  });
  const svc: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'test-svc', namespace: 'test-ns' },
    spec: {
      type: 'NodePort',
      selector: { app: 'test-app' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
    },
  };
  const admit = kubeAdmission(plan).get('/services')![0]!;
  const causes = admit({
    operation: 'CREATE',
    rt: resourceForPlural('', 'services')!,
    object: svc,
    store,
    dryRun: false,
  });
  assert.deepEqual(causes, []);
  const created = store.create(SERVICES, svc) as Readonly<Service>;
  const nodePort = created.spec!.ports![0]!.nodePort!;

  await waitFor(
    'two ready endpoints',
    () =>
      (store.get(ENDPOINTS, 'test-ns', 'test-svc') as Readonly<Endpoints> | undefined)?.subsets?.[0]
        ?.addresses?.length === 2,
  );
  const nodes = new Set((store.list(PODS, 'test-ns') as Readonly<Pod>[]).map((p) => p.spec!.nodeName));
  assert.deepEqual(nodes, new Set(['gangway-node-1', 'gangway-node-2']));

  const get = (host: string, port: number): Promise<string> =>
    new Promise((resolve, reject) => {
      http
        .get({ host, port, agent: false }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve(body));
        })
        .on('error', reject);
    });
  const proxy = parts.find((p): p is KubeProxy => p instanceof KubeProxy)!;
  await waitFor('kube-proxy has both endpoints', () =>
    proxy.listeners().some((l) => l.kind === 'NodePort' && l.endpoints === 2),
  );
  const answers: string[] = [];
  for (let i = 0; i < 4; i++) {
    const to = dial.resolve(plan.nodeIP(i % 2), nodePort);
    answers.push(await get(to.host, to.port));
  }
  assert.equal(new Set(answers).size, 2, answers.join(','));
  assert.ok(answers.every((a) => a.startsWith('test-deploy-')));
  const rollout = await waitFor('rolled out', () => {
    const d = store.get(DEPLOYMENTS, 'test-ns', 'test-deploy');
    const s = d?.['status'] as { availableReplicas?: number } | undefined;
    return s?.availableReplicas === 2 ? d : undefined;
  });
  assert.equal(rollout.metadata.annotations!['deployment.kubernetes.io/revision'], '1');
});
