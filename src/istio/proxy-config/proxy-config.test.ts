// istioctl proxy-config output for the seed scenario, row for row (SCENARIO.md steps 3, 5, 6
// under today's names: http.8080, vhost <host>:80, ADDRESSES and VHOST NAME columns).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clustersDump, configDump } from '../config-dump/index.ts';
import {
  goJsonIndent,
  printClusterSummary,
  printEndpointSummary,
  printListenerSummary,
  printRouteSummary,
  selectClusters,
  selectListeners,
  selectRouteConfigs,
  toProtoJson,
} from './index.ts';
import { seedModel } from './seed-fixture.ts';

const lines = (...l: string[]): string => l.map((s) => `${s}\n`).join('');

void test('listeners: step 3 has only the bootstrap listeners', () => {
  assert.equal(
    printListenerSummary(configDump(seedModel(3)), {}, true),
    lines(
      'ADDRESSES PORT  MATCH DESTINATION',
      '0.0.0.0   15021 ALL   Inline Route: /healthz/ready*',
      '0.0.0.0   15090 ALL   Inline Route: /stats/prometheus*',
    ),
  );
});

void test('listeners: steps 5 and 6 add 0.0.0.0 8080 -> Route: http.8080', () => {
  const want = lines(
    'ADDRESSES PORT  MATCH DESTINATION',
    '0.0.0.0   8080  ALL   Route: http.8080',
    '0.0.0.0   15021 ALL   Inline Route: /healthz/ready*',
    '0.0.0.0   15090 ALL   Inline Route: /stats/prometheus*',
  );
  assert.equal(printListenerSummary(configDump(seedModel(5)), {}, true), want);
  assert.equal(printListenerSummary(configDump(seedModel(6)), {}, true), want);
  assert.equal(
    printListenerSummary(configDump(seedModel(6)), { port: 8080 }, false),
    lines('ADDRESSES PORT TYPE', '0.0.0.0   8080 HTTP'),
  );
});

void test('routes: step 5 is the blackhole vhost answering 404', () => {
  assert.equal(
    printRouteSummary(configDump(seedModel(5)), {}, true),
    lines(
      'NAME          VHOST NAME       DOMAINS     MATCH                  VIRTUAL SERVICE',
      'http.8080     blackhole:80     *           /*                     404',
      '              backend          *           /healthz/ready*        ',
      '              backend          *           /stats/prometheus*     ',
    ),
  );
});

void test('routes: step 6 binds the host to test-virtualservice.test-ns', () => {
  const dump = configDump(seedModel(6));
  assert.equal(
    printRouteSummary(dump, {}, true),
    lines(
      'NAME          VHOST NAME                        DOMAINS                        MATCH                  VIRTUAL SERVICE',
      'http.8080     istio-test-alb.example.com:80     istio-test-alb.example.com     /*                     test-virtualservice.test-ns',
      '              backend                           *                              /healthz/ready*        ',
      '              backend                           *                              /stats/prometheus*     ',
    ),
  );
  assert.equal(
    printRouteSummary(dump, { name: 'http.8080' }, false),
    lines('NAME          VIRTUAL HOSTS', 'http.8080     1'),
  );
});

void test('clusters: every Service port, BlackHoleCluster and the bootstrap clusters, sorted', () => {
  const dump = configDump(seedModel(6));
  assert.equal(
    printClusterSummary(dump, { fqdn: 'test-svc' }),
    lines(
      'SERVICE FQDN                           PORT     SUBSET     DIRECTION     TYPE     DESTINATION RULE',
      'test-svc.test-ns.svc.cluster.local     80       -          outbound      EDS      ',
    ),
  );
  const names = selectClusters(dump, {}).map((c) => c['name']);
  assert.deepEqual(names, [
    'BlackHoleCluster',
    'agent',
    'outbound|80||istio-ingressgateway.istio-system.svc.cluster.local',
    'outbound|443||istio-ingressgateway.istio-system.svc.cluster.local',
    'outbound|15012||istio-ingressgateway.istio-system.svc.cluster.local',
    'outbound|15021||istio-ingressgateway.istio-system.svc.cluster.local',
    'outbound|15443||istio-ingressgateway.istio-system.svc.cluster.local',
    'prometheus_stats',
    'sds-grpc',
    'outbound|80||test-svc.test-ns.svc.cluster.local',
    'xds-grpc',
  ]);
  assert.match(
    printClusterSummary(dump, { port: 15021 }),
    /\nistio-ingressgateway\.istio-system\.svc\.cluster\.local {5}15021 /,
  );
});

void test('endpoints: from /clusters, sorted by address, with outlier status', () => {
  const eps = new Map([
    [
      'outbound|80||test-svc.test-ns.svc.cluster.local',
      [
        { address: '127.1.128.7', port: 80, healthy: true },
        { address: '127.1.128.6', port: 80, healthy: true, outlierFailed: true },
      ],
    ],
  ]);
  const dump = clustersDump(seedModel(6), eps);
  assert.equal(
    printEndpointSummary(dump, { cluster: 'outbound|80||test-svc.test-ns.svc.cluster.local' }),
    lines(
      'ENDPOINT           STATUS      OUTLIER CHECK     CLUSTER',
      '127.1.128.6:80     HEALTHY     FAILED            outbound|80||test-svc.test-ns.svc.cluster.local',
      '127.1.128.7:80     HEALTHY     OK                outbound|80||test-svc.test-ns.svc.cluster.local',
    ),
  );
  assert.match(printEndpointSummary(dump, {}), /\n127\.0\.0\.1:15020 +HEALTHY +OK +agent\n/);
  assert.match(
    printEndpointSummary(dump, {}),
    /\nunix:\/\/\.\/etc\/istio\/proxy\/XDS +HEALTHY +OK +xds-grpc\n/,
  );
});

void test('-o json prints protojson field names with 4-space indentation, Struct keys kept', () => {
  const dump = configDump(seedModel(6));
  const listeners = selectListeners(dump, { port: 8080 }).map((l) => toProtoJson(l));
  const text = goJsonIndent(listeners);
  assert.match(
    text,
    /^\[\n {4}\{\n {8}"name": "0\.0\.0\.0_8080",\n {8}"address": \{\n {12}"socketAddress": \{/,
  );
  assert.match(text, /"routeConfigName": "http\.8080"/);
  const routes = goJsonIndent(selectRouteConfigs(dump, { name: 'http.8080' }).map((r) => toProtoJson(r)));
  assert.match(
    routes,
    /"filterMetadata": \{\n\s+"istio": \{\n\s+"config": "\/apis\/networking\.istio\.io\/v1\/namespaces\/test-ns\/virtual-service\/test-virtualservice"/,
  );
  assert.match(routes, /"operation": "test-svc\.test-ns\.svc\.cluster\.local:80\/\*"/);
  assert.equal(goJsonIndent(['<a&b>']), '[\n    "\\u003ca\\u0026b\\u003e"\n]');
});
