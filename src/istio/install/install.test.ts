// The objects `istioctl install` creates for ingress, and applying them through the real
// registry: server-side apply as istio-operator, other managers' changes kept, pruning, and
// the IstioOperator controller.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kubeAdmission } from '../../kube/index.ts';
import { addressPlan } from '../../net/addresses.ts';
import { setup, eventually, rt } from '../../registry/test-helpers.ts';
import type { KubeObject } from '../../resources/types.ts';
import { installIstio, istioOperatorController } from './controller.ts';
import { istioInstallObjects } from './objects.ts';
import { parseSetFlags } from './set-flags.ts';

interface Port {
  name: string;
  port: number;
  targetPort: number;
  protocol: string;
  nodePort?: number;
}

interface DeploymentSpec {
  replicas?: number;
  selector: unknown;
  template: {
    metadata: { labels: Record<string, string> };
    spec: {
      containers: {
        name: string;
        image: string;
        args: string[];
        ports: { containerPort: number; name?: string }[];
        readinessProbe: unknown;
        resources: unknown;
      }[];
    };
  };
}

const SVC = rt('', 'services');
const DEPLOY = rt('apps', 'deployments');
const IOP = rt('install.istio.io', 'istiooperators');

function byKind(objs: KubeObject[], kind: string): KubeObject {
  const o = objs.find((x) => x.kind === kind);
  assert.ok(o, kind);
  return o;
}

void test('istioInstallObjects: the default profile for ingress', () => {
  const objs = istioInstallObjects({});
  assert.deepEqual(
    objs.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`),
    [
      'Namespace /istio-system',
      'ConfigMap istio-system/istio',
      'Deployment istio-system/istio-ingressgateway',
      'Service istio-system/istio-ingressgateway',
    ],
  );
  const svc = byKind(objs, 'Service');
  const spec = svc['spec'] as { type: string; selector: unknown; ports: Port[] };
  assert.equal(spec.type, 'LoadBalancer');
  assert.deepEqual(spec.selector, { app: 'istio-ingressgateway', istio: 'ingressgateway' });
  assert.deepEqual(
    spec.ports.map((p) => `${p.name} ${p.port}->${p.targetPort}/${p.protocol}`),
    [
      'status-port 15021->15021/TCP',
      'http2 80->8080/TCP',
      'https 443->8443/TCP',
      'tcp-istiod 15012->15012/TCP',
      'tls 15443->15443/TCP',
    ],
  );
  assert.equal(svc.metadata.annotations, undefined);
  const labels = svc.metadata.labels ?? {};
  for (const [k, v] of Object.entries({
    app: 'istio-ingressgateway',
    istio: 'ingressgateway',
    'install.operator.istio.io/owning-resource': 'unknown',
    'operator.istio.io/component': 'IngressGateways',
    'istio.io/rev': 'default',
    'app.kubernetes.io/name': 'istio-ingressgateway',
    'app.kubernetes.io/part-of': 'istio',
    release: 'istio',
  }))
    assert.equal(labels[k], v, k);

  const dep = byKind(objs, 'Deployment');
  const dspec = dep['spec'] as DeploymentSpec;
  assert.equal(dspec.replicas, undefined, 'left to the HPA, so 1 by default');
  assert.deepEqual(dspec.selector, {
    matchLabels: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
  });
  const podLabels = dspec.template.metadata.labels;
  assert.equal(podLabels['service.istio.io/canonical-name'], 'istio-ingressgateway');
  assert.equal(podLabels['istio'], 'ingressgateway');
  const c = dspec.template.spec.containers[0];
  assert.ok(c);
  assert.equal(c.name, 'istio-proxy');
  assert.equal(c.image, 'docker.io/istio/proxyv2:1.28.0');
  assert.deepEqual(c.args.slice(0, 4), ['proxy', 'router', '--domain', '$(POD_NAMESPACE).svc.cluster.local']);
  assert.deepEqual(
    c.ports.map((p) => `${p.containerPort}${p.name ? ` ${p.name}` : ''}`),
    ['15021', '8080', '8443', '15012', '15443', '15090 http-envoy-prom'],
  );
  assert.deepEqual(c.readinessProbe, {
    failureThreshold: 30,
    httpGet: { path: '/healthz/ready', port: 15021, scheme: 'HTTP' },
    initialDelaySeconds: 1,
    periodSeconds: 2,
    successThreshold: 1,
    timeoutSeconds: 1,
  });
  assert.deepEqual(c.resources, {
    requests: { cpu: '100m', memory: '128Mi' },
    limits: { cpu: '2000m', memory: '1024Mi' },
  });
});

void test('istioInstallObjects: values shape type, annotations, replicas, image; disabled -> namespace only', () => {
  const objs = istioInstallObjects({
    hub: 'example.io/istio',
    tag: '1.28.1',
    ownerName: 'my-iop',
    ingressGateway: { type: 'NodePort', replicaCount: 2, serviceAnnotations: { 'a.io/b': 'c' } },
  });
  const svc = byKind(objs, 'Service');
  assert.equal((svc['spec'] as { type: string }).type, 'NodePort');
  assert.deepEqual(svc.metadata.annotations, { 'a.io/b': 'c' });
  assert.equal(svc.metadata.labels?.['install.operator.istio.io/owning-resource'], 'my-iop');
  const dspec = byKind(objs, 'Deployment')['spec'] as {
    replicas: number;
    template: { spec: { containers: { image: string }[] } };
  };
  assert.equal(dspec.replicas, 2);
  assert.equal(dspec.template.spec.containers[0]?.image, 'example.io/istio/proxyv2:1.28.1');
  assert.deepEqual(
    istioInstallObjects({ ingressGateway: { enabled: false } }).map((o) => o.kind),
    ['Namespace', 'ConfigMap'],
  );
});

async function cluster() {
  return setup(['default'], kubeAdmission(addressPlan(1, true)));
}

void test('installIstio: applies through the registry; other managers keep their fields; re-apply is a no-op', async (t) => {
  const { store, reg } = await cluster();
  t.after(() => store.close());
  const first = installIstio(reg, { ingressGateway: { type: 'NodePort' } });
  assert.deepEqual(
    first.applied.map((r) => r.created),
    [true, true, true, true],
  );
  const svc = reg.get(SVC, 'v1', 'istio-system', 'istio-ingressgateway');
  const ports = (svc['spec'] as { ports: Port[] }).ports;
  assert.ok(
    ports.every((p) => typeof p.nodePort === 'number'),
    'NodePorts allocated',
  );

  // Step 2 of the scenario: someone annotates the Service by hand.
  reg.patch(
    SVC,
    'v1',
    'istio-system',
    'istio-ingressgateway',
    'merge',
    { metadata: { annotations: { 'alb.ingress.kubernetes.io/healthcheck-path': '/healthz/ready' } } },
    { fieldManager: 'kubectl-annotate' },
  );
  const rv = reg.get(SVC, 'v1', 'istio-system', 'istio-ingressgateway').metadata.resourceVersion;
  const again = installIstio(reg, { ingressGateway: { type: 'NodePort' } });
  assert.deepEqual(
    again.applied.map((r) => r.created),
    [false, false, false, false],
  );
  const after = reg.get(SVC, 'v1', 'istio-system', 'istio-ingressgateway');
  assert.equal(after.metadata.resourceVersion, rv, 'nothing changed');
  assert.equal(after.metadata.annotations?.['alb.ingress.kubernetes.io/healthcheck-path'], '/healthz/ready');
  assert.deepEqual(
    (after['spec'] as { ports: Port[] }).ports.map((p) => p.nodePort),
    ports.map((p) => p.nodePort),
    'NodePorts kept',
  );

  const off = installIstio(reg, { ingressGateway: { enabled: false } });
  assert.deepEqual(off.pruned, [
    'Service istio-system/istio-ingressgateway',
    'Deployment istio-system/istio-ingressgateway',
  ]);
  assert.equal(
    store.get({ group: '', resource: 'services' }, 'istio-system', 'istio-ingressgateway'),
    undefined,
  );
});

void test('istioOperatorController: an IstioOperator re-shapes the install; deleting it restores the base', async (t) => {
  const { store, reg } = await cluster();
  const ctl = istioOperatorController({ store, registry: reg, base: {} });
  t.after(async () => {
    await ctl.stop();
    await store.close();
  });
  await ctl.start();
  const svcType = (): string | undefined =>
    (
      store.get({ group: '', resource: 'services' }, 'istio-system', 'istio-ingressgateway')?.['spec'] as
        { type?: string } | undefined
    )?.type;
  await eventually('base install', () => svcType() === 'LoadBalancer');
  reg.create(IOP, 'v1alpha1', 'istio-system', {
    apiVersion: 'install.istio.io/v1alpha1',
    kind: 'IstioOperator',
    metadata: { name: 'ingress', namespace: 'istio-system' },
    spec: {
      values: {
        gateways: {
          'istio-ingressgateway': {
            type: 'NodePort',
            serviceAnnotations: { 'alb.ingress.kubernetes.io/healthcheck-port': 'status-port' },
          },
        },
      },
      components: { ingressGateways: [{ name: 'istio-ingressgateway', k8s: { replicaCount: 2 } }] },
    },
  });
  await eventually('NodePort from the IstioOperator', () => svcType() === 'NodePort');
  const svc = reg.get(SVC, 'v1', 'istio-system', 'istio-ingressgateway');
  assert.equal(svc.metadata.annotations?.['alb.ingress.kubernetes.io/healthcheck-port'], 'status-port');
  const dep = reg.get(DEPLOY, 'v1', 'istio-system', 'istio-ingressgateway');
  assert.equal((dep['spec'] as { replicas: number }).replicas, 2);
  assert.match(ctl.status().detail, /1 IstioOperator\b/);

  reg.delete(IOP, 'v1alpha1', 'istio-system', 'ingress');
  await eventually('back to the base', () => svcType() === 'LoadBalancer');
  const back = reg.get(SVC, 'v1', 'istio-system', 'istio-ingressgateway');
  assert.equal(back.metadata.annotations?.['alb.ingress.kubernetes.io/healthcheck-port'], undefined);
});

void test('istioOperatorController: onlyWithOperators waits for an IstioOperator', async (t) => {
  const { store, reg } = await cluster();
  const ctl = istioOperatorController({ store, registry: reg, base: {}, onlyWithOperators: true });
  t.after(async () => {
    await ctl.stop();
    await store.close();
  });
  await ctl.start();
  assert.equal(store.get({ group: '', resource: 'namespaces' }, '', 'istio-system'), undefined);
  reg.create(IOP, 'v1alpha1', 'default', {
    apiVersion: 'install.istio.io/v1alpha1',
    kind: 'IstioOperator',
    metadata: { name: 'x' },
    spec: { profile: 'default' },
  });
  await eventually(
    'installed',
    () =>
      store.get({ group: 'apps', resource: 'deployments' }, 'istio-system', 'istio-ingressgateway') !==
      undefined,
  );
});

void test('meshConfig.accessLogFile: the mesh ConfigMap says it; the demo profile logs, the default not', () => {
  const mesh = (values: Parameters<typeof istioInstallObjects>[0]): string => {
    const cm = istioInstallObjects(values).find((o) => o.kind === 'ConfigMap');
    return (cm?.['data'] as { mesh: string }).mesh;
  };
  assert.doesNotMatch(mesh({}), /accessLogFile/);
  assert.match(mesh({ profile: 'demo' }), /^accessLogFile: \/dev\/stdout$/m);
  assert.match(mesh({ meshConfig: { accessLogFile: '/dev/stdout' } }), /^accessLogFile: \/dev\/stdout$/m);
  assert.doesNotMatch(mesh({ profile: 'demo', meshConfig: { accessLogFile: '' } }), /accessLogFile/);
  const set = parseSetFlags(['meshConfig.accessLogFile=/dev/stdout']);
  assert.deepEqual(set, { values: { meshConfig: { accessLogFile: '/dev/stdout' } }, errors: [] });
});
