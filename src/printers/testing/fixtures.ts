// Test fixtures: the scenario's objects as a running cluster would hold them (defaulted,
// with status), timestamps relative to a given `now` and chosen away from the boundaries
// where a printed age changes within a test run.
import type { KubeObject } from '../../resources/types.ts';
import { edgeObjects } from './fixtures-edge-net.ts';
import { ago } from './ago.ts';
import { scenarioWorkloads } from './fixtures-workloads.ts';

const H = 3600;
const D = 24 * H;

/** The scenario's objects plus the `edge` namespace's corner cases. */
export function fixtureObjects(now: Date): KubeObject[] {
  return [...scenarioObjects(now), ...edgeObjects(now)];
}

export function scenarioObjects(now: Date): KubeObject[] {
  const t25h = ago(now, 25 * H + 20 * 60);
  const t30m = ago(now, 30 * 60 + 20);
  const t3d = ago(now, 3 * D + 4 * H + 600);
  return [
    ns('default', t3d),
    ns('istio-system', t25h),
    ns('test-ns', t30m, { 'istio-injection': 'enabled', 'kubernetes.io/metadata.name': 'test-ns' }),
    {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: 'gangway-node-1',
        uid: 'node-uid-1',
        creationTimestamp: t3d,
        labels: {
          'kubernetes.io/hostname': 'gangway-node-1',
          'kubernetes.io/os': 'linux',
          'node-role.kubernetes.io/control-plane': '',
        },
        annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
      },
      spec: { podCIDR: '127.1.128.0/24', podCIDRs: ['127.1.128.0/24'] },
      status: {
        capacity: { cpu: '2', memory: '8Gi', pods: '110', 'ephemeral-storage': '100Gi' },
        allocatable: { cpu: '2', memory: '8Gi', pods: '110', 'ephemeral-storage': '100Gi' },
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            lastHeartbeatTime: t30m,
            lastTransitionTime: t3d,
            reason: 'KubeletReady',
            message: 'kubelet is posting ready status',
          },
        ],
        addresses: [
          { type: 'InternalIP', address: '127.1.0.1' },
          { type: 'Hostname', address: 'gangway-node-1' },
        ],
        nodeInfo: {
          machineID: 'm1',
          systemUUID: 's1',
          bootID: 'b1',
          kernelVersion: '6.1.0-gangway',
          osImage: 'gangway',
          containerRuntimeVersion: 'gangway://0.1.0',
          kubeletVersion: 'v1.32.4',
          kubeProxyVersion: 'v1.32.4',
          operatingSystem: 'linux',
          architecture: 'amd64',
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'istio-ingressgateway',
        namespace: 'istio-system',
        uid: 'svc-uid-igw',
        creationTimestamp: t25h,
        labels: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
        annotations: {
          'alb.ingress.kubernetes.io/healthcheck-path': '/healthz/ready',
          'alb.ingress.kubernetes.io/healthcheck-port': '30218',
        },
      },
      spec: {
        type: 'NodePort',
        clusterIP: '172.20.112.213',
        clusterIPs: ['172.20.112.213'],
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        selector: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
        ports: [
          { name: 'status-port', port: 15021, targetPort: 15021, nodePort: 30218, protocol: 'TCP' },
          { name: 'http2', port: 80, targetPort: 8080, nodePort: 31246, protocol: 'TCP' },
          { name: 'https', port: 443, targetPort: 8443, nodePort: 30486, protocol: 'TCP' },
          { name: 'tcp-istiod', port: 15012, targetPort: 15012, nodePort: 32445, protocol: 'TCP' },
          { name: 'tls', port: 15443, targetPort: 15443, nodePort: 30154, protocol: 'TCP' },
        ],
        sessionAffinity: 'None',
        externalTrafficPolicy: 'Cluster',
        internalTrafficPolicy: 'Cluster',
      },
      status: { loadBalancer: {} },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'test-svc', namespace: 'test-ns', uid: 'svc-uid-test', creationTimestamp: t30m },
      spec: {
        type: 'ClusterIP',
        clusterIP: '127.1.96.10',
        clusterIPs: ['127.1.96.10'],
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        selector: { app: 'test-app' },
        ports: [{ name: 'http', port: 80, targetPort: 80, protocol: 'TCP' }],
        sessionAffinity: 'None',
        internalTrafficPolicy: 'Cluster',
      },
      status: { loadBalancer: {} },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'lb-svc', namespace: 'test-ns', uid: 'svc-uid-lb', creationTimestamp: t30m },
      spec: {
        type: 'LoadBalancer',
        clusterIP: '127.1.96.11',
        clusterIPs: ['127.1.96.11'],
        selector: { app: 'nothing' },
        ports: [{ port: 443, targetPort: 'https', nodePort: 31000, protocol: 'TCP' }],
        sessionAffinity: 'None',
        externalTrafficPolicy: 'Local',
        healthCheckNodePort: 32000,
      },
      status: { loadBalancer: { ingress: [{ hostname: 'b.elb.example.com' }, { ip: '127.1.1.1' }] } },
    },
    ...scenarioWorkloads(now),
    {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'test-svc', namespace: 'test-ns', uid: 'ep-uid', creationTimestamp: t30m },
      subsets: [
        {
          addresses: [
            { ip: '127.1.128.2' },
            { ip: '127.1.128.4' },
            { ip: '127.1.128.5' },
            { ip: '127.1.128.6' },
          ],
          notReadyAddresses: [{ ip: '127.1.128.3' }],
          ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
        },
      ],
    },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: 'test-svc-abc12',
        namespace: 'test-ns',
        uid: 'eps-uid',
        creationTimestamp: t30m,
        labels: {
          'kubernetes.io/service-name': 'test-svc',
          'endpointslice.kubernetes.io/managed-by': 'gangway',
        },
      },
      addressType: 'IPv4',
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
      endpoints: [
        { addresses: ['127.1.128.2'], conditions: { ready: true, serving: true, terminating: false } },
        { addresses: ['127.1.128.3'], conditions: { ready: false, serving: false, terminating: false } },
      ],
    },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: 'istio-ingressgateway-xyz',
        namespace: 'istio-system',
        uid: 'eps-uid-2',
        creationTimestamp: t25h,
        labels: { 'kubernetes.io/service-name': 'istio-ingressgateway' },
      },
      addressType: 'IPv4',
      ports: [
        { name: 'status-port', port: 15021, protocol: 'TCP' },
        { name: 'http2', port: 8080, protocol: 'TCP' },
        { name: 'https', port: 8443, protocol: 'TCP' },
        { name: 'tcp-istiod', port: 15012, protocol: 'TCP' },
      ],
      endpoints: [{ addresses: ['127.1.128.9'], conditions: { ready: true } }],
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        name: 'test-alb',
        namespace: 'istio-system',
        uid: 'ing-uid',
        creationTimestamp: ago(now, 2 * 60 + 49 + 600),
        annotations: {
          'kubernetes.io/ingress.class': 'alb',
          'alb.ingress.kubernetes.io/scheme': 'internet-facing',
          'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP": 80}, {"HTTPS":443}]',
          'alb.ingress.kubernetes.io/actions.ssl-redirect':
            '{"Type": "redirect", "RedirectConfig": { "Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}',
          'external-dns.alpha.kubernetes.io/hostname': 'istio-test-alb.example.com',
        },
      },
      spec: {
        rules: [
          {
            http: {
              paths: [
                {
                  path: '/*',
                  pathType: 'ImplementationSpecific',
                  backend: { service: { name: 'ssl-redirect', port: { name: 'use-annotation' } } },
                },
                {
                  path: '/*',
                  pathType: 'ImplementationSpecific',
                  backend: { service: { name: 'istio-ingressgateway', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
      status: {
        loadBalancer: {
          ingress: [{ hostname: 'k8s-istiosys-testalb-0123456789.eu-west-3.elb.amazonaws.com' }],
        },
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: 'alb', uid: 'ic-uid', creationTimestamp: t3d },
      spec: {
        controller: 'ingress.k8s.aws/alb',
        parameters: { apiGroup: 'elbv2.k8s.aws', kind: 'IngressClassParams', name: 'alb' },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'istio-ca-root-cert', namespace: 'test-ns', uid: 'cm-uid', creationTimestamp: t30m },
      data: { 'root-cert.pem': '-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n' },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'tls-cert', namespace: 'test-ns', uid: 'secret-uid', creationTimestamp: t30m },
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': 'Y2VydA==', 'tls.key': 'a2V5a2V5' },
    },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: {
        name: 'test-gateway',
        namespace: 'test-ns',
        uid: 'gw-uid',
        generation: 1,
        creationTimestamp: t30m,
      },
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [
          { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['istio-test-alb.example.com'] },
        ],
      },
    },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: {
        name: 'test-virtualservice',
        namespace: 'test-ns',
        uid: 'vs-uid',
        generation: 1,
        creationTimestamp: t30m,
      },
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
    },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'nogw', namespace: 'test-ns', uid: 'vs-uid-2', creationTimestamp: t30m },
      spec: { hosts: ['a.example.com', 'b<&>.example.com'] },
    },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'test-dr', namespace: 'test-ns', uid: 'dr-uid', creationTimestamp: t30m },
      spec: { host: 'test-svc', trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } } },
    },
    {
      apiVersion: 'install.istio.io/v1alpha1',
      kind: 'IstioOperator',
      metadata: {
        name: 'installed-state',
        namespace: 'istio-system',
        uid: 'iop-uid',
        creationTimestamp: t25h,
      },
      spec: { profile: 'default', revision: '' },
      status: { status: 'HEALTHY' },
    },
  ] as KubeObject[];
}

function ns(name: string, ts: string, labels?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      uid: `ns-uid-${name}`,
      creationTimestamp: ts,
      labels: labels ?? { 'kubernetes.io/metadata.name': name },
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}
