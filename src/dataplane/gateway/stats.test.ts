// GatewayStats across data-plane threads: a thread's snapshot is plain data (it crosses a
// MessagePort), and the pod's /stats/prometheus text adds every thread's counters: one
// thread's text is unchanged by an empty second thread, two threads' counts add up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterResources } from '../http/host-pool.ts';
import { destination, GatewayStats } from './stats.ts';
import type { GatewayCluster } from '../../istio/model.ts';

const proxy = { namespace: 'istio-system', name: 'gw-1', labels: { app: 'istio-ingressgateway' } };
const cluster: GatewayCluster = {
  name: 'outbound|80||web.default.svc.cluster.local',
  type: 'EDS',
  service: { namespace: 'default', name: 'web', fqdn: 'web.default.svc.cluster.local', port: 80 },
  lbPolicy: 'ROUND_ROBIN',
};
const pod = { namespace: 'default', name: 'web-1', labels: { app: 'web' }, workload: 'web' };

function traffic(stats: GatewayStats, n: number, code = 200): void {
  const dest = destination(cluster, pod, clusterResources());
  for (let i = 0; i < n; i++) {
    stats.request(dest, code, '-', i % 7);
    stats.upstream(cluster.name, code);
  }
}

function metric(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith(`${name}{`)) sum += Number(line.split(' ').pop());
  return sum;
}

void test('one thread: its text does not change when an idle thread adds an empty snapshot', () => {
  const a = new GatewayStats(proxy);
  traffic(a, 5);
  const cx = new Map([[cluster.name, 1]]);
  const idle = new GatewayStats(proxy).snapshot(new Map());
  assert.equal(a.render(cx, [idle]), a.render(cx));
});

void test('two threads: requests, upstream counters, histograms and open connections add up', () => {
  const a = new GatewayStats(proxy);
  const b = new GatewayStats(proxy);
  traffic(a, 5);
  traffic(b, 3);
  traffic(b, 2, 503);
  const snap = structuredClone(b.snapshot(new Map([[cluster.name, 2]])));
  const text = a.render(new Map([[cluster.name, 1]]), [snap]);
  assert.equal(metric(text, 'istio_requests_total'), 10);
  assert.equal(metric(text, 'envoy_cluster_upstream_rq_total'), 10);
  assert.match(text, /envoy_cluster_upstream_rq\{response_code="503",cluster_name="[^"]+"\} 2/);
  assert.equal(metric(text, 'envoy_cluster_upstream_cx_active'), 3);
  assert.equal(metric(text, 'istio_request_duration_milliseconds_count'), 10);
  // one series per label set, not one per thread
  assert.equal(
    text.split('\n').filter((l) => l.startsWith('istio_requests_total{response_code="200"')).length,
    1,
  );
});
