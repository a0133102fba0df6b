// What `istioctl install --set profile=default` creates for ingress, as the istio-ingress chart
// (manifests/charts/gateways/istio-ingress) renders it: Namespace istio-system, Deployment and
// Service istio-ingressgateway. Objects istioctl also creates but gangway has no kind for
// (ServiceAccount, Role, RoleBinding, HorizontalPodAutoscaler, PodDisruptionBudget) are left out.
import type { KubeObject } from '../../resources/types.ts';
import type { IstioValues } from './values.ts';
import { DEFAULT_HUB, DEFAULT_TAG, accessLogFile, ingressGatewayEnabled } from './values.ts';
import { GATEWAY_NAME } from './settings.ts';

export const ISTIO_NAMESPACE = 'istio-system';
export const ISTIO_VERSION = '1.28.0';

/** The gateway's selector labels (values.gateways.istio-ingressgateway.labels). */
export const GATEWAY_LABELS: Readonly<Record<string, string>> = {
  app: GATEWAY_NAME,
  istio: 'ingressgateway',
};

export interface GatewayPort {
  name: string;
  port: number;
  targetPort: number;
}

/** The Service ports, in the chart's order; container ports follow their targetPorts. */
export const GATEWAY_PORTS: readonly GatewayPort[] = [
  { name: 'status-port', port: 15021, targetPort: 15021 },
  { name: 'http2', port: 80, targetPort: 8080 },
  { name: 'https', port: 443, targetPort: 8443 },
  { name: 'tcp-istiod', port: 15012, targetPort: 15012 },
  { name: 'tls', port: 15443, targetPort: 15443 },
];

/** Labels every chart object carries (release, istio.io/rev, operator and app.kubernetes.io labels). */
function chartLabels(values: IstioValues): Record<string, string> {
  return {
    release: 'istio',
    'istio.io/rev': 'default',
    'install.operator.istio.io/owning-resource': values.ownerName ?? 'unknown',
    'operator.istio.io/component': 'IngressGateways',
    'app.kubernetes.io/name': GATEWAY_NAME,
    'app.kubernetes.io/managed-by': 'Helm',
    'app.kubernetes.io/instance': 'istio',
    'app.kubernetes.io/part-of': 'istio',
    'app.kubernetes.io/version': ISTIO_VERSION,
    'helm.sh/chart': `istio-ingress-${ISTIO_VERSION}`,
  };
}

function fieldEnv(name: string, fieldPath: string): Record<string, unknown> {
  return { name, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } } };
}

function proxyEnv(): Record<string, unknown>[] {
  return [
    { name: 'PILOT_CERT_PROVIDER', value: 'istiod' },
    { name: 'CA_ADDR', value: 'istiod.istio-system.svc:15012' },
    fieldEnv('NODE_NAME', 'spec.nodeName'),
    fieldEnv('POD_NAME', 'metadata.name'),
    fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
    fieldEnv('INSTANCE_IP', 'status.podIP'),
    fieldEnv('HOST_IP', 'status.hostIP'),
    { name: 'ISTIO_CPU_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '0' } } },
    fieldEnv('SERVICE_ACCOUNT', 'spec.serviceAccountName'),
    { name: 'ISTIO_META_WORKLOAD_NAME', value: GATEWAY_NAME },
    {
      name: 'ISTIO_META_OWNER',
      value: `kubernetes://apis/apps/v1/namespaces/${ISTIO_NAMESPACE}/deployments/${GATEWAY_NAME}`,
    },
    { name: 'ISTIO_META_MESH_ID', value: 'cluster.local' },
    { name: 'TRUST_DOMAIN', value: 'cluster.local' },
    { name: 'ISTIO_META_UNPRIVILEGED_POD', value: 'true' },
    { name: 'ISTIO_META_CLUSTER_ID', value: 'Kubernetes' },
    fieldEnv('ISTIO_META_NODE_NAME', 'spec.nodeName'),
  ];
}

function proxyContainer(values: IstioValues): Record<string, unknown> {
  return {
    name: 'istio-proxy',
    image: `${values.hub ?? DEFAULT_HUB}/proxyv2:${values.tag ?? DEFAULT_TAG}`,
    ports: [
      ...GATEWAY_PORTS.map((p) => ({ containerPort: p.targetPort, protocol: 'TCP' })),
      { containerPort: 15090, protocol: 'TCP', name: 'http-envoy-prom' },
    ],
    args: [
      'proxy',
      'router',
      '--domain',
      '$(POD_NAMESPACE).svc.cluster.local',
      '--proxyLogLevel=warning',
      '--proxyComponentLogLevel=misc:error',
      '--log_output_level=default:info',
    ],
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsUser: 1337,
      runAsGroup: 1337,
      runAsNonRoot: true,
    },
    readinessProbe: {
      failureThreshold: 30,
      httpGet: { path: '/healthz/ready', port: 15021, scheme: 'HTTP' },
      initialDelaySeconds: 1,
      periodSeconds: 2,
      successThreshold: 1,
      timeoutSeconds: 1,
    },
    resources: {
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '2000m', memory: '1024Mi' },
    },
    env: proxyEnv(),
    volumeMounts: [
      { name: 'workload-socket', mountPath: '/var/run/secrets/workload-spiffe-uds' },
      { name: 'credential-socket', mountPath: '/var/run/secrets/credential-uds' },
      { name: 'workload-certs', mountPath: '/var/run/secrets/workload-spiffe-credentials' },
      { name: 'istio-envoy', mountPath: '/etc/istio/proxy' },
      { name: 'config-volume', mountPath: '/etc/istio/config' },
      { name: 'istiod-ca-cert', mountPath: '/var/run/secrets/istio' },
      { name: 'istio-token', mountPath: '/var/run/secrets/tokens', readOnly: true },
      { name: 'istio-data', mountPath: '/var/lib/istio/data' },
      { name: 'podinfo', mountPath: '/etc/istio/pod' },
      { name: 'ingressgateway-certs', mountPath: '/etc/istio/ingressgateway-certs', readOnly: true },
      { name: 'ingressgateway-ca-certs', mountPath: '/etc/istio/ingressgateway-ca-certs', readOnly: true },
    ],
  };
}

function volumes(): Record<string, unknown>[] {
  return [
    { name: 'workload-socket', emptyDir: {} },
    { name: 'credential-socket', emptyDir: {} },
    { name: 'workload-certs', emptyDir: {} },
    { name: 'istiod-ca-cert', configMap: { name: 'istio-ca-root-cert' } },
    {
      name: 'podinfo',
      downwardAPI: {
        items: [
          { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
          { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' } },
        ],
      },
    },
    { name: 'istio-envoy', emptyDir: {} },
    { name: 'istio-data', emptyDir: {} },
    {
      name: 'istio-token',
      projected: {
        sources: [
          { serviceAccountToken: { audience: 'istio-ca', expirationSeconds: 43200, path: 'istio-token' } },
        ],
      },
    },
    { name: 'config-volume', configMap: { name: 'istio', optional: true } },
    { name: 'ingressgateway-certs', secret: { secretName: 'istio-ingressgateway-certs', optional: true } },
    {
      name: 'ingressgateway-ca-certs',
      secret: { secretName: 'istio-ingressgateway-ca-certs', optional: true },
    },
  ];
}

function deployment(values: IstioValues): KubeObject {
  const gw = values.ingressGateway ?? {};
  const selectorLabels = { ...gw.labels, ...GATEWAY_LABELS };
  const labels = { ...selectorLabels, ...chartLabels(values) };
  const spec: Record<string, unknown> = {};
  // The chart leaves replicas to the HorizontalPodAutoscaler unless a count is given.
  if (gw.replicaCount !== undefined) spec['replicas'] = gw.replicaCount;
  Object.assign(spec, {
    selector: { matchLabels: selectorLabels },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '100%', maxUnavailable: '25%' } },
    template: {
      metadata: {
        labels: {
          ...selectorLabels,
          'service.istio.io/canonical-name': GATEWAY_NAME,
          'service.istio.io/canonical-revision': 'latest',
          'sidecar.istio.io/inject': 'false',
          ...chartLabels(values),
        },
        annotations: {
          'istio.io/rev': 'default',
          'prometheus.io/port': '15020',
          'prometheus.io/scrape': 'true',
          'prometheus.io/path': '/stats/prometheus',
          'sidecar.istio.io/inject': 'false',
          ...gw.podAnnotations,
        },
      },
      spec: {
        securityContext: {
          runAsUser: 1337,
          runAsGroup: 1337,
          runAsNonRoot: true,
          fsGroup: 1337,
          sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }],
        },
        serviceAccountName: 'istio-ingressgateway-service-account',
        containers: [proxyContainer(values)],
        volumes: volumes(),
      },
    },
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: GATEWAY_NAME, namespace: ISTIO_NAMESPACE, labels },
    spec,
  };
}

function service(values: IstioValues): KubeObject {
  const gw = values.ingressGateway ?? {};
  const metadata: KubeObject['metadata'] = {
    name: GATEWAY_NAME,
    namespace: ISTIO_NAMESPACE,
    labels: { ...gw.labels, ...GATEWAY_LABELS, ...chartLabels(values) },
  };
  if (gw.serviceAnnotations && Object.keys(gw.serviceAnnotations).length > 0)
    metadata.annotations = { ...gw.serviceAnnotations };
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata,
    spec: {
      type: gw.type ?? 'LoadBalancer',
      selector: { ...GATEWAY_LABELS },
      ports: GATEWAY_PORTS.map((p) => ({
        name: p.name,
        port: p.port,
        protocol: 'TCP',
        targetPort: p.targetPort,
      })),
    },
  };
}

export const MESH_CONFIGMAP = 'istio';

/** The mesh config istiod's chart writes (ConfigMap `istio`, key `mesh`), with accessLogFile when set. */
function meshConfigMap(values: IstioValues): KubeObject {
  const file = accessLogFile(values);
  const mesh = [
    ...(file ? [`accessLogFile: ${file}`] : []),
    'defaultConfig:',
    `  discoveryAddress: istiod.${ISTIO_NAMESPACE}.svc:15012`,
    'defaultProviders:',
    '  metrics:',
    '  - prometheus',
    'enablePrometheusMerge: true',
    `rootNamespace: ${ISTIO_NAMESPACE}`,
    'trustDomain: cluster.local',
  ].join('\n');
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: MESH_CONFIGMAP,
      namespace: ISTIO_NAMESPACE,
      labels: {
        app: 'istiod',
        'install.operator.istio.io/owning-resource': values.ownerName ?? 'unknown',
        istio: 'istiod',
        release: 'istio',
      },
    },
    data: { mesh, meshNetworks: 'networks: {}' },
  };
}

/** The objects to apply, in apply order (the Namespace first). */
export function istioInstallObjects(values: IstioValues): KubeObject[] {
  const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ISTIO_NAMESPACE } };
  if (!ingressGatewayEnabled(values)) return [ns, meshConfigMap(values)];
  return [ns, meshConfigMap(values), deployment(values), service(values)];
}
