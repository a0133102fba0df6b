// The ALB-side analyzers on small inputs: wildcard coverage for shadowed rules, and the
// health-check pitfalls' edges (a literal that is a declared nodePort is fine).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlbCondition } from '../../alb/model.ts';
import { healthChecks } from './health-checks.ts';
import { patternCovers, ruleCovers } from './shadowed-rules.ts';
import { SEED, analyzeYaml, brief } from './test-helpers.ts';

void test('patternCovers: every string the narrow pattern matches, the wide one matches', () => {
  const cases: [string, string, boolean][] = [
    ['/*', '/api/*', true],
    ['/*', '/', true],
    ['/api/*', '/api/v1', true],
    ['/api/*', '/*', false],
    ['/api', '/api', true],
    ['/api', '/api/*', false],
    ['*.example.com', 'a.example.com', true],
    ['*.example.com', '*.example.com', true],
    ['a.example.com', '*.example.com', false],
    ['?.example.com', 'a.example.com', true],
    ['?.example.com', '?.example.com', true],
    ['a.example.com', '?.example.com', false],
    ['*', '', true],
  ];
  for (const [wide, narrow, want] of cases)
    assert.equal(patternCovers(wide, narrow), want, `${wide} ⊇ ${narrow}`);
});

void test('ruleCovers: an earlier rule without a condition field is broader', () => {
  const path = (...v: string[]): AlbCondition => ({ field: 'path-pattern', values: v });
  const host = (...v: string[]): AlbCondition => ({ field: 'host-header', values: v });
  const cases: [AlbCondition[], AlbCondition[], boolean][] = [
    [[path('/*')], [host('a.example.com'), path('/x')], true],
    [[host('A.example.com'), path('/*')], [host('a.example.com'), path('/x')], true],
    [[host('b.example.com'), path('/*')], [host('a.example.com'), path('/x')], false],
    [[path('/x', '/x/*')], [path('/x/*')], true],
    [[path('/x/*')], [path('/x', '/x/*')], false],
    [[path('/*'), { field: 'http-header', httpHeaderName: 'X-A', values: ['1'] }], [path('/y')], false],
    [[], [path('/y')], true],
  ];
  for (const [a, b, want] of cases) assert.equal(ruleCovers(a, b), want, JSON.stringify([a, b]));
});

void test('GW1102: a literal healthcheck-port that is a declared nodePort of the Service is fine', () => {
  const yaml = `
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: alb}
spec: {controller: ingress.k8s.aws/alb}
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
  annotations:
    alb.ingress.kubernetes.io/healthcheck-port: "PORT"
spec:
  type: NodePort
  selector: {app: web}
  ports:
  - {name: http, port: 80, targetPort: 8080, nodePort: 31000}
  - {name: health, port: 81, targetPort: 8081, nodePort: 31001}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: shop}
spec:
  ingressClassName: alb
  defaultBackend: {service: {name: web, port: {number: 80}}}
`;
  assert.deepEqual(brief(analyzeYaml(yaml.replace('PORT', '31001'), [healthChecks], false)), []);
  assert.deepEqual(brief(analyzeYaml(yaml.replace('PORT', '30218'), [healthChecks], false)), [
    'GW1102 Service shop/web :13',
  ]);
});

void test('GW1101: only for Services in front of Istio gateway pods', () => {
  assert.deepEqual(brief(analyzeYaml(SEED, [healthChecks])), []);
  const noHc = SEED.replace(/ {8}serviceAnnotations:\n.*\n.*\n/, '');
  assert.deepEqual(brief(analyzeYaml(noHc, [healthChecks])), ['GW1101 Ingress istio-system/test-alb :26']);
});
