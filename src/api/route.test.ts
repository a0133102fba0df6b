import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRoute } from './route.ts';

const cases: { path: string; expect: Record<string, unknown> }[] = [
  { path: '/version', expect: { kind: 'version' } },
  { path: '/readyz', expect: { kind: 'health', endpoint: 'readyz' } },
  { path: '/livez/ping', expect: { kind: 'health', endpoint: 'livez', check: 'ping' } },
  { path: '/api', expect: { kind: 'core-versions' } },
  { path: '/apis', expect: { kind: 'groups' } },
  { path: '/apis/apps', expect: { kind: 'group', group: 'apps' } },
  { path: '/api/v1', expect: { kind: 'resource-list', group: '', version: 'v1' } },
  {
    path: '/apis/extensions/v1beta1',
    expect: { kind: 'resource-list', group: 'extensions', version: 'v1beta1' },
  },
  { path: '/openapi/v3', expect: { kind: 'openapi-index' } },
  { path: '/openapi/v3/apis/apps/v1', expect: { kind: 'openapi-gv', group: 'apps', version: 'v1' } },
  { path: '/openapi/v3/api/v1', expect: { kind: 'openapi-gv', group: '', version: 'v1' } },
  { path: '/openapi/v2', expect: { kind: 'openapi-v2' } },
  { path: '/api/v1/pods', expect: { kind: 'resource', plural: 'pods', watchPath: false } },
  { path: '/api/v1/namespaces', expect: { kind: 'resource', plural: 'namespaces' } },
  { path: '/api/v1/namespaces/web', expect: { kind: 'resource', plural: 'namespaces', name: 'web' } },
  {
    path: '/api/v1/namespaces/web/status',
    expect: { kind: 'resource', plural: 'namespaces', name: 'web', sub: 'status' },
  },
  { path: '/api/v1/namespaces/ns/pods', expect: { kind: 'resource', plural: 'pods', namespace: 'ns' } },
  {
    path: '/api/v1/namespaces/ns/pods/p/log',
    expect: { kind: 'resource', plural: 'pods', namespace: 'ns', name: 'p', sub: 'log' },
  },
  {
    path: '/apis/apps/v1/namespaces/ns/deployments/d/scale',
    expect: { kind: 'resource', plural: 'deployments', name: 'd', sub: 'scale' },
  },
  {
    path: '/api/v1/watch/namespaces/ns/pods',
    expect: { kind: 'resource', plural: 'pods', namespace: 'ns', watchPath: true },
  },
  {
    path: '/apis/networking.istio.io/v1alpha3/namespaces/ns/virtualservices/vs',
    expect: { kind: 'resource', plural: 'virtualservices', version: 'v1alpha3' },
  },
  {
    path: '/apis/extensions/v1beta1/namespaces/ns/ingresses',
    expect: { kind: 'resource', plural: 'ingresses', group: 'extensions' },
  },
  { path: '/api/v1/nodes/n1', expect: { kind: 'resource', plural: 'nodes', name: 'n1' } },
  // not found
  { path: '/', expect: { kind: 'not-found' } },
  { path: '/api/v2', expect: { kind: 'not-found' } },
  { path: '/apis/apps/v2/deployments', expect: { kind: 'not-found' } },
  { path: '/apis/nope', expect: { kind: 'not-found' } },
  { path: '/api/v1/foos', expect: { kind: 'not-found' } },
  { path: '/api/v1/pods/p', expect: { kind: 'not-found' } }, // namespaced object without namespace
  { path: '/api/v1/namespaces/ns/pods/p/scale', expect: { kind: 'not-found' } },
  { path: '/api/v1/namespaces/ns/pods/p/log/x', expect: { kind: 'not-found' } },
  { path: '/apis/apps/v1/deployments/d', expect: { kind: 'not-found' } },
  { path: '/openapi/v3/apis/apps/v9', expect: { kind: 'not-found' } },
];

for (const c of cases) {
  void test(`parseRoute ${c.path}`, () => {
    const r = parseRoute(c.path) as unknown as Record<string, unknown>;
    const flat: Record<string, unknown> = { ...r };
    if (r['kind'] === 'resource') flat['plural'] = (r['rt'] as { plural: string }).plural;
    for (const [k, v] of Object.entries(c.expect)) assert.deepEqual(flat[k], v, `${k} of ${c.path}`);
  });
}
