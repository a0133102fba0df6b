import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedModel } from '../proxy-config/seed-fixture.ts';
import { translateGateway } from '../translate/index.ts';
import { clustersDump, configDump } from './index.ts';
import { duration } from './proto.ts';

type J = Record<string, unknown>;
const o = (v: unknown): J => v as J;
const a = (v: unknown): unknown[] => v as unknown[];

function section(dump: unknown, type: string): J {
  return o(a(o(dump)['configs']).find((c) => o(c)['@type'] === `type.googleapis.com/envoy.admin.v3.${type}`));
}

void test('config_dump: dynamic listener 0.0.0.0_8080 on RDS http.8080, static 15021/15090', () => {
  const dump = configDump(seedModel(6), {
    versionInfo: '2026-01-01T00:00:00Z/3',
    lastUpdated: '2026-01-01T00:00:00.000Z',
  });
  const ls = section(dump, 'ListenersConfigDump');
  const dyn = a(ls['dynamic_listeners']).map(o);
  assert.deepEqual(
    dyn.map((l) => l['name']),
    ['0.0.0.0_8080'],
  );
  const active = o(dyn[0]!['active_state']);
  assert.equal(active['version_info'], '2026-01-01T00:00:00Z/3');
  const listener = o(active['listener']);
  assert.equal(listener['@type'], 'type.googleapis.com/envoy.config.listener.v3.Listener');
  assert.deepEqual(listener['address'], { socket_address: { address: '0.0.0.0', port_value: 8080 } });
  const hcm = o(o(a(o(a(listener['filter_chains'])[0])['filters'])[0])['typed_config']);
  assert.equal(o(hcm['rds'])['route_config_name'], 'http.8080');
  assert.equal(hcm['server_name'], 'istio-envoy');
  const statics = a(ls['static_listeners']).map((l) => o(o(o(l)['listener'])['address'])['socket_address']);
  assert.deepEqual(
    statics.map((s) => o(s)['port_value']),
    [15021, 15090],
  );
  const rs = section(dump, 'RoutesConfigDump');
  assert.deepEqual(
    a(rs['dynamic_route_configs']).map((r) => o(o(r)['route_config'])['name']),
    ['http.8080'],
  );
  assert.equal(a(rs['static_route_configs']).length, 2);
  const cs = section(dump, 'ClustersConfigDump');
  const eds = a(cs['dynamic_active_clusters']).map((c) => o(o(c)['cluster']));
  const svc = eds.find((c) => c['name'] === 'outbound|80||test-svc.test-ns.svc.cluster.local')!;
  assert.equal(svc['type'], 'EDS');
  assert.equal(svc['lb_policy'], 'LEAST_REQUEST');
  const bh = eds.find((c) => c['name'] === 'BlackHoleCluster')!;
  assert.equal(bh['type'], undefined, 'STATIC is the proto default, omitted as Envoy prints it');
});

void test('config_dump: routes carry redirect, direct response, weights and timeouts as Envoy protos', () => {
  const { model } = translateGateway(
    {
      gateways: [
        {
          apiVersion: 'networking.istio.io/v1',
          kind: 'Gateway',
          metadata: { name: 'gw', namespace: 'default' },
          spec: { servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] },
        },
      ],
      virtualServices: [
        {
          apiVersion: 'networking.istio.io/v1',
          kind: 'VirtualService',
          metadata: { name: 'vs', namespace: 'default' },
          spec: {
            hosts: ['*'],
            gateways: ['gw'],
            http: [
              { match: [{ uri: { exact: '/r' } }], redirect: { uri: '/new', redirectCode: 308 } },
              { match: [{ uri: { exact: '/d' } }], directResponse: { status: 418, body: { string: 'tea' } } },
              {
                timeout: '1.5s',
                route: [
                  { destination: { host: 'a', port: { number: 80 } }, weight: 3 },
                  { destination: { host: 'b', port: { number: 80 } }, weight: 1 },
                ],
              },
            ],
          },
        },
      ],
      destinationRules: [],
      services: [],
    },
    { namespace: 'istio-system', name: 'gw-pod', labels: {} },
  );
  const rs = section(configDump(model), 'RoutesConfigDump');
  const rc = o(o(a(rs['dynamic_route_configs'])[0])['route_config']);
  const routes = a(o(a(rc['virtual_hosts'])[0])['routes']).map(o);
  assert.deepEqual(routes[0]!['redirect'], { path_redirect: '/new', response_code: 'PERMANENT_REDIRECT' });
  assert.deepEqual(routes[1]!['direct_response'], { status: 418, body: { inline_string: 'tea' } });
  const action = o(routes[2]!['route']);
  assert.deepEqual(action['weighted_clusters'], {
    clusters: [
      { name: 'outbound|80||a.default.svc.cluster.local', weight: 3 },
      { name: 'outbound|80||b.default.svc.cluster.local', weight: 1 },
    ],
  });
  assert.equal(action['timeout'], '1.500s');
  assert.deepEqual(routes[2]!['decorator'], { operation: 'vs:80/*' });
});

void test('/clusters?format=json: endpoints per cluster with EDS health and outlier status', () => {
  const eps = new Map([
    [
      'outbound|80||test-svc.test-ns.svc.cluster.local',
      [
        { address: '127.1.128.6', port: 80, healthy: true },
        { address: '127.1.128.7', port: 80, healthy: false, outlierFailed: true },
      ],
    ],
  ]);
  const dump = o(clustersDump(seedModel(6), eps));
  const st = a(dump['cluster_statuses']).map(o);
  const svc = st.find((c) => c['name'] === 'outbound|80||test-svc.test-ns.svc.cluster.local')!;
  assert.equal(svc['added_via_api'], true);
  const hosts = a(svc['host_statuses']).map(o);
  assert.deepEqual(hosts[0]!['address'], { socket_address: { address: '127.1.128.6', port_value: 80 } });
  assert.deepEqual(hosts[0]!['health_status'], { eds_health_status: 'HEALTHY' });
  assert.deepEqual(hosts[1]!['health_status'], {
    failed_outlier_check: true,
    eds_health_status: 'UNHEALTHY',
  });
  const empty = st.find((c) => c['name'] === 'BlackHoleCluster')!;
  assert.equal(empty['host_statuses'], undefined);
});

void test('durations print as protobuf JSON', () => {
  const cases: [number, string][] = [
    [0, '0s'],
    [10000, '10s'],
    [500, '0.500s'],
    [1500, '1.500s'],
    [250, '0.250s'],
  ];
  for (const [ms, want] of cases) assert.equal(duration(ms), want);
});
