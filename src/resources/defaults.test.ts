// Server-side defaulting, kind by kind, compared with what the API server stores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resourceForKind } from './catalogue.ts';
import { applyDefaults } from './defaults.ts';
import { defaultPullPolicy } from './defaults-pod.ts';
import type { KubeObject } from './types.ts';

function defaulted(obj: KubeObject): KubeObject {
  return applyDefaults(obj, resourceForKind(obj.apiVersion, obj.kind)!);
}

void test('image pull policy follows the tag', () => {
  const cases: [string, string][] = [
    ['nginxdemos/hello', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.27', 'IfNotPresent'],
    ['registry.local:5000/app', 'Always'],
    ['registry.local:5000/app:v2', 'IfNotPresent'],
    ['app@sha256:abc', 'IfNotPresent'],
    ['app:1@sha256:abc', 'IfNotPresent'],
    ['', 'IfNotPresent'],
    ['Nginx', 'IfNotPresent'],
  ];
  for (const [image, policy] of cases) assert.equal(defaultPullPolicy(image), policy, image);
});

void test('Service defaults by type', () => {
  const svc = (spec: object): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 's' },
    spec,
  });
  assert.deepEqual(defaulted(svc({ selector: { app: 'a' }, ports: [{ name: 'http', port: 80 }] })).spec, {
    selector: { app: 'a' },
    ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80 }],
    sessionAffinity: 'None',
    type: 'ClusterIP',
    internalTrafficPolicy: 'Cluster',
    ipFamilyPolicy: 'SingleStack',
    ipFamilies: ['IPv4'],
  });
  const np = defaulted(
    svc({ type: 'NodePort', ports: [{ port: 80, targetPort: 'http', protocol: 'UDP' }] }),
  ).spec;
  assert.deepEqual(np, {
    type: 'NodePort',
    ports: [{ port: 80, targetPort: 'http', protocol: 'UDP' }],
    sessionAffinity: 'None',
    externalTrafficPolicy: 'Cluster',
    internalTrafficPolicy: 'Cluster',
    ipFamilyPolicy: 'SingleStack',
    ipFamilies: ['IPv4'],
  });
  const lb = defaulted(svc({ type: 'LoadBalancer', ports: [{ port: 443 }] })).spec as Record<string, unknown>;
  assert.equal(lb.allocateLoadBalancerNodePorts, true);
  assert.equal(lb.externalTrafficPolicy, 'Cluster');
  const ext = defaulted(svc({ type: 'ExternalName', externalName: 'example.com' })).spec;
  assert.deepEqual(ext, { type: 'ExternalName', externalName: 'example.com', sessionAffinity: 'None' });
  const headless = defaulted(svc({ clusterIP: 'None' })).spec as Record<string, unknown>;
  assert.deepEqual(headless.clusterIPs, ['None']);
  assert.equal(headless.ipFamilyPolicy, 'RequireDualStack');
  const affinity = defaulted(svc({ sessionAffinity: 'ClientIP', ports: [{ port: 1 }] })).spec as Record<
    string,
    unknown
  >;
  assert.deepEqual(affinity.sessionAffinityConfig, { clientIP: { timeoutSeconds: 10800 } });
});

void test('Deployment defaults, pod template included, explicit values kept', () => {
  const d = defaulted({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd' },
    spec: {
      replicas: 0,
      template: {
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.27',
              ports: [{ containerPort: 80 }],
              livenessProbe: { httpGet: { port: 80 }, periodSeconds: 5 },
              env: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
            },
          ],
          terminationGracePeriodSeconds: 0,
        },
      },
    },
  });
  assert.deepEqual(d.spec, {
    replicas: 0,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
    template: {
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            ports: [{ containerPort: 80, protocol: 'TCP' }],
            livenessProbe: {
              httpGet: { port: 80, path: '/', scheme: 'HTTP' },
              periodSeconds: 5,
              timeoutSeconds: 1,
              successThreshold: 1,
              failureThreshold: 3,
            },
            env: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name', apiVersion: 'v1' } } }],
            imagePullPolicy: 'IfNotPresent',
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
          },
        ],
        terminationGracePeriodSeconds: 0,
        dnsPolicy: 'ClusterFirst',
        restartPolicy: 'Always',
        schedulerName: 'default-scheduler',
        securityContext: {},
      },
    },
  });
  const recreate = defaulted({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {},
    spec: { strategy: { type: 'Recreate' } },
  });
  assert.deepEqual((recreate.spec as Record<string, unknown>).strategy, { type: 'Recreate' });
});

void test('Pod defaults add what admission adds; templates do not get them', () => {
  const pod = defaulted({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: {
      containers: [
        { name: 'c', image: 'busybox', resources: { limits: { cpu: '1' }, requests: { memory: '1Mi' } } },
      ],
      tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }],
      volumes: [{ name: 'v' }, { name: 's', secret: { secretName: 'x' } }],
    },
  });
  const spec = pod.spec as Record<string, unknown>;
  assert.equal(spec.enableServiceLinks, true);
  assert.equal(spec.priority, 0);
  assert.equal(spec.preemptionPolicy, 'PreemptLowerPriority');
  assert.deepEqual(spec.tolerations, [
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ]);
  assert.deepEqual(spec.volumes, [
    { name: 'v', emptyDir: {} },
    { name: 's', secret: { secretName: 'x', defaultMode: 420 } },
  ]);
  const c = (spec.containers as Record<string, unknown>[])[0]!;
  assert.deepEqual(c.resources, { limits: { cpu: '1' }, requests: { memory: '1Mi', cpu: '1' } });
  assert.equal(c.imagePullPolicy, 'Always');
});

void test('Namespace, Secret, EndpointSlice defaults; nulls dropped; input untouched', () => {
  const input: KubeObject = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'test-ns', annotations: null as never },
  };
  assert.deepEqual(defaulted(input), {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'test-ns', labels: { 'kubernetes.io/metadata.name': 'test-ns' } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  });
  assert.equal(input.metadata.annotations, null);
  assert.equal(defaulted({ apiVersion: 'v1', kind: 'Secret', metadata: {} }).type, 'Opaque');
  const slice = defaulted({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {},
    addressType: 'IPv4',
    ports: [{ port: 80 }],
  });
  assert.deepEqual(slice.ports, [{ port: 80, name: '', protocol: 'TCP' }]);
  const ing = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'i' },
    spec: { rules: [] },
  };
  assert.deepEqual(defaulted(ing), ing);
});
