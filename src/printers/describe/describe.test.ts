// describeObject against literal kubectl 1.32 output (checked with the real binary by
// describe.kubectl.test.ts), and the helpers behind it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../resources/types.ts';
import { fixtureObjects } from '../testing/fixtures.ts';
import { formatRFC1123Z } from './format.ts';
import { camelcaseSplit, smartLabel } from './generic.ts';
import { describeObject, eventsForDescribe } from './index.ts';
import { ingressV1 } from './network.ts';

process.env['TZ'] = 'UTC'; // describe prints times in the local zone, as kubectl does

const NOW = new Date('2026-03-01T12:00:00Z');
const OBJECTS = fixtureObjects(NOW);
const ofKind = (kind: string): KubeObject[] => OBJECTS.filter((o) => o.kind === kind);

function describe(kind: string, name: string): string {
  const obj = OBJECTS.find((o) => o.kind === kind && o.metadata.name === name);
  assert.ok(obj);
  return describeObject(obj, {
    events: eventsForDescribe(obj, ofKind('Event')),
    related: {
      endpointSlices: ofKind('EndpointSlice'),
      services: ofKind('Service'),
      replicaSets: ofKind('ReplicaSet'),
      pods: ofKind('Pod'),
    },
    now: NOW,
  });
}

const lines = (...l: string[]): string => `${l.join('\n')}\n`;

void test('describe service: the scenario gateway, endpoints from its EndpointSlice', () => {
  assert.equal(
    describe('Service', 'test-svc'),
    lines(
      'Name:                     test-svc',
      'Namespace:                test-ns',
      'Labels:                   <none>',
      'Annotations:              <none>',
      'Selector:                 app=test-app',
      'Type:                     ClusterIP',
      'IP Family Policy:         SingleStack',
      'IP Families:              IPv4',
      'IP:                       127.1.96.10',
      'IPs:                      127.1.96.10',
      'Port:                     http  80/TCP',
      'TargetPort:               80/TCP',
      'Endpoints:                127.1.128.2:80',
      'Session Affinity:         None',
      'Internal Traffic Policy:  Cluster',
      'Events:                   <none>',
    ),
  );
});

void test('describe deployment: pod template, conditions, replica sets, events', () => {
  assert.equal(
    describe('Deployment', 'test-deploy'),
    lines(
      'Name:                   test-deploy',
      'Namespace:              test-ns',
      'CreationTimestamp:      Sun, 01 Mar 2026 11:29:40 +0000',
      'Labels:                 app=test-app',
      '                        version=v1',
      'Annotations:            deployment.kubernetes.io/revision: 1',
      'Selector:               app=test-app',
      'Replicas:               2 desired | 2 updated | 2 total | 1 available | 1 unavailable',
      'StrategyType:           RollingUpdate',
      'MinReadySeconds:        0',
      'RollingUpdateStrategy:  25% max unavailable, 25% max surge',
      'Pod Template:',
      '  Labels:  app=test-app',
      '           version=v1',
      '  Containers:',
      '   web:',
      '    Image:      nginxdemos/hello',
      '    Port:       80/TCP',
      '    Host Port:  0/TCP',
      '    Requests:',
      '      cpu:         100m',
      '      memory:      100Mi',
      '    Readiness:     http-get http://:80/ delay=0s timeout=1s period=10s #success=1 #failure=3',
      '    Environment:   <none>',
      '    Mounts:        <none>',
      '  Volumes:         <none>',
      '  Node-Selectors:  <none>',
      '  Tolerations:     <none>',
      'Conditions:',
      '  Type           Status  Reason',
      '  ----           ------  ------',
      '  Available      False   MinimumReplicasUnavailable',
      '  Progressing    True    ReplicaSetUpdated',
      'OldReplicaSets:  test-deploy-old (0/0 replicas created)',
      'NewReplicaSet:   test-deploy-5d8f9c7b6 (2/2 replicas created)',
      'Events:',
      '  Type    Reason             Age   From                   Message',
      '  ----    ------             ----  ----                   -------',
      '  Normal  ScalingReplicaSet  30m   deployment-controller  Scaled up replica set test-deploy-5d8f9c7b6 to 2',
    ),
  );
});

void test('describe virtualservice: the generic describer', () => {
  assert.equal(
    describe('VirtualService', 'test-virtualservice'),
    lines(
      'Name:         test-virtualservice',
      'Namespace:    test-ns',
      'Labels:       <none>',
      'Annotations:  <none>',
      'API Version:  networking.istio.io/v1',
      'Kind:         VirtualService',
      'Metadata:',
      '  Creation Timestamp:  2026-03-01T11:29:40Z',
      '  Generation:          1',
      '  UID:                 vs-uid',
      'Spec:',
      '  Gateways:',
      '    test-gateway',
      '  Hosts:',
      '    istio-test-alb.example.com',
      '  Http:',
      '    Match:',
      '      Uri:',
      '        Prefix:  /',
      '    Route:',
      '      Destination:',
      '        Host:  test-svc',
      '        Port:',
      '          Number:  80',
      'Events:            <none>',
    ),
  );
});

void test('describe ingress: rules with backends and their endpoints', () => {
  const text = describe('Ingress', 'test-alb');
  assert.match(
    text,
    /\n {14}\/\* {3}ssl-redirect:use-annotation \(<error: services "ssl-redirect" not found>\)\n/,
  );
  assert.match(text, /\n {14}\/\* {3}istio-ingressgateway:80 \(127\.1\.128\.9:8080\)\n/);
  assert.match(text, /^Default backend: {2}<default>$/m);
});

void test('camelcase labels of the generic describer', () => {
  const cases: [string, string][] = [
    ['apiVersion', 'API Version'],
    ['uid', 'UID'],
    ['creationTimestamp', 'Creation Timestamp'],
    ['tcp-istiod', 'Tcp - Istiod'],
    ['h2UpgradePolicy', 'h2UpgradePolicy'],
    ['x_y', 'x_y'],
    ['HTTPHeader', 'HTTP Header'],
    ['exportTo', 'Export To'],
  ];
  for (const [field, want] of cases) assert.equal(smartLabel(field), want, field);
  assert.deepEqual(camelcaseSplit('PDFLoader'), ['PDF', 'Loader']);
  assert.deepEqual(camelcaseSplit('GL11Version'), ['GL', '11', 'Version']);
});

void test('eventsForDescribe selects as kubectl field selectors do', () => {
  const pod = OBJECTS.find((o) => o.metadata.name === 'test-deploy-5d8f9c7b6-fghij')!;
  assert.deepEqual(
    eventsForDescribe(pod, ofKind('Event')).map((e) => e.metadata.name),
    ['test-deploy-5d8f9c7b6-fghij.1', 'test-deploy-5d8f9c7b6-fghij.2'],
  );
  const node = OBJECTS.find((o) => o.metadata.name === 'node-2')!;
  assert.deepEqual(
    eventsForDescribe(node, ofKind('Event')).map((e) => e.metadata.name),
    ['node-2.ev'],
  );
});

void test('v1beta1 ingresses are read in v1 shape', () => {
  const old = OBJECTS.find((o) => o.metadata.name === 'old-style')!;
  const v1 = ingressV1(old);
  assert.deepEqual(v1.spec?.defaultBackend, { service: { name: 'lb-edge', port: { name: 'https' } } });
  const scenario = ingressV1({
    apiVersion: 'extensions/v1beta1',
    kind: 'Ingress',
    metadata: { name: 'x' },
    spec: {
      rules: [{ http: { paths: [{ path: '/*', backend: { serviceName: 'igw', servicePort: 80 } }] } }],
    },
  });
  assert.deepEqual(scenario.spec?.rules?.[0]?.http?.paths[0]?.backend, {
    service: { name: 'igw', port: { number: 80 } },
  });
});

void test('RFC 1123 times', () => {
  assert.equal(formatRFC1123Z('2026-03-01T11:29:40Z'), 'Sun, 01 Mar 2026 11:29:40 +0000');
  assert.equal(formatRFC1123Z(undefined), 'Mon, 01 Jan 0001 00:00:00 +0000');
});
