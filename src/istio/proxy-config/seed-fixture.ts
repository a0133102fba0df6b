// Test support: the seed scenario's objects (SCENARIO.md steps 1-6) as the store holds them,
// and the gateway model istiod would build at each step.
import type { KubeObject } from '../../resources/types.ts';
import type { GatewayModel, GatewayProxy } from '../model.ts';
import { translateGateway } from '../translate/index.ts';

export const SEED_PROXY: GatewayProxy = {
  namespace: 'istio-system',
  name: 'istio-ingressgateway-d45fb4b48-jsz9z',
  labels: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
};

const meta = (name: string, namespace: string, t: number): KubeObject['metadata'] => ({
  name,
  namespace,
  creationTimestamp: `2026-01-01T00:00:0${t}Z`,
});

export const GATEWAY_SERVICE: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: meta('istio-ingressgateway', 'istio-system', 0),
  spec: {
    type: 'NodePort',
    selector: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
    ports: [
      { name: 'status-port', port: 15021, targetPort: 15021, nodePort: 30218 },
      { name: 'http2', port: 80, targetPort: 8080, nodePort: 31246 },
      { name: 'https', port: 443, targetPort: 8443, nodePort: 30486 },
      { name: 'tcp-istiod', port: 15012, targetPort: 15012, nodePort: 32445 },
      { name: 'tls', port: 15443, targetPort: 15443, nodePort: 30154 },
    ],
  },
};

export const TEST_SERVICE: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: meta('test-svc', 'test-ns', 1),
  spec: {
    selector: { app: 'test-app' },
    ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 80 }],
  },
};

export const TEST_GATEWAY: KubeObject = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'Gateway',
  metadata: meta('test-gateway', 'test-ns', 2),
  spec: {
    selector: { istio: 'ingressgateway' },
    servers: [
      { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['istio-test-alb.example.com'] },
    ],
  },
};

export const TEST_VIRTUAL_SERVICE: KubeObject = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: meta('test-virtualservice', 'test-ns', 3),
  spec: {
    hosts: ['istio-test-alb.example.com'],
    gateways: ['test-gateway'],
    http: [
      {
        match: [{ uri: { prefix: '/' } }],
        route: [{ destination: { host: 'test-svc', port: { number: 80 } } }],
      },
    ],
  },
};

/** The model at SCENARIO.md step 3 (no Gateway), 5 (Gateway only) or 6 (Gateway + VirtualService). */
export function seedModel(step: 3 | 5 | 6): GatewayModel {
  return translateGateway(
    {
      gateways: step >= 5 ? [TEST_GATEWAY] : [],
      virtualServices: step >= 6 ? [TEST_VIRTUAL_SERVICE] : [],
      destinationRules: [],
      services: step >= 5 ? [GATEWAY_SERVICE, TEST_SERVICE] : [GATEWAY_SERVICE],
    },
    SEED_PROXY,
  ).model;
}
