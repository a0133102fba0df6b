// Version conversion: v1beta1 Ingress <-> networking.k8s.io/v1 as the API server did it,
// round trips, and apiVersion-only conversion for everything else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resourceForKind } from './catalogue.ts';
import { fromStorageVersion, toStorageVersion } from './convert.ts';
import { v1PathToV1beta1 } from './ingress-convert.ts';
import type { KubeObject } from './types.ts';

const extIngress = resourceForKind('extensions/v1beta1', 'Ingress')!;
const netIngress = resourceForKind('networking.k8s.io/v1', 'Ingress')!;
const gateway = resourceForKind('networking.istio.io/v1alpha3', 'Gateway')!;

const V1BETA1: KubeObject = {
  apiVersion: 'extensions/v1beta1',
  kind: 'Ingress',
  metadata: {
    name: 'test-alb',
    namespace: 'istio-system',
    annotations: { 'kubernetes.io/ingress.class': 'alb' },
  },
  spec: {
    backend: { serviceName: 'default', servicePort: 8080 },
    rules: [
      {
        http: {
          paths: [
            { path: '/*', backend: { serviceName: 'ssl-redirect', servicePort: 'use-annotation' } },
            {
              path: '/*',
              pathType: 'Prefix',
              backend: { serviceName: 'istio-ingressgateway', servicePort: 80 },
            },
          ],
        },
      },
    ],
    tls: [{ hosts: ['a.example.com'], secretName: 's' }],
  },
};

const V1 = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: V1BETA1.metadata,
  spec: {
    defaultBackend: { service: { name: 'default', port: { number: 8080 } } },
    rules: [
      {
        http: {
          paths: [
            {
              path: '/*',
              pathType: 'ImplementationSpecific',
              backend: { service: { name: 'ssl-redirect', port: { name: 'use-annotation' } } },
            },
            {
              path: '/*',
              pathType: 'Prefix',
              backend: { service: { name: 'istio-ingressgateway', port: { number: 80 } } },
            },
          ],
        },
      },
    ],
    tls: [{ hosts: ['a.example.com'], secretName: 's' }],
  },
};

void test('v1beta1 Ingress -> v1: backends, defaultBackend, pathType; annotations kept', () => {
  assert.deepEqual(toStorageVersion(V1BETA1, extIngress), V1);
  assert.equal(V1BETA1.apiVersion, 'extensions/v1beta1', 'input not mutated');
});

void test('v1 Ingress -> v1beta1 (either group) and back round-trips', () => {
  const ext = fromStorageVersion(V1, extIngress, 'v1beta1');
  assert.equal(ext.apiVersion, 'extensions/v1beta1');
  const spec = ext.spec as {
    backend: unknown;
    rules: { http: { paths: { backend: unknown; pathType: string }[] } }[];
  };
  assert.deepEqual(spec.backend, { serviceName: 'default', servicePort: 8080 });
  assert.deepEqual(spec.rules[0]!.http.paths[0]!.backend, {
    serviceName: 'ssl-redirect',
    servicePort: 'use-annotation',
  });
  assert.equal(spec.rules[0]!.http.paths[0]!.pathType, 'ImplementationSpecific');
  assert.deepEqual(toStorageVersion(ext, extIngress), V1);
  const net = fromStorageVersion(V1, netIngress, 'v1beta1');
  assert.equal(net.apiVersion, 'networking.k8s.io/v1beta1');
  assert.deepEqual(toStorageVersion(net, netIngress), V1);
  assert.deepEqual(fromStorageVersion(V1, netIngress, 'v1'), V1);
});

void test('a v1 service backend with neither port converts to servicePort 0, and back to an empty port', () => {
  const obj = { ...V1, spec: { defaultBackend: { service: { name: 'x', port: {} } } } };
  const beta = fromStorageVersion(obj, extIngress, 'v1beta1');
  assert.deepEqual(beta.spec, { backend: { serviceName: 'x', servicePort: 0 } });
  assert.deepEqual(toStorageVersion(beta, extIngress).spec, {
    defaultBackend: { service: { name: 'x', port: {} } },
  });
});

void test('CRD kinds convert by apiVersion only', () => {
  const gw: KubeObject = {
    apiVersion: 'networking.istio.io/v1alpha3',
    kind: 'Gateway',
    metadata: { name: 'g' },
    spec: { selector: { istio: 'ingressgateway' } },
  };
  const stored = toStorageVersion(gw, gateway);
  assert.deepEqual(stored, { ...gw, apiVersion: `networking.istio.io/${gateway.storage.version}` });
  assert.deepEqual(fromStorageVersion(stored, gateway, 'v1alpha3'), gw);
});

void test('v1 field paths map back to the v1beta1 fields they came from', () => {
  const cases: [(string | number)[], (string | number)[]][] = [
    [
      ['spec', 'rules', 0, 'http', 'paths', 1, 'backend', 'service', 'name'],
      ['spec', 'rules', 0, 'http', 'paths', 1, 'backend', 'serviceName'],
    ],
    [
      ['spec', 'rules', 0, 'http', 'paths', 1, 'backend', 'service', 'port', 'number'],
      ['spec', 'rules', 0, 'http', 'paths', 1, 'backend', 'servicePort'],
    ],
    [
      ['spec', 'defaultBackend', 'service', 'port'],
      ['spec', 'backend', 'servicePort'],
    ],
    [
      ['spec', 'defaultBackend', 'service'],
      ['spec', 'backend'],
    ],
    [
      ['spec', 'rules', 0, 'host'],
      ['spec', 'rules', 0, 'host'],
    ],
  ];
  for (const [v1, beta] of cases) assert.deepEqual(v1PathToV1beta1(v1), beta);
});

void test('Secret stringData is merged into data, base64-encoded, as the internal conversion does', () => {
  const secret = resourceForKind('v1', 'Secret')!;
  const stored = toStorageVersion(
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { a: 'eA==', b: 'eQ==' },
      stringData: { b: 'hunter2' },
    },
    secret,
  );
  assert.deepEqual(stored, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's' },
    data: { a: 'eA==', b: 'aHVudGVyMg==' },
  });
});

void test('fields the kind does not know are dropped on the way in; free-form fields are kept', () => {
  const svc = resourceForKind('v1', 'Service')!;
  const written = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 's', bogus: 1 },
    spec: { foo: 'bar', ports: [{ port: 80, nope: true }] },
  };
  const stored = toStorageVersion(written, svc);
  assert.deepEqual(stored, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 's' },
    spec: { ports: [{ port: 80 }] },
  });
  const iop = resourceForKind('install.istio.io/v1alpha1', 'IstioOperator')!;
  const op: KubeObject = {
    apiVersion: 'install.istio.io/v1alpha1',
    kind: 'IstioOperator',
    metadata: {},
    spec: { values: { a: 1 } },
  };
  assert.deepEqual(toStorageVersion(op, iop), op);
});
