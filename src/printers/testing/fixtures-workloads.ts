// Test fixtures: the scenario's workloads (Deployment test-deploy, its ReplicaSets, pods
// and events) as a running cluster would hold them.
import type { KubeObject } from '../../resources/types.ts';
import { ago } from './ago.ts';

const H = 3600;

export function scenarioWorkloads(now: Date): KubeObject[] {
  const t25h = ago(now, 25 * H + 20 * 60);
  const t30m = ago(now, 30 * 60 + 20);
  const deployUid = '6d3f7d7c-0000-4000-8000-000000000001';
  const rsUid = '6d3f7d7c-0000-4000-8000-000000000002';
  const oldRsUid = '6d3f7d7c-0000-4000-8000-000000000012';
  const template = {
    metadata: { labels: { app: 'test-app', version: 'v1' } },
    spec: {
      containers: [
        {
          name: 'web',
          image: 'nginxdemos/hello',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          resources: { requests: { cpu: '100m', memory: '100Mi' } },
          readinessProbe: {
            httpGet: { path: '/', port: 80, scheme: 'HTTP' },
            timeoutSeconds: 1,
            periodSeconds: 10,
            successThreshold: 1,
            failureThreshold: 3,
          },
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          imagePullPolicy: 'Always',
        },
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      securityContext: {},
      schedulerName: 'default-scheduler',
    },
  };
  const rsTemplate = {
    ...template,
    metadata: { labels: { ...template.metadata.labels, 'pod-template-hash': '5d8f9c7b6' } },
  };
  const pod = (
    name: string,
    ip: string,
    status: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'test-ns',
      uid: `pod-uid-${name}`,
      resourceVersion: '50',
      creationTimestamp: t30m,
      labels: { app: 'test-app', version: 'v1', 'pod-template-hash': '5d8f9c7b6' },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'test-deploy-5d8f9c7b6',
          uid: rsUid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      ...extra,
    },
    spec: {
      ...template.spec,
      nodeName: 'gangway-node-1',
      serviceAccountName: 'default',
      tolerations: [
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
        {
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
      ],
    },
    status: {
      hostIP: '127.1.0.1',
      hostIPs: [{ ip: '127.1.0.1' }],
      podIP: ip,
      podIPs: ip ? [{ ip }] : undefined,
      startTime: t30m,
      qosClass: 'Burstable',
      ...status,
    },
  });
  const running = (ready: boolean, restarts = 0, last?: Record<string, unknown>) => ({
    phase: 'Running',
    conditions: [
      { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: t30m },
      { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: t30m },
      { type: 'Ready', status: ready ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: t30m },
      {
        type: 'ContainersReady',
        status: ready ? 'True' : 'False',
        lastProbeTime: null,
        lastTransitionTime: t30m,
      },
      { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: t30m },
    ],
    containerStatuses: [
      {
        name: 'web',
        ready,
        started: true,
        restartCount: restarts,
        image: 'docker.io/nginxdemos/hello:latest',
        imageID: 'docker.io/nginxdemos/hello@sha256:0a0b',
        containerID: 'gangway://web-1',
        state: { running: { startedAt: t30m } },
        lastState: last ?? {},
      },
    ],
  });
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'test-deploy',
        namespace: 'test-ns',
        uid: deployUid,
        generation: 1,
        creationTimestamp: t30m,
        labels: { app: 'test-app', version: 'v1' },
        annotations: { 'deployment.kubernetes.io/revision': '1' },
      },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'test-app' } },
        template,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
      },
      status: {
        observedGeneration: 1,
        replicas: 2,
        updatedReplicas: 2,
        readyReplicas: 1,
        availableReplicas: 1,
        unavailableReplicas: 1,
        conditions: [
          {
            type: 'Available',
            status: 'False',
            lastUpdateTime: t30m,
            lastTransitionTime: t30m,
            reason: 'MinimumReplicasUnavailable',
            message: 'Deployment does not have minimum availability.',
          },
          {
            type: 'Progressing',
            status: 'True',
            lastUpdateTime: t30m,
            lastTransitionTime: t30m,
            reason: 'ReplicaSetUpdated',
            message: 'ReplicaSet "test-deploy-5d8f9c7b6" is progressing.',
          },
        ],
      },
    },
    rs('test-deploy-5d8f9c7b6', rsUid, deployUid, rsTemplate, 2, 2, 1, t30m),
    rs(
      'test-deploy-old',
      oldRsUid,
      deployUid,
      { ...rsTemplate, metadata: { labels: { app: 'test-app', 'pod-template-hash': 'old' } } },
      0,
      0,
      0,
      t25h,
    ),
    pod('test-deploy-5d8f9c7b6-abcde', '127.1.128.2', running(true)),
    pod(
      'test-deploy-5d8f9c7b6-fghij',
      '127.1.128.3',
      running(false, 2, {
        terminated: { exitCode: 1, reason: 'Error', startedAt: t30m, finishedAt: ago(now, 20 * 60 + 10) },
      }),
    ),
    pod('pending-pod', '', {
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: t30m }],
      containerStatuses: [
        {
          name: 'web',
          ready: false,
          restartCount: 0,
          image: 'nginxdemos/hello',
          imageID: '',
          started: false,
          state: { waiting: { reason: 'ContainerCreating' } },
        },
      ],
    }),
    event('test-deploy.1', 'test-ns', {
      involvedObject: {
        kind: 'Deployment',
        namespace: 'test-ns',
        name: 'test-deploy',
        uid: deployUid,
        apiVersion: 'apps/v1',
      },
      reason: 'ScalingReplicaSet',
      message: 'Scaled up replica set test-deploy-5d8f9c7b6 to 2',
      source: { component: 'deployment-controller' },
      firstTimestamp: t30m,
      lastTimestamp: t30m,
      count: 1,
      type: 'Normal',
    }),
    event('test-deploy-5d8f9c7b6-fghij.1', 'test-ns', {
      involvedObject: {
        kind: 'Pod',
        namespace: 'test-ns',
        name: 'test-deploy-5d8f9c7b6-fghij',
        uid: 'pod-uid-test-deploy-5d8f9c7b6-fghij',
        apiVersion: 'v1',
        fieldPath: 'spec.containers{web}',
      },
      reason: 'Unhealthy',
      message: 'Readiness probe failed: HTTP probe failed with statuscode: 503\n',
      source: { component: 'kubelet', host: 'gangway-node-1' },
      firstTimestamp: ago(now, 29 * 60 + 20),
      lastTimestamp: ago(now, 12 * 60 + 20),
      count: 3,
      type: 'Warning',
    }),
    event('test-deploy-5d8f9c7b6-fghij.2', 'test-ns', {
      involvedObject: {
        kind: 'Pod',
        namespace: 'test-ns',
        name: 'test-deploy-5d8f9c7b6-fghij',
        uid: 'pod-uid-test-deploy-5d8f9c7b6-fghij',
        apiVersion: 'v1',
      },
      reason: 'Scheduled',
      message: 'Successfully assigned test-ns/test-deploy-5d8f9c7b6-fghij to gangway-node-1',
      source: { component: 'default-scheduler' },
      firstTimestamp: t30m,
      lastTimestamp: t30m,
      count: 1,
      type: 'Normal',
    }),
  ] as KubeObject[];
}

function rs(
  name: string,
  uid: string,
  owner: string,
  template: object,
  replicas: number,
  current: number,
  ready: number,
  ts: string,
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: 'test-ns',
      uid,
      creationTimestamp: ts,
      labels: { app: 'test-app', 'pod-template-hash': name.split('-').at(-1) ?? '' },
      annotations: {
        'deployment.kubernetes.io/desired-replicas': '2',
        'deployment.kubernetes.io/revision': '1',
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'test-deploy',
          uid: owner,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'test-app', 'pod-template-hash': name.split('-').at(-1) ?? '' } },
      template,
    },
    status: {
      replicas: current,
      readyReplicas: ready,
      availableReplicas: ready,
      fullyLabeledReplicas: current,
    },
  };
}

function event(name: string, namespace: string, body: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace, uid: `ev-uid-${name}`, creationTimestamp: body['firstTimestamp'] as string },
    reportingComponent: '',
    reportingInstance: '',
    ...body,
  };
}
