import { test } from 'node:test';
import assert from 'node:assert/strict';
import { discoveryFormat, readFormat } from './negotiate.ts';

const KUBECTL_TABLE =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const KUBECTL_DISCOVERY =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

void test('readFormat', () => {
  const table: [string | undefined, boolean, string][] = [
    [undefined, false, 'json'],
    ['application/json', false, 'json'],
    ['application/json, */*', true, 'json'],
    [KUBECTL_TABLE, true, 'table'],
    ['application/json;as=Table;v=v1beta1;g=meta.k8s.io', true, 'table'],
    ['application/vnd.kubernetes.protobuf,application/json', false, 'json'],
    ['application/yaml', false, 'yaml'],
    ['application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io', true, 'partial'],
    ['application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io,application/json', true, 'json'],
  ];
  for (const [accept, list, mode] of table) assert.equal(readFormat(accept, list).mode, mode, String(accept));
  const t = readFormat(KUBECTL_TABLE, true);
  assert.ok(t.mode === 'table' && t.apiVersion === 'meta.k8s.io/v1');
  assert.throws(() => readFormat('application/vnd.kubernetes.protobuf', false), { code: 406 });
});

void test('discoveryFormat', () => {
  assert.equal(discoveryFormat(KUBECTL_DISCOVERY), 'v2');
  assert.equal(
    discoveryFormat('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList'),
    'v2beta1',
  );
  assert.equal(discoveryFormat('application/json, */*'), 'legacy');
  assert.equal(discoveryFormat(undefined), 'legacy');
});
