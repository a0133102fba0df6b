// Container environments and QoS classes as the kubelet and API server compute them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../store/store.ts';
import { ConfigError, containerEnv, expandEnv } from './env.ts';
import { parseQuantityNumber as parseQuantity } from '../resources/quantity.ts';
import { qosClass } from '../resources/qos.ts';

void test('$(VAR) expansion', () => {
  const vars = new Map([['A', 'x']]);
  const cases: [string, string][] = [
    ['$(A)/y', 'x/y'],
    ['$(B)', '$(B)'],
    ['$$(A)', '$(A)'],
    ['a$b', 'a$b'],
    ['$(A', '$(A'],
    ['$', '$'],
  ];
  for (const [input, want] of cases) assert.equal(expandEnv(input, vars), want, input);
});

void test('env, envFrom and valueFrom', async (t) => {
  const store = await openStore(undefined);
  t.after(() => store.close());
  store.create(
    { group: '', resource: 'configmaps' },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cm', namespace: 'ns' },
      data: { K: 'v', MODE: 'cm' },
    },
  );
  store.create(
    { group: '', resource: 'secrets' },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'sec', namespace: 'ns' },
      data: { TOKEN: Buffer.from('s3cret').toString('base64') },
    },
  );
  store.create(
    { group: '', resource: 'services' },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'test-svc', namespace: 'ns' },
      spec: { clusterIP: '127.211.96.5', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] },
    },
  );
  const pod = store.create(
    { group: '', resource: 'pods' },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'ns', labels: { app: 'a' } },
      spec: {},
    },
  );
  const inputs = { store, pod, podIP: '127.211.128.2', hostIP: '127.211.0.1', nodeName: 'gangway-node-1' };
  const env = containerEnv(
    {
      name: 'c',
      envFrom: [{ configMapRef: { name: 'cm' }, prefix: 'CM_' }],
      env: [
        { name: 'MODE', value: 'env' },
        { name: 'URL', value: 'http://$(POD_IP):80/$(MODE)' },
        { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
        { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'sec', key: 'TOKEN' } } },
        { name: 'K', valueFrom: { configMapKeyRef: { name: 'cm', key: 'K' } } },
        { name: 'OPT', valueFrom: { configMapKeyRef: { name: 'missing', key: 'x', optional: true } } },
        { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
      ],
      resources: { limits: { memory: '64Mi' } },
    },
    inputs,
  );
  assert.equal(env.get('CM_K'), 'v');
  assert.equal(env.get('MODE'), 'env');
  assert.equal(env.get('URL'), 'http://$(POD_IP):80/env', 'only earlier variables expand');
  assert.equal(env.get('POD_IP'), '127.211.128.2');
  assert.equal(env.get('APP'), 'a');
  assert.equal(env.get('NODE'), 'gangway-node-1');
  assert.equal(env.get('TOKEN'), 's3cret');
  assert.equal(env.get('K'), 'v');
  assert.equal(env.has('OPT'), false);
  assert.equal(env.get('MEM'), '64');
  assert.equal(env.get('TEST_SVC_SERVICE_HOST'), '127.211.96.5');
  assert.equal(env.get('TEST_SVC_SERVICE_PORT_HTTP'), '80');
  assert.equal(env.get('TEST_SVC_PORT_80_TCP_ADDR'), '127.211.96.5');

  assert.throws(
    () =>
      containerEnv(
        { name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k' } } }] },
        inputs,
      ),
    (e: unknown) => e instanceof ConfigError && e.message === 'configmap "nope" not found',
  );
  assert.throws(
    () =>
      containerEnv(
        { name: 'c', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'sec', key: 'k' } } }] },
        inputs,
      ),
    (e: unknown) => e instanceof ConfigError && e.message === "couldn't find key k in Secret ns/sec",
  );
});

void test('quantities and QoS classes', () => {
  assert.equal(parseQuantity('100m'), 0.1);
  assert.equal(parseQuantity('64Mi'), 64 * 2 ** 20);
  assert.equal(parseQuantity('1e3'), 1000);
  assert.equal(parseQuantity('x'), undefined);
  const cases: [
    string,
    { resources?: { requests?: Record<string, string>; limits?: Record<string, string> } }[],
    string,
  ][] = [
    ['nothing', [{}], 'BestEffort'],
    ['requests only', [{ resources: { requests: { cpu: '100m' } } }], 'Burstable'],
    [
      'limits only (requests default to them)',
      [{ resources: { limits: { cpu: '1', memory: '1Gi' } } }],
      'Guaranteed',
    ],
    [
      'equal',
      [{ resources: { requests: { cpu: '1000m', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } } }],
      'Guaranteed',
    ],
    [
      'lower request',
      [{ resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } } }],
      'Burstable',
    ],
    ['one container without', [{ resources: { limits: { cpu: '1', memory: '1Gi' } } }, {}], 'Burstable'],
  ];
  for (const [what, containers, want] of cases) assert.equal(qosClass(containers), want, what);
});
