// Unit tables for the translator's pure helpers: header operations, fault percentages, retryOn
// parsing, delegate match merging, traffic-policy merging and the proxy.istio.io/config annotation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import { hasConflict, mergeMatches, mergeRule } from './delegate.ts';
import { translateFault } from './fault-cors.ts';
import { appendOps, translateHeaders } from './header-ops.ts';
import { numTrustedProxies } from './proxy-config.ts';
import { parseRetryOn } from './retries.ts';
import { portPolicy, subsetPolicy } from './traffic-policy.ts';

void test('translateHeaders: authority from set over add, pseudo-headers dropped, sorted', () => {
  assert.deepEqual(
    translateHeaders({
      request: {
        set: { 'X-B': '2', Host: 'h1', 'x-a': '1' },
        add: { ':authority': 'h2', ':path': '/x' },
        remove: ['X-R', ':m'],
      },
      response: { set: { host: 'ignored' } },
    }),
    {
      request: {
        set: [
          ['x-a', '1'],
          ['x-b', '2'],
        ],
        remove: ['x-r'],
      },
      authority: 'h1',
    },
  );
  assert.deepEqual(translateHeaders(undefined), {});
  assert.deepEqual(appendOps({ set: [['a', '1']] }, { set: [['a', '2']], remove: ['b'] }), {
    set: [
      ['a', '1'],
      ['a', '2'],
    ],
    remove: ['b'],
  });
});

void test('translateFault: unset percentage is 0%, exponential delays and http2 errors dropped', () => {
  const cases: [Parameters<typeof translateFault>[0], ReturnType<typeof translateFault>][] = [
    [
      { delay: { fixedDelay: '7s', percentage: { value: 100 } } },
      { delay: { fixedDelayMs: 7000, percentage: 100 } },
    ],
    [{ delay: { fixedDelay: '1s' } }, { delay: { fixedDelayMs: 1000, percentage: 0 } }],
    [{ delay: { fixedDelay: '1s', percent: 20 } }, { delay: { fixedDelayMs: 1000, percentage: 20 } }],
    [{ abort: { httpStatus: 500 } }, { abort: { httpStatus: 500, percentage: 0 } }],
    [{ delay: { exponentialDelay: '1s' } }, undefined],
    [{ abort: { http2Error: 'x' } }, undefined],
    [undefined, undefined],
  ];
  for (const [input, want] of cases) assert.deepEqual(translateFault(input), want);
});

void test('parseRetryOn: Go status codes become codes, other numbers stay names', () => {
  assert.deepEqual(parseRetryOn(' 503,gateway-error, 599 ,,504'), {
    names: 'gateway-error,599',
    codes: [503, 504],
  });
  assert.deepEqual(parseRetryOn('5xx'), { names: '5xx', codes: [] });
});

void test('delegate: hasConflict as pilot mergeHTTPMatchRequest checks it', () => {
  const cases: [Parameters<typeof hasConflict>[0], Parameters<typeof hasConflict>[1], boolean][] = [
    [{ uri: { prefix: '/a' } }, { uri: { prefix: '/a/b' } }, false],
    [{ uri: { prefix: '/a/b' } }, { uri: { prefix: '/a' } }, true],
    [{ uri: { prefix: '/a' } }, { uri: { exact: '/a/x' } }, false],
    [{ uri: { exact: '/a' } }, { uri: { exact: '/a' } }, false],
    [{ uri: { exact: '/a' } }, { uri: { prefix: '/a' } }, true],
    [{ uri: { prefix: '/a' } }, { uri: { regex: '/a.*' } }, true],
    [{ uri: { regex: '/a.*' } }, { uri: { prefix: '/a' } }, true],
    [{ uri: { prefix: '/a' } }, {}, false],
    [{ headers: { x: { exact: '1' } } }, { headers: { x: { exact: '2' } } }, true],
    [{ headers: { x: { exact: '1' } } }, { headers: { y: { exact: '2' } } }, false],
    [{ port: 80 }, { port: 443 }, true],
    [{ ignoreUriCase: true }, {}, true],
    [{ gateways: ['a', 'b'] }, { gateways: ['a'] }, false],
    [{ gateways: ['a'] }, { gateways: ['b'] }, true],
  ];
  for (const [root, leaf, want] of cases)
    assert.equal(hasConflict(root, leaf), want, JSON.stringify([root, leaf]));
});

void test('delegate: matches merged per root match, names joined, unset fields inherited', () => {
  assert.deepEqual(
    mergeMatches(
      [{ name: 'r', uri: { prefix: '/a' }, headers: { x: { exact: '1' } } }],
      [{ name: 'l', uri: { prefix: '/a/b' } }],
    ),
    [{ name: 'r-l', uri: { prefix: '/a/b' }, headers: { x: { exact: '1' } } }],
  );
  assert.equal(mergeMatches([{ uri: { prefix: '/a' } }], [{ uri: { prefix: '/b' } }]), undefined);
  assert.deepEqual(
    mergeRule(
      { name: 'root', match: [{ uri: { prefix: '/a' } }], timeout: '5s', delegate: { name: 'd' } },
      { name: 'leaf', route: [{ destination: { host: 'x' } }], timeout: '1s', retries: { attempts: 0 } },
    ),
    {
      name: 'root-leaf',
      match: [{ uri: { prefix: '/a' } }],
      route: [{ destination: { host: 'x' } }],
      timeout: '1s',
      retries: { attempts: 0 },
    },
  );
});

void test('traffic policy: port level replaces without inheriting; subsets override by field', () => {
  const policy = {
    loadBalancer: { simple: 'RANDOM' },
    connectionPool: { tcp: { maxConnections: 1 } },
    portLevelSettings: [{ port: { number: 9090 }, loadBalancer: { simple: 'ROUND_ROBIN' } }],
  };
  assert.deepEqual(portPolicy(policy, 80), {
    loadBalancer: { simple: 'RANDOM' },
    connectionPool: { tcp: { maxConnections: 1 } },
  });
  assert.deepEqual(portPolicy(policy, 9090), { loadBalancer: { simple: 'ROUND_ROBIN' } });
  const base = portPolicy(policy, 80);
  assert.deepEqual(subsetPolicy(base, { loadBalancer: { simple: 'LEAST_REQUEST' } }, 80), {
    loadBalancer: { simple: 'LEAST_REQUEST' },
    connectionPool: { tcp: { maxConnections: 1 } },
  });
  assert.deepEqual(
    subsetPolicy(
      base,
      { portLevelSettings: [{ port: { number: 80 }, outlierDetection: { interval: '1s' } }] },
      80,
    ),
    { outlierDetection: { interval: '1s' } },
  );
  assert.equal(subsetPolicy(base, undefined, 80), base);
});

void test('numTrustedProxies: JSON or YAML annotation; bad values reported and ignored', () => {
  const proxy = (v: string | undefined) => ({
    namespace: 'istio-system',
    name: 'gw',
    labels: {},
    ...(v === undefined ? {} : { annotations: { 'proxy.istio.io/config': v } }),
  });
  const cases: [string | undefined, number | undefined, number][] = [
    [undefined, undefined, 0],
    ['{"gatewayTopology":{"numTrustedProxies":1}}', 1, 0],
    ['gatewayTopology:\n  numTrustedProxies: 2\n', 2, 0],
    ['concurrency: 2', undefined, 0],
    ['{"gatewayTopology":{"numTrustedProxies":-1}}', undefined, 1],
    ['{not json', undefined, 1],
    ['- a', undefined, 1],
  ];
  for (const [text, want, diags] of cases) {
    const got: Diagnostic[] = [];
    assert.equal(
      numTrustedProxies(proxy(text), (d) => got.push(d)),
      want,
      String(text),
    );
    assert.equal(got.length, diags, String(text));
  }
});
