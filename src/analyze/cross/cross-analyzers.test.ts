// The cross-hop analyzers on the seed manifests and small variations: host matching, rule
// hosts vs external-dns hostnames, numTrustedProxies silencing the redirect loop, mesh-only
// VirtualServices.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEED, analyzeYaml, brief } from '../alb/test-helpers.ts';
import { crossAnalyzers } from './index.ts';
import { externalDnsHostnames, hostsIntersect, serverHost } from './host-match.ts';

void test('hostsIntersect and serverHost', () => {
  const cases: [string, string, boolean][] = [
    ['a.example.com', 'A.Example.com', true],
    ['*', 'a.example.com', true],
    ['*.example.com', 'a.example.com', true],
    ['*.example.com', 'example.com', false],
    ['a.example.com', '*.example.com', true],
    ['*.a.example.com', '*.example.com', true],
    ['*.example.org', '*.example.com', false],
    ['b.example.com', 'a.example.com', false],
  ];
  for (const [a, b, want] of cases) assert.equal(hostsIntersect(a, b), want, `${a} ∩ ${b}`);
  assert.equal(serverHost('test-ns/A.example.com'), 'a.example.com');
  assert.equal(serverHost('*/x'), 'x');
  assert.deepEqual(externalDnsHostnames({ 'external-dns.alpha.kubernetes.io/hostname': 'a.com., b.com' }), [
    'a.com',
    'b.com',
  ]);
});

const HTTPS_REDIRECT = SEED.replace(
  '    hosts: ["istio-test-alb.example.com"]\n',
  '    hosts: ["istio-test-alb.example.com"]\n    tls: {httpsRedirect: true}\n',
);

void test('cross analyzers: the seed is clean', () => {
  assert.deepEqual(brief(analyzeYaml(SEED, crossAnalyzers)), []);
});

void test('cross analyzers: findings and what silences them', () => {
  const cases: { name: string; yaml: string; want: string[] }[] = [
    {
      name: 'a rule host the Gateway does not accept (the rule host, not external-dns, is checked)',
      yaml: SEED.replace('  - http:\n', '  - host: shop.example.com\n    http:\n'),
      want: ['GW2001 Ingress istio-system/test-alb :27'],
    },
    {
      name: 'a wildcard Gateway host accepts the external-dns hostname',
      yaml: SEED.replace('hosts: ["istio-test-alb.example.com"]', 'hosts: ["*/*.example.com"]'),
      want: [],
    },
    {
      name: 'no Gateway at all',
      yaml: SEED.slice(0, SEED.indexOf('---\napiVersion: networking.istio.io/v1\nkind: Gateway')),
      want: ['GW2002 Ingress istio-system/test-alb :29'],
    },
    {
      name: 'httpsRedirect behind the TLS-terminating ALB',
      yaml: HTTPS_REDIRECT,
      want: ['GW2004 Gateway test-ns/test-gateway :39'],
    },
    {
      name: 'httpsRedirect with numTrustedProxies in the mesh config',
      yaml: HTTPS_REDIRECT.replace(
        '  profile: default\n',
        '  profile: default\n  meshConfig:\n    defaultConfig:\n      gatewayTopology: {numTrustedProxies: 1}\n',
      ),
      want: [],
    },
    {
      name: 'httpsRedirect with no HTTPS listener on the ALB',
      yaml: HTTPS_REDIRECT.replace(`'[{"HTTP": 80}, {"HTTPS":443}]'`, `'[{"HTTP": 80}]'`),
      want: [],
    },
    {
      name: 'a mesh-only VirtualService for the ALB host; one bound to the Gateway is fine',
      yaml: `${SEED}---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: mesh-only, namespace: test-ns}
spec:
  hosts: [istio-test-alb.example.com]
  gateways: [mesh]
  http: [{route: [{destination: {host: test-svc}}]}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: bound, namespace: test-ns}
spec:
  hosts: [istio-test-alb.example.com]
  gateways: [test-gateway]
  http: [{route: [{destination: {host: test-svc}}]}]
`,
      want: ['GW2005 VirtualService test-ns/mesh-only :45'],
    },
  ];
  for (const c of cases) assert.deepEqual(brief(analyzeYaml(c.yaml, crossAnalyzers)), c.want, c.name);
});
