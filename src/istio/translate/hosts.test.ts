import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  intersectHosts,
  namesForNamespace,
  resolveGatewayName,
  resolveShortName,
  sanitizeServerHost,
  subsetOf,
  visibleFrom,
} from './hosts.ts';
import { parseDurationMs } from './durations.ts';
import { DEFAULT_RETRY_ON, retryPolicy } from './http-routes.ts';

void test('subsetOf follows host.Name.SubsetOf', () => {
  const cases: [string, string, boolean][] = [
    ['a.example.com', 'a.example.com', true],
    ['a.example.com', '*.example.com', true],
    ['example.com', '*.example.com', false],
    ['a.b.example.com', '*.example.com', true],
    ['*.dev.example.com', '*.example.com', true],
    ['*.example.com', '*.dev.example.com', false],
    ['*.example.com', 'a.example.com', false],
    ['anything', '*', true],
    ['*', '*', true],
    ['*.example.com', '*', true],
  ];
  for (const [n, o, want] of cases) assert.equal(subsetOf(n, o), want, `${n} subsetOf ${o}`);
});

void test('intersectHosts keeps the more specific host of each pair', () => {
  assert.deepEqual(intersectHosts(['*.example.com'], ['a.example.com', 'example.com', '*']), [
    'a.example.com',
    '*.example.com',
  ]);
  assert.deepEqual(intersectHosts(['a.example.com', 'b.example.com'], ['*.example.com']), [
    'a.example.com',
    'b.example.com',
  ]);
  assert.deepEqual(intersectHosts(['istio-test-alb.example.com'], ['other.example.com']), []);
});

void test('server host namespaces', () => {
  assert.equal(sanitizeServerHost('./h.com', 'gw-ns'), 'gw-ns/h.com');
  assert.equal(sanitizeServerHost('*/h.com', 'gw-ns'), 'h.com');
  assert.equal(sanitizeServerHost('team/h.com', 'gw-ns'), 'team/h.com');
  assert.deepEqual(namesForNamespace(['team/*', 'other/x.com', 'plain.com'], 'team'), ['*', 'plain.com']);
});

void test('short names and gateway references resolve in the VirtualService namespace', () => {
  assert.equal(resolveShortName('reviews', 'bookinfo'), 'reviews.bookinfo.svc.cluster.local');
  assert.equal(resolveShortName('reviews.prod', 'bookinfo'), 'reviews.prod');
  assert.equal(resolveShortName('*', 'bookinfo'), '*');
  const refs: [string, string][] = [
    ['test-gateway', 'test-ns/test-gateway'],
    ['./test-gateway', 'test-ns/test-gateway'],
    ['istio-system/gw', 'istio-system/gw'],
    ['gw.istio-system.svc.cluster.local', 'istio-system/gw'],
    ['gw.istio-system', 'istio-system/gw'],
    ['mesh', 'mesh'],
  ];
  for (const [ref, want] of refs) assert.equal(resolveGatewayName(ref, 'test-ns'), want);
  assert.equal(visibleFrom(undefined, 'a', 'istio-system'), true);
  assert.equal(visibleFrom(['.'], 'a', 'istio-system'), false);
  assert.equal(visibleFrom(['istio-system'], 'a', 'istio-system'), true);
});

void test('durations and retry policies', () => {
  const d: [string | undefined, number | undefined][] = [
    ['10s', 10000],
    ['0.5s', 500],
    ['100ms', 100],
    ['1m30s', 90000],
    ['1h', 3600000],
    ['', undefined],
    ['10', undefined],
    [undefined, undefined],
  ];
  for (const [text, want] of d) assert.equal(parseDurationMs(text), want, String(text));
  assert.deepEqual(retryPolicy(undefined), { attempts: 2, retryOn: DEFAULT_RETRY_ON });
  assert.equal(retryPolicy({ attempts: 0 }), undefined);
  assert.deepEqual(retryPolicy({ attempts: 3, retryOn: '503,gateway-error' }), {
    attempts: 3,
    retryOn: 'gateway-error,retriable-status-codes',
    retriableStatusCodes: [503],
  });
  assert.deepEqual(retryPolicy({ attempts: 1 }), { attempts: 1, retryOn: DEFAULT_RETRY_ON });
});
