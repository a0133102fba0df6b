// --set flags and IstioOperator objects -> IstioValues, and how layers merge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSetFlags, splitSetPath } from './set-flags.ts';
import { valuesFromIstioOperator } from './operator.ts';
import { mergeValues, ingressGatewayEnabled } from './values.ts';
import type { IstioValues } from './values.ts';

void test('splitSetPath: escapes, selectors, selector as its own part', () => {
  const cases: [string, string[]][] = [
    ['a.b.c', ['a', 'b', 'c']],
    ['a.b\\.c.d', ['a', 'b.c', 'd']],
    ['components.ingressGateways[name=x.y].enabled', ['components', 'ingressGateways[name=x.y]', 'enabled']],
    ['components.ingressGateways.[name:x].enabled', ['components', 'ingressGateways[name:x]', 'enabled']],
  ];
  for (const [path, want] of cases) assert.deepEqual(splitSetPath(path), want, path);
});

void test('parseSetFlags: the paths istioctl accepts', () => {
  const cases: { sets: string[]; want: IstioValues }[] = [
    { sets: ['profile=default'], want: { profile: 'default' } },
    {
      sets: ['profile=default', 'values.gateways.istio-ingressgateway.type=NodePort'],
      want: { profile: 'default', ingressGateway: { type: 'NodePort' } },
    },
    {
      sets: [
        'values.gateways.istio-ingressgateway.serviceAnnotations.alb.ingress.kubernetes.io/healthcheck-path=/healthz/ready',
        'values.gateways.istio-ingressgateway.serviceAnnotations.alb\\.ingress\\.kubernetes\\.io/healthcheck-port=30218',
      ],
      want: {
        ingressGateway: {
          serviceAnnotations: {
            'alb.ingress.kubernetes.io/healthcheck-path': '/healthz/ready',
            'alb.ingress.kubernetes.io/healthcheck-port': '30218',
          },
        },
      },
    },
    {
      sets: ['values.gateways.istio-ingressgateway.serviceAnnotations.a/b=x=y'],
      want: { ingressGateway: { serviceAnnotations: { 'a/b': 'x=y' } } },
    },
    {
      sets: ['components.ingressGateways[name=istio-ingressgateway].enabled=false'],
      want: { ingressGateway: { enabled: false } },
    },
    {
      sets: ['components.ingressGateways[0].enabled=true'],
      want: { ingressGateway: { enabled: true } },
    },
    {
      sets: [
        'components.ingressGateways[name:istio-ingressgateway].k8s.service.type=ClusterIP',
        'components.ingressGateways[name=istio-ingressgateway].k8s.replicaCount=3',
        'components.ingressGateways[name=istio-ingressgateway].k8s.serviceAnnotations.x.io/y=z',
        'components.ingressGateways[name=istio-ingressgateway].label.team=edge',
      ],
      want: {
        ingressGateway: {
          type: 'ClusterIP',
          replicaCount: 3,
          serviceAnnotations: { 'x.io/y': 'z' },
          labels: { team: 'edge' },
        },
      },
    },
    {
      sets: [
        'values.gateways.istio-ingressgateway.replicaCount=2',
        'values.gateways.istio-ingressgateway.replicaCount=4',
      ],
      want: { ingressGateway: { replicaCount: 4 } },
    },
    {
      sets: ['hub=example.io/istio', 'values.global.tag=1.28.1'],
      want: { hub: 'example.io/istio', tag: '1.28.1' },
    },
    {
      sets: [
        'components.pilot.enabled=true',
        'components.egressGateways[name=istio-egressgateway].enabled=false',
      ],
      want: {},
    },
  ];
  for (const { sets, want } of cases) {
    const got = parseSetFlags(sets);
    assert.deepEqual(got.errors, [], sets.join(' '));
    assert.deepEqual(got.values, want, sets.join(' '));
  }
});

void test('parseSetFlags: unknown paths and bad values are errors naming the flag', () => {
  const cases: [string, RegExp][] = [
    [
      'values.gateways.istio-ingressgateway.bogus=1',
      /unknown field "values\.gateways\.istio-ingressgateway\.bogus"/,
    ],
    ['foo=bar', /^--set foo=bar: unknown field "foo"/],
    ['values.pilot.traceSampling=1', /unknown field "values\.pilot\.traceSampling"/],
    [
      'values.gateways.istio-ingressgateway.type=Bogus',
      /invalid value "Bogus" .*LoadBalancer, NodePort, ClusterIP/,
    ],
    ['values.gateways.istio-ingressgateway.replicaCount=-1', /non-negative integer/],
    ['components.ingressGateways[name=istio-ingressgateway].enabled=yes', /must be true or false/],
    ['components.ingressGateways[name=other-gw].enabled=true', /"other-gw" is not supported/],
    ['components.egressGateways[name=istio-egressgateway].enabled=true', /egress gateway/],
    ['profile=bogus', /unknown profile/],
    ['profile', /path=value/],
    ['values.gateways.istio-ingressgateway.serviceAnnotations=x', /unknown field|key is missing/],
    ['a..b=1', /empty field/],
  ];
  for (const [flag, re] of cases) {
    const got = parseSetFlags([flag]);
    assert.equal(got.errors.length, 1, flag);
    assert.match(got.errors[0]!, re, flag);
  }
});

void test('valuesFromIstioOperator: profile, values and the ingress gateway component', () => {
  const iop = {
    apiVersion: 'install.istio.io/v1alpha1',
    kind: 'IstioOperator',
    metadata: { name: 'gw-install', namespace: 'istio-system' },
    spec: {
      profile: 'default',
      meshConfig: { accessLogFile: '/dev/stdout' },
      values: {
        gateways: {
          'istio-ingressgateway': {
            type: 'NodePort',
            serviceAnnotations: { 'alb.ingress.kubernetes.io/healthcheck-path': '/healthz/ready' },
          },
        },
      },
      components: {
        pilot: { enabled: true },
        ingressGateways: [
          {
            name: 'istio-ingressgateway',
            enabled: true,
            k8s: {
              replicaCount: 2,
              service: { type: 'NodePort' },
              serviceAnnotations: { 'alb.ingress.kubernetes.io/healthcheck-port': 'status-port' },
            },
          },
        ],
      },
    },
  };
  const got = valuesFromIstioOperator(iop);
  assert.deepEqual(got.errors, []);
  assert.deepEqual(got.ignored, []);
  assert.deepEqual(got.values, {
    profile: 'default',
    meshConfig: { accessLogFile: '/dev/stdout' },
    ingressGateway: {
      type: 'NodePort',
      enabled: true,
      replicaCount: 2,
      serviceAnnotations: {
        'alb.ingress.kubernetes.io/healthcheck-path': '/healthz/ready',
        'alb.ingress.kubernetes.io/healthcheck-port': 'status-port',
      },
    },
  });
});

void test('valuesFromIstioOperator: bad values are errors, other gateways are not supported', () => {
  const got = valuesFromIstioOperator({
    metadata: { name: 'x' },
    spec: {
      values: { gateways: { 'istio-ingressgateway': { serviceAnnotations: { port: 30218 } } } },
      components: { ingressGateways: [{ name: 'second', enabled: true }] },
    },
  });
  assert.equal(got.errors.length, 2);
  assert.match(
    got.errors[0]!,
    /^spec\.values\.gateways\.istio-ingressgateway\.serviceAnnotations\.port: .*must be a string/,
  );
  assert.match(got.errors[1]!, /"second" is not supported/);
});

void test('mergeValues: later scalars win, maps merge key by key', () => {
  const a: IstioValues = {
    profile: 'default',
    ingressGateway: { type: 'NodePort', serviceAnnotations: { a: '1', b: '1' } },
  };
  const b: IstioValues = { ingressGateway: { replicaCount: 2, serviceAnnotations: { b: '2' } } };
  assert.deepEqual(mergeValues(a, b), {
    profile: 'default',
    ingressGateway: { type: 'NodePort', replicaCount: 2, serviceAnnotations: { a: '1', b: '2' } },
  });
  assert.deepEqual(mergeValues({}, {}), {});
  assert.deepEqual(a.ingressGateway?.serviceAnnotations, { a: '1', b: '1' }, 'inputs untouched');
});

void test('ingressGatewayEnabled: explicit flag, else the profile', () => {
  assert.equal(ingressGatewayEnabled({}), true);
  assert.equal(ingressGatewayEnabled({ profile: 'minimal' }), false);
  assert.equal(ingressGatewayEnabled({ profile: 'minimal', ingressGateway: { enabled: true } }), true);
  assert.equal(ingressGatewayEnabled({ ingressGateway: { enabled: false } }), false);
});
