// Resource names and arguments as kubectl resolves them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CliError } from './errors.ts';
import { parseResourceArgs } from './resource-args.ts';
import { collectionPath, kindName, objectPath, resolveType, resolveTypes } from './resource-types.ts';

const NAMES: { input: string; want: string[] }[] = [
  { input: 'pods', want: ['/v1/pods'] },
  { input: 'pod', want: ['/v1/pods'] },
  { input: 'po', want: ['/v1/pods'] },
  { input: 'Pod', want: ['/v1/pods'] },
  { input: 'PODS', want: ['/v1/pods'] },
  { input: 'svc', want: ['/v1/services'] },
  { input: 'deploy', want: ['apps/v1/deployments'] },
  { input: 'deployments.apps', want: ['apps/v1/deployments'] },
  { input: 'deployment.v1.apps', want: ['apps/v1/deployments'] },
  { input: 'ing', want: ['networking.k8s.io/v1/ingresses'] },
  { input: 'ingresses.networking.k8s.io', want: ['networking.k8s.io/v1/ingresses'] },
  { input: 'ingresses.extensions', want: ['extensions/v1beta1/ingresses'] },
  { input: 'ingresses.v1beta1.networking.k8s.io', want: ['networking.k8s.io/v1beta1/ingresses'] },
  { input: 'vs', want: ['networking.istio.io/v1/virtualservices'] },
  { input: 'gw', want: ['networking.istio.io/v1/gateways'] },
  {
    input: 'virtualservices.v1alpha3.networking.istio.io',
    want: ['networking.istio.io/v1alpha3/virtualservices'],
  },
  { input: 'ns', want: ['/v1/namespaces'] },
  { input: 'ev', want: ['/v1/events'] },
  { input: 'endpointslices', want: ['discovery.k8s.io/v1/endpointslices'] },
  { input: 'all', want: ['/v1/pods', '/v1/services', 'apps/v1/deployments', 'apps/v1/replicasets'] },
  {
    input: 'istio-io',
    want: [
      'networking.istio.io/v1/gateways',
      'networking.istio.io/v1/virtualservices',
      'networking.istio.io/v1/destinationrules',
    ],
  },
];

for (const n of NAMES) {
  void test(`resolveType(${n.input})`, () => {
    assert.deepEqual(
      resolveType(n.input).map((r) => `${r.rt.group}/${r.version}/${r.rt.plural}`),
      n.want,
    );
  });
}

void test('an unknown type is worded as kubectl words it', () => {
  assert.throws(() => resolveType('nope'), { message: 'the server doesn\'t have a resource type "nope"' });
  assert.throws(() => resolveType('deployments.nope'), /doesn't have a resource type "deployments.nope"/);
});

void test('resolveTypes splits commas and drops duplicates', () => {
  assert.deepEqual(
    resolveTypes('po,svc,pods').map((r) => r.rt.plural),
    ['pods', 'services'],
  );
});

void test('paths and kind names', () => {
  const [deploy] = resolveType('deploy');
  const [ns] = resolveType('ns');
  const [pods] = resolveType('po');
  assert.equal(collectionPath(deploy!, 'test-ns'), '/apis/apps/v1/namespaces/test-ns/deployments');
  assert.equal(collectionPath(deploy!, undefined), '/apis/apps/v1/deployments');
  assert.equal(objectPath(pods!, 'default', 'web-1', 'log'), '/api/v1/namespaces/default/pods/web-1/log');
  assert.equal(objectPath(ns!, 'ignored', 'test-ns'), '/api/v1/namespaces/test-ns');
  assert.equal(kindName(deploy!.rt), 'deployment.apps');
  assert.equal(kindName(pods!.rt), 'pod');
  assert.equal(kindName(resolveType('ingresses.extensions')[0]!.rt), 'ingress.extensions');
});

void test('TYPE NAME... and TYPE/NAME... arguments', () => {
  const a = parseResourceArgs(['pods', 'a', 'b']);
  assert.deepEqual(
    a.requests.map((r) => `${r.ref.rt.plural}/${r.name}`),
    ['pods/a', 'pods/b'],
  );
  assert.equal(a.singleItemImplied, false);
  assert.equal(parseResourceArgs(['svc', 'x']).singleItemImplied, true);
  assert.equal(parseResourceArgs(['deploy/x']).singleItemImplied, true);
  const mixed = parseResourceArgs(['deploy/x', 'svc/y']);
  assert.deepEqual(
    mixed.requests.map((r) => `${r.ref.rt.plural}/${r.name}`),
    ['deployments/x', 'services/y'],
  );
  const lists = parseResourceArgs(['pods,svc']);
  assert.equal(lists.named, false);
  assert.deepEqual(
    lists.requests.map((r) => r.name),
    [undefined, undefined],
  );
});

const ARG_ERRORS: { args: string[]; message: RegExp }[] = [
  { args: ['pods', 'svc/x'], message: /^there is no need to specify a resource type as a separate argument/ },
  { args: ['pods/'], message: /^arguments in resource\/name form must have a single resource and name$/ },
  { args: ['pods,svc', 'x'], message: /^you must specify only one resource$/ },
  { args: ['all', 'x'], message: /^you must specify only one resource$/ },
  { args: ['nope', 'x'], message: /^the server doesn't have a resource type "nope"$/ },
];

for (const e of ARG_ERRORS) {
  void test(`arguments ${e.args.join(' ')} -> ${e.message.source}`, () => {
    assert.throws(
      () => parseResourceArgs(e.args),
      (err: unknown) => err instanceof CliError && e.message.test(err.message),
    );
  });
}
