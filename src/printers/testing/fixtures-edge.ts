// Test fixtures for the corners of the printers and describers (namespace `edge`): init
// containers, terminating and finished pods, every env and volume source, odd services,
// ingresses with TLS and many hosts, tainted nodes, event series, odd generic fields.
import type { KubeObject } from '../../resources/types.ts';
import { ago } from './ago.ts';

function meta(name: string, now: Date, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    namespace: 'edge',
    uid: `edge-uid-${name}`,
    creationTimestamp: ago(now, 50 * 60 + 20),
    ...extra,
  };
}

const tolerations = [
  { operator: 'Exists' },
  { key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule' },
  { key: 'a', operator: 'Exists' },
];

function edgePod(now: Date): KubeObject {
  const t = ago(now, 50 * 60 + 20);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta('edge-pod', now, {
      labels: { app: 'edge', tier: 'a\u001b[31mred' },
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': '{"x":1}\n',
        long: 'x'.repeat(150),
        multi: 'line1\nline2\n',
        utf: 'é'.repeat(80),
      },
      deletionTimestamp: ago(now, 5 * 60 + 20),
      deletionGracePeriodSeconds: 30,
    }),
    spec: {
      priority: 0,
      priorityClassName: 'high',
      nodeName: 'node-2',
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      initContainers: [{ name: 'init', image: 'busybox', command: ['sh', '-c', 'true'] }],
      containers: [
        {
          name: 'app',
          image: 'example/app:1',
          ports: [
            { containerPort: 80, protocol: 'TCP' },
            { containerPort: 9090, hostPort: 9090, protocol: 'UDP' },
          ],
          command: ['/bin/app'],
          args: ['--a=1', 'multi\nline'],
          env: [
            { name: 'PLAIN', value: 'multi\nline' },
            { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
            { name: 'POD_IP', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } } },
            { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } } },
            { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '0' } } },
            { name: 'REQ', valueFrom: { resourceFieldRef: { resource: 'requests.memory', divisor: '1Mi' } } },
            { name: 'SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'k', optional: true } } },
            { name: 'CM', valueFrom: { configMapKeyRef: { name: 'c', key: 'k' } } },
          ],
          envFrom: [
            { configMapRef: { name: 'cm1' }, prefix: 'P_' },
            { secretRef: { name: 's1', optional: false } },
          ],
          volumeMounts: [
            { name: 'b', mountPath: '/z', readOnly: true },
            { name: 'a', mountPath: '/a', subPath: 'sub' },
          ],
          livenessProbe: {
            exec: { command: ['cat', '/tmp/ok'] },
            initialDelaySeconds: 5,
            timeoutSeconds: 1,
            periodSeconds: 10,
            successThreshold: 1,
            failureThreshold: 3,
          },
          startupProbe: {
            tcpSocket: { port: 80 },
            timeoutSeconds: 1,
            periodSeconds: 10,
            successThreshold: 1,
            failureThreshold: 30,
          },
          resources: { limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '0.25', memory: '1024Mi' } },
        },
        {
          name: 'sidecar',
          image: 'example/sidecar:1',
          readinessProbe: { httpGet: { path: 'healthz', port: 'http', scheme: 'HTTPS', host: '10.0.0.1' } },
          resources: { limits: { cpu: '1', memory: '128Mi' } },
        },
      ],
      volumes: [
        { name: 'host', hostPath: { path: '/var/log', type: 'Directory' } },
        { name: 'empty', emptyDir: { medium: 'Memory', sizeLimit: '1024Mi' } },
        { name: 'empty2', emptyDir: {} },
        { name: 'sec', secret: { secretName: 'mysecret' } },
        { name: 'cmv', configMap: { name: 'mycm', optional: true } },
        {
          name: 'kube-api-access',
          projected: {
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
              {
                downwardAPI: {
                  items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }],
                },
              },
              { secret: { name: 'proj-secret' } },
            ],
          },
        },
        {
          name: 'podinfo',
          downwardAPI: {
            items: [
              { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
              { path: 'cpu', resourceFieldRef: { containerName: 'app', resource: 'limits.cpu' } },
            ],
          },
        },
        { name: 'data', persistentVolumeClaim: { claimName: 'pvc-1', readOnly: true } },
        { name: 'nfs', nfs: { server: 'nfs.example.com', path: '/x' } },
      ],
      readinessGates: [{ conditionType: 'example.com/gate' }, { conditionType: 'example.com/other' }],
      nodeSelector: { disk: 'ssd', zone: 'a' },
      tolerations,
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: 'zone',
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: { app: 'edge' } },
        },
        { maxSkew: 2, topologyKey: 'host', whenUnsatisfiable: 'ScheduleAnyway' },
      ],
    },
    status: {
      phase: 'Running',
      message: 'something to say',
      hostIP: '127.1.0.2',
      podIP: '127.1.129.2',
      podIPs: [{ ip: '127.1.129.2' }, { ip: 'fd00::2' }],
      startTime: t,
      conditions: [
        { type: 'example.com/gate', status: 'True' },
        { type: 'Initialized', status: 'True' },
        { type: 'Ready', status: 'False' },
      ],
      initContainerStatuses: [
        {
          name: 'init',
          ready: false,
          restartCount: 0,
          image: 'busybox',
          imageID: 'busybox@sha256:1',
          containerID: 'gangway://init',
          state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: t, finishedAt: t } },
        },
      ],
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          restartCount: 5,
          image: 'example/app:1',
          imageID: 'example/app@sha256:2',
          containerID: 'gangway://app',
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s' } },
          lastState: {
            terminated: {
              exitCode: 137,
              signal: 9,
              reason: 'OOMKilled',
              message: 'killed',
              startedAt: t,
              finishedAt: ago(now, 3 * 60 + 20),
            },
          },
        },
        {
          name: 'sidecar',
          ready: true,
          restartCount: 0,
          image: 'example/sidecar:1',
          imageID: '',
          state: { running: { startedAt: t } },
        },
      ],
    },
  };
}

function smallPod(name: string, now: Date, spec: object, status: object): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(name, now, { labels: { app: 'edge' } }),
    spec: { nodeName: 'node-2', containers: [{ name: 'c', image: 'busybox' }], ...spec },
    status,
  };
}

export function edgePods(now: Date): KubeObject[] {
  const t = ago(now, 50 * 60 + 20);
  return [
    edgePod(now),
    smallPod(
      'done-pod',
      now,
      {},
      {
        phase: 'Succeeded',
        containerStatuses: [
          {
            name: 'c',
            ready: false,
            restartCount: 0,
            image: 'busybox',
            imageID: '',
            state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: t, finishedAt: t } },
          },
        ],
      },
    ),
    smallPod(
      'init-pod',
      now,
      {
        initContainers: [
          { name: 'i1', image: 'busybox' },
          { name: 'i2', image: 'busybox' },
        ],
      },
      {
        phase: 'Pending',
        initContainerStatuses: [
          {
            name: 'i1',
            ready: false,
            restartCount: 0,
            image: 'busybox',
            imageID: '',
            state: { terminated: { exitCode: 0, startedAt: t, finishedAt: t } },
          },
          {
            name: 'i2',
            ready: false,
            restartCount: 1,
            image: 'busybox',
            imageID: '',
            state: { waiting: { reason: 'PodInitializing' } },
          },
        ],
        containerStatuses: [
          {
            name: 'c',
            ready: false,
            restartCount: 0,
            image: 'busybox',
            imageID: '',
            state: { waiting: { reason: 'PodInitializing' } },
          },
        ],
      },
    ),
    smallPod(
      'failed-init',
      now,
      { initContainers: [{ name: 'i1', image: 'busybox' }] },
      {
        phase: 'Failed',
        reason: 'Evicted',
        initContainerStatuses: [
          {
            name: 'i1',
            ready: false,
            restartCount: 0,
            image: 'busybox',
            imageID: '',
            state: { terminated: { exitCode: 2, startedAt: t, finishedAt: t } },
          },
        ],
      },
    ),
    smallPod(
      'signal-pod',
      now,
      { tolerations },
      {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'c',
            ready: false,
            restartCount: 0,
            image: 'busybox',
            imageID: '',
            state: { terminated: { exitCode: 0, signal: 15, startedAt: t, finishedAt: t } },
          },
        ],
      },
    ),
  ];
}
