// Test helper: analyze one multi-document YAML text offline (with the default Istio install, or
// without it) through the given analyzers, as `gangway analyze -f` would.
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import { parseManifests } from '../../manifest/parse.ts';
import { createContext } from '../context.ts';
import { offlineObjects } from '../offline.ts';
import { runAnalyzers } from '../run.ts';
import type { Analyzer } from '../types.ts';

export function analyzeYaml(text: string, analyzers: readonly Analyzer[], istio = true): Diagnostic[] {
  const parsed = parseManifests(text, 'case.yaml');
  const input = offlineObjects(parsed.manifests, istio ? {} : false);
  return runAnalyzers(createContext(input.objects, { live: false }), analyzers);
}

/** `CODE object :line` of each diagnostic, for compact assertions. */
export function brief(ds: readonly Diagnostic[]): string[] {
  return ds.map((d) => `${d.code} ${d.object ?? ''}${d.at ? ` :${String(d.at.line)}` : ''}`);
}

/** SCENARIO.md's seed manifests (steps 1-6) with the health check on the status port. */
export const SEED = `
apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
metadata: {name: seed, namespace: istio-system}
spec:
  profile: default
  values:
    gateways:
      istio-ingressgateway:
        type: NodePort
        serviceAnnotations:
          alb.ingress.kubernetes.io/healthcheck-path: /healthz/ready
          alb.ingress.kubernetes.io/healthcheck-port: status-port
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: test-alb
  namespace: istio-system
  annotations:
    kubernetes.io/ingress.class: alb
    alb.ingress.kubernetes.io/certificate-arn: arn:aws:acm:eu-west-3:111111111111:certificate/fcaa9fd2
    alb.ingress.kubernetes.io/listen-ports: '[{"HTTP": 80}, {"HTTPS":443}]'
    external-dns.alpha.kubernetes.io/hostname: istio-test-alb.example.com
spec:
  rules:
  - http:
      paths:
      - {path: /*, pathType: ImplementationSpecific, backend: {service: {name: istio-ingressgateway, port: {number: 80}}}}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: test-gateway, namespace: test-ns}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["istio-test-alb.example.com"]
`;
