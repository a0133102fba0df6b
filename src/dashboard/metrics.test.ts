import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePrometheus, quantile, SampleRing, toEdgeMetrics } from './metrics.ts';

const L = 'destination_service_name="test-svc",destination_service_namespace="test-ns"';
const text = (ok: number, err: number, fast: number): string =>
  [
    '# TYPE istio_requests_total counter',
    `istio_requests_total{response_code="200",${L}} ${ok}`,
    `istio_requests_total{response_code="503",${L}} ${err}`,
    'istio_requests_total{response_code="404",destination_service_name="unknown",destination_service_namespace="unknown"} 3',
    `istio_request_duration_milliseconds_bucket{response_code="200",${L},le="5"} ${fast}`,
    `istio_request_duration_milliseconds_bucket{response_code="200",${L},le="10"} ${ok}`,
    `istio_request_duration_milliseconds_bucket{response_code="200",${L},le="+Inf"} ${ok}`,
    `istio_request_duration_milliseconds_bucket{response_code="503",${L},le="5"} ${err}`,
    `istio_request_duration_milliseconds_bucket{response_code="503",${L},le="10"} ${err}`,
    `istio_request_duration_milliseconds_bucket{response_code="503",${L},le="+Inf"} ${err}`,
  ].join('\n');

void test('parsePrometheus sums series per destination Service', () => {
  const s = parsePrometheus(text(90, 10, 50));
  const c = s.get('test-ns/test-svc')!;
  assert.equal(c.requests, 100);
  assert.equal(c.errors, 10);
  assert.equal(c.buckets.get(5), 60);
  assert.equal(c.buckets.get(Infinity), 100);
  assert.equal(s.get('unknown/unknown')!.requests, 3);
});

void test('quantile interpolates like histogram_quantile', () => {
  const cases: [number, [number, number][], number | null][] = [
    [0.99, [], null],
    [
      0.5,
      [
        [5, 50],
        [10, 100],
        [Infinity, 100],
      ],
      5,
    ],
    [
      0.99,
      [
        [5, 50],
        [10, 100],
        [Infinity, 100],
      ],
      9.9,
    ],
    [
      0.99,
      [
        [5, 0],
        [10, 0],
        [Infinity, 10],
      ],
      10,
    ],
  ];
  for (const [q, b, want] of cases) assert.equal(quantile(q, new Map(b)), want);
});

void test('SampleRing: the window is the newest minus the oldest sample', () => {
  const ring = new SampleRing(60_000);
  ring.push('istio-system/gw', 0, parsePrometheus(text(0, 0, 0)));
  assert.equal(ring.window().byPod.size, 0);
  ring.push('istio-system/gw', 10_000, parsePrometheus(text(90, 10, 50)));
  const w = ring.window();
  assert.equal(w.seconds, 10);
  const m = toEdgeMetrics(w.byPod.get('istio-system/gw')!.get('test-ns/test-svc')!, w.seconds);
  assert.deepEqual(m, { rps: 10, error_rate: 0.1, p99_ms: 9.88 });
  ring.push('istio-system/gw', 80_000, parsePrometheus(text(90, 10, 50)));
  assert.equal(ring.window().seconds, 70); // keeps one sample at least a minute old
  ring.retain(new Set());
  assert.equal(ring.window().byPod.size, 0);
});
