// The controller over a real in-memory store: status.loadBalancer written once, Events recorded
// (component `ingress`) without repeats, the model published, a failing build leaving the
// status as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVENTS_KEY } from '../kube/events.ts';
import { NODES, SERVICES } from '../kube/keys.ts';
import { newStore, waitFor } from '../kube/test-helpers.ts';
import type { KubeObject } from '../resources/types.ts';
import { AlbController, INGRESSES } from './controller.ts';
import type { AlbModel } from './model.ts';

const gatewaySvc: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'istio-ingressgateway', namespace: 'istio-system' },
  spec: {
    type: 'NodePort',
    ports: [
      { name: 'status-port', port: 15021, targetPort: 15021, nodePort: 30218, protocol: 'TCP' },
      { name: 'http2', port: 80, targetPort: 8080, nodePort: 31246, protocol: 'TCP' },
    ],
  },
};

const ingress: KubeObject = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: {
    name: 'test-alb',
    namespace: 'istio-system',
    annotations: {
      'kubernetes.io/ingress.class': 'alb',
      'alb.ingress.kubernetes.io/scheme': 'internet-facing',
      'alb.ingress.kubernetes.io/healthcheck-port': 'status-port',
    },
  },
  spec: {
    rules: [
      {
        http: {
          paths: [
            {
              path: '/*',
              pathType: 'ImplementationSpecific',
              backend: { service: { name: 'istio-ingressgateway', port: { number: 80 } } },
            },
          ],
        },
      },
    ],
  },
};

const node: KubeObject = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'gangway-node-1' },
  status: {
    addresses: [{ type: 'InternalIP', address: '127.0.10.1' }],
    conditions: [{ type: 'Ready', status: 'True' }],
  },
};

interface StatusView {
  status?: {
    loadBalancer?: { ingress?: { hostname?: string; ports?: { port: number; protocol: string }[] }[] };
  };
}

void test('AlbController: status, events, model, targets', async (t) => {
  const store = await newStore();
  t.after(() => store.close());
  store.create(SERVICES, gatewaySvc);
  store.create(NODES, node);
  store.create(INGRESSES, ingress);
  const c = new AlbController({ store });
  const models: AlbModel[] = [];
  c.onModel((m) => models.push(m));
  let targetCalls = 0;
  c.onTargets(() => targetCalls++);
  await c.start();
  t.after(() => c.stop());

  const stored = await waitFor('ingress status', () => {
    const ing = store.get(INGRESSES, 'istio-system', 'test-alb') as (KubeObject & StatusView) | undefined;
    return ing?.status?.loadBalancer?.ingress?.[0] ? ing : undefined;
  });
  const entry = stored.status!.loadBalancer!.ingress![0]!;
  assert.match(
    entry.hostname ?? '',
    /^k8s-istiosys-testalb-[0-9a-f]{10}-\d{10}\.eu-west-3\.elb\.amazonaws\.com$/,
  );
  assert.deepEqual(entry.ports, [{ port: 80, protocol: 'TCP' }]);
  assert.equal(models.length, 1);
  const lb = c.model.loadBalancers[0]!;
  assert.equal(lb.dnsName, entry.hostname);
  const tg = lb.targetGroups[0]!;
  assert.equal(tg.healthCheck.port, 30218);
  assert.deepEqual(
    c.targets(tg).map((x) => `${x.address}:${x.port}/${x.healthCheckPort}`),
    ['127.0.10.1:31246/30218'],
  );
  assert.equal(c.status().ready, true);

  const events = (): Readonly<KubeObject>[] => store.list(EVENTS_KEY, 'istio-system');
  await waitFor('event', () => events().length === 1);
  const ev = events()[0]!;
  assert.equal(ev['reason'], 'SuccessfullyReconciled');
  assert.equal(ev['message'], 'Successfully reconciled');
  assert.deepEqual(ev['source'], { component: 'ingress' });

  // A node change re-resolves targets, not the model, and records nothing.
  store.create(NODES, { ...node, metadata: { name: 'gangway-node-2' } });
  await waitFor('targets notified', () => targetCalls > 0);
  const rv = store.get(INGRESSES, 'istio-system', 'test-alb')!.metadata.resourceVersion;

  // A broken listen-ports fails the build: a Warning, the status stays.
  const broken = structuredClone(store.get(INGRESSES, 'istio-system', 'test-alb')!) as KubeObject;
  broken.metadata.annotations = {
    ...broken.metadata.annotations,
    'alb.ingress.kubernetes.io/listen-ports': '[{"TCP":80}]',
  };
  store.update(INGRESSES, broken);
  await waitFor('failure event', () => events().find((e) => e['reason'] === 'FailedBuildModel'));
  const failed = events().find((e) => e['reason'] === 'FailedBuildModel')!;
  assert.equal(
    failed['message'],
    'Failed build model due to ingress: istio-system/test-alb: listen protocol must be within [HTTP, HTTPS]: TCP',
  );
  assert.equal(failed['type'], 'Warning');
  assert.equal(c.model.loadBalancers.length, 0);
  const after = store.get(INGRESSES, 'istio-system', 'test-alb') as KubeObject & StatusView;
  assert.equal(after.status?.loadBalancer?.ingress?.[0]?.hostname, entry.hostname);
  assert.notEqual(after.metadata.resourceVersion, rv);
  assert.equal(events().length, 2);
  assert.ok(c.diagnostics.some((d) => d.code === 'ALB-BUILD-FAILED'));
});
