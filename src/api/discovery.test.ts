import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  aggregatedDiscovery,
  apiGroupList,
  apiResourceList,
  compareKubeVersions,
  servedGroups,
} from './discovery.ts';
import { openApiDoc, openApiDocs, openApiIndex } from './openapi.ts';

type Res = Record<string, unknown> & { name: string };

void test('compareKubeVersions orders GA, beta, alpha, higher first', () => {
  const sorted = ['v1alpha3', 'v1beta1', 'v2', 'v1', 'v2beta2', 'v2beta1', 'foo'].sort(compareKubeVersions);
  assert.deepEqual(sorted, ['v2', 'v1', 'v2beta2', 'v2beta1', 'v1beta1', 'v1alpha3', 'foo']);
});

void test('servedGroups: core first, versions by priority', () => {
  const groups = servedGroups();
  assert.equal(groups[0]?.group, '');
  assert.deepEqual(groups.find((g) => g.group === 'networking.istio.io')?.versions, [
    'v1',
    'v1beta1',
    'v1alpha3',
  ]);
  assert.deepEqual(groups.find((g) => g.group === 'networking.k8s.io')?.versions, ['v1', 'v1beta1']);
  const list = apiGroupList() as { groups: { name: string; preferredVersion: { groupVersion: string } }[] };
  assert.ok(!list.groups.some((g) => g.name === ''));
  assert.equal(list.groups.find((g) => g.name === 'apps')?.preferredVersion.groupVersion, 'apps/v1');
});

void test('legacy APIResourceList: resources and subresources', () => {
  const core = (apiResourceList('', 'v1') as { groupVersion: string; resources: Res[] }).resources;
  const byName = new Map(core.map((r) => [r.name, r]));
  assert.deepEqual(byName.get('pods/log'), {
    name: 'pods/log',
    singularName: '',
    namespaced: true,
    kind: 'Pod',
    verbs: ['get'],
  });
  assert.deepEqual(byName.get('pods/status')?.['verbs'], ['get', 'patch', 'update']);
  assert.deepEqual(byName.get('services')?.['shortNames'], ['svc']);
  assert.deepEqual(byName.get('services')?.['categories'], ['all']);
  assert.equal(byName.get('namespaces')?.['namespaced'], false);
  const apps = apiResourceList('apps', 'v1') as { groupVersion: string; resources: Res[] };
  assert.equal(apps.groupVersion, 'apps/v1');
  assert.deepEqual(
    apps.resources.find((r) => r.name === 'deployments/scale'),
    {
      name: 'deployments/scale',
      singularName: '',
      namespaced: true,
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
      verbs: ['get', 'patch', 'update'],
    },
  );
});

void test('aggregated discovery: responseKind everywhere, ing only on networking.k8s.io', () => {
  const apis = aggregatedDiscovery('apis', 'v2') as {
    apiVersion: string;
    items: {
      metadata: { name: string };
      versions: { version: string; freshness: string; resources: Res[] }[];
    }[];
  };
  assert.equal(apis.apiVersion, 'apidiscovery.k8s.io/v2');
  const apps = apis.items.find((i) => i.metadata.name === 'apps')!;
  const deploy = apps.versions[0]!.resources.find((r) => r['resource'] === 'deployments')!;
  assert.deepEqual(deploy['responseKind'], { group: 'apps', version: 'v1', kind: 'Deployment' });
  assert.equal(deploy['scope'], 'Namespaced');
  assert.deepEqual(deploy['shortNames'], ['deploy']);
  assert.deepEqual(deploy['subresources'], [
    {
      subresource: 'scale',
      responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
      verbs: ['get', 'patch', 'update'],
    },
    {
      subresource: 'status',
      responseKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      verbs: ['get', 'patch', 'update'],
    },
  ]);
  for (const item of apis.items) {
    for (const v of item.versions) {
      assert.equal(v.freshness, 'Current');
      for (const r of v.resources)
        assert.ok(r['responseKind'], `${item.metadata.name}/${v.version} ${String(r['resource'])}`);
    }
  }
  const ing = (group: string): Res | undefined =>
    apis.items
      .find((i) => i.metadata.name === group)
      ?.versions[0]?.resources.find((r) => r['resource'] === 'ingresses');
  assert.deepEqual(ing('networking.k8s.io')?.['shortNames'], ['ing']);
  assert.equal(ing('extensions')?.['shortNames'], undefined);
  const core = aggregatedDiscovery('core', 'v2') as { items: { versions: { resources: Res[] }[] }[] };
  assert.equal(core.items.length, 1);
  assert.equal(core.items[0]!.versions[0]!.resources.filter((r) => r['resource'] === 'events').length, 1);
});

void test('openapi: every served group/version is in the index, PATCH declares fieldValidation without SMP', () => {
  const index = openApiIndex() as { paths: Record<string, { serverRelativeURL: string }> };
  for (const g of servedGroups()) {
    for (const v of g.versions) {
      const path = g.group === '' ? `api/${v}` : `apis/${g.group}/${v}`;
      const doc = openApiDocs().get(path)!;
      assert.equal(index.paths[path]?.serverRelativeURL, `/openapi/v3/${path}?hash=${doc.hash}`);
    }
  }
  const doc = JSON.parse(openApiDoc('extensions', 'v1beta1')!.json) as {
    paths: Record<string, Record<string, Record<string, unknown>>>;
  };
  const item = doc.paths['/apis/extensions/v1beta1/namespaces/{namespace}/ingresses/{name}']!;
  const patch = item['patch']!;
  assert.deepEqual(patch['x-kubernetes-group-version-kind'], {
    group: 'extensions',
    version: 'v1beta1',
    kind: 'Ingress',
  });
  assert.ok((patch['parameters'] as { name: string }[]).some((p) => p.name === 'fieldValidation'));
  const content = Object.keys((patch['requestBody'] as { content: Record<string, unknown> }).content);
  assert.deepEqual(content, [
    'application/json-patch+json',
    'application/merge-patch+json',
    'application/apply-patch+yaml',
  ]);
  for (const verb of ['get', 'put', 'delete'])
    assert.ok(item[verb]?.['x-kubernetes-group-version-kind'], verb);
  assert.ok(doc.paths['/apis/extensions/v1beta1/namespaces/{namespace}/ingresses']?.['post']);
  const apps = JSON.parse(openApiDoc('apps', 'v1')!.json) as {
    paths: Record<string, Record<string, Record<string, unknown>>>;
  };
  const scale = apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale']!['patch']!;
  assert.deepEqual(scale['x-kubernetes-group-version-kind'], {
    group: 'autoscaling',
    version: 'v1',
    kind: 'Scale',
  });
  assert.equal(scale['operationId'], 'patchAppsV1NamespacedDeploymentScale');
});
