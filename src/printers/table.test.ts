// buildTable: columns and cells per kind, against literal values worked out from
// kubernetes pkg/printers/internalversion/printers.go and the CRDs' printer columns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES, type ResourceType } from '../resources/catalogue.ts';
import type { KubeObject } from '../resources/types.ts';
import { buildTable } from './table.ts';
import { fixtureObjects } from './testing/fixtures.ts';

const NOW = new Date('2026-03-01T12:00:00Z');
const OBJECTS = fixtureObjects(NOW);

function rtOf(obj: KubeObject): ResourceType {
  const slash = obj.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : obj.apiVersion.slice(0, slash);
  const rt = RESOURCES.find((r) => r.group === group && r.kind === obj.kind);
  assert.ok(rt, `${obj.apiVersion} ${obj.kind}`);
  return rt;
}

/** [kind, namespace, name, cells] */
const CELLS: [string, string, string, unknown[]][] = [
  ['Namespace', '', 'default', ['default', 'Active', '3d4h']],
  ['Namespace', '', 'istio-system', ['istio-system', 'Active', '25h']],
  ['Namespace', '', 'test-ns', ['test-ns', 'Active', '30m']],
  [
    'Node',
    '',
    'gangway-node-1',
    [
      'gangway-node-1',
      'Ready',
      'control-plane',
      '3d4h',
      'v1.32.4',
      '127.1.0.1',
      '<none>',
      'gangway',
      '6.1.0-gangway',
      'gangway://0.1.0',
    ],
  ],
  [
    'Service',
    'istio-system',
    'istio-ingressgateway',
    [
      'istio-ingressgateway',
      'NodePort',
      '172.20.112.213',
      '<none>',
      '15021:30218/TCP,80:31246/TCP,443:30486/TCP,15012:32445/TCP,15443:30154/TCP',
      '25h',
      'app=istio-ingressgateway,istio=ingressgateway',
    ],
  ],
  [
    'Service',
    'test-ns',
    'test-svc',
    ['test-svc', 'ClusterIP', '127.1.96.10', '<none>', '80/TCP', '30m', 'app=test-app'],
  ],
  [
    'Service',
    'test-ns',
    'lb-svc',
    [
      'lb-svc',
      'LoadBalancer',
      '127.1.96.11',
      '127.1.1.1,b.elb.example.com',
      '443:31000/TCP',
      '30m',
      'app=nothing',
    ],
  ],
  [
    'Deployment',
    'test-ns',
    'test-deploy',
    ['test-deploy', '1/2', 2, 1, '30m', 'web', 'nginxdemos/hello', 'app=test-app'],
  ],
  [
    'ReplicaSet',
    'test-ns',
    'test-deploy-5d8f9c7b6',
    [
      'test-deploy-5d8f9c7b6',
      2,
      2,
      1,
      '30m',
      'web',
      'nginxdemos/hello',
      'app=test-app,pod-template-hash=5d8f9c7b6',
    ],
  ],
  [
    'ReplicaSet',
    'test-ns',
    'test-deploy-old',
    ['test-deploy-old', 0, 0, 0, '25h', 'web', 'nginxdemos/hello', 'app=test-app,pod-template-hash=old'],
  ],
  [
    'Pod',
    'test-ns',
    'test-deploy-5d8f9c7b6-abcde',
    [
      'test-deploy-5d8f9c7b6-abcde',
      '1/1',
      'Running',
      '0',
      '30m',
      '127.1.128.2',
      'gangway-node-1',
      '<none>',
      '<none>',
    ],
  ],
  [
    'Pod',
    'test-ns',
    'test-deploy-5d8f9c7b6-fghij',
    [
      'test-deploy-5d8f9c7b6-fghij',
      '0/1',
      'Running',
      '2 (20m ago)',
      '30m',
      '127.1.128.3',
      'gangway-node-1',
      '<none>',
      '<none>',
    ],
  ],
  [
    'Pod',
    'test-ns',
    'pending-pod',
    ['pending-pod', '0/1', 'ContainerCreating', '0', '30m', '<none>', 'gangway-node-1', '<none>', '<none>'],
  ],
  [
    'Endpoints',
    'test-ns',
    'test-svc',
    ['test-svc', '127.1.128.2:80,127.1.128.4:80,127.1.128.5:80 + 1 more...', '30m'],
  ],
  [
    'EndpointSlice',
    'test-ns',
    'test-svc-abc12',
    ['test-svc-abc12', 'IPv4', '80', '127.1.128.2,127.1.128.3', '30m'],
  ],
  [
    'EndpointSlice',
    'istio-system',
    'istio-ingressgateway-xyz',
    ['istio-ingressgateway-xyz', 'IPv4', '15021,8080,8443 + 1 more...', '127.1.128.9', '25h'],
  ],
  [
    'Ingress',
    'istio-system',
    'test-alb',
    ['test-alb', '<none>', '*', 'k8s-istiosys-testalb-0123456789.eu-west-3.elb.amazonaws.com', '80', '12m'],
  ],
  ['IngressClass', '', 'alb', ['alb', 'ingress.k8s.aws/alb', 'IngressClassParams.elbv2.k8s.aws/alb', '3d4h']],
  [
    'Event',
    'test-ns',
    'test-deploy.1',
    [
      '30m',
      'Normal',
      'ScalingReplicaSet',
      'deployment/test-deploy',
      '',
      'deployment-controller',
      'Scaled up replica set test-deploy-5d8f9c7b6 to 2',
      '30m',
      1,
      'test-deploy.1',
    ],
  ],
  [
    'Event',
    'test-ns',
    'test-deploy-5d8f9c7b6-fghij.1',
    [
      '12m',
      'Warning',
      'Unhealthy',
      'pod/test-deploy-5d8f9c7b6-fghij',
      'spec.containers{web}',
      'kubelet, gangway-node-1',
      'Readiness probe failed: HTTP probe failed with statuscode: 503',
      '29m',
      3,
      'test-deploy-5d8f9c7b6-fghij.1',
    ],
  ],
  [
    'Event',
    'test-ns',
    'test-deploy-5d8f9c7b6-fghij.2',
    [
      '30m',
      'Normal',
      'Scheduled',
      'pod/test-deploy-5d8f9c7b6-fghij',
      '',
      'default-scheduler',
      'Successfully assigned test-ns/test-deploy-5d8f9c7b6-fghij to gangway-node-1',
      '30m',
      1,
      'test-deploy-5d8f9c7b6-fghij.2',
    ],
  ],
  ['ConfigMap', 'test-ns', 'istio-ca-root-cert', ['istio-ca-root-cert', 1, '30m']],
  ['Secret', 'test-ns', 'tls-cert', ['tls-cert', 'kubernetes.io/tls', 2, '30m']],
  ['Gateway', 'test-ns', 'test-gateway', ['test-gateway', '30m']],
  [
    'VirtualService',
    'test-ns',
    'test-virtualservice',
    ['test-virtualservice', '["test-gateway"]', '["istio-test-alb.example.com"]', '30m'],
  ],
  [
    'VirtualService',
    'test-ns',
    'nogw',
    ['nogw', null, '["a.example.com","b\\u003c\\u0026\\u003e.example.com"]', '30m'],
  ],
  ['DestinationRule', 'test-ns', 'test-dr', ['test-dr', 'test-svc', '30m']],
  ['IstioOperator', 'istio-system', 'installed-state', ['installed-state', '', 'HEALTHY', '25h']],
  ['Namespace', '', 'edge', ['edge', 'Terminating', '50m']],
  [
    'Pod',
    'edge',
    'edge-pod',
    ['edge-pod', '1/2', 'Terminating', '5 (3m20s ago)', '50m', '127.1.129.2', 'node-2', '<none>', '1/2'],
  ],
  [
    'Pod',
    'edge',
    'done-pod',
    ['done-pod', '0/1', 'Completed', '0', '50m', '<none>', 'node-2', '<none>', '<none>'],
  ],
  [
    'Pod',
    'edge',
    'init-pod',
    ['init-pod', '0/1', 'Init:1/2', '1', '50m', '<none>', 'node-2', '<none>', '<none>'],
  ],
  [
    'Pod',
    'edge',
    'failed-init',
    ['failed-init', '0/1', 'Init:ExitCode:2', '0', '50m', '<none>', 'node-2', '<none>', '<none>'],
  ],
  [
    'Pod',
    'edge',
    'signal-pod',
    ['signal-pod', '0/1', 'Signal:15', '0', '50m', '<none>', 'node-2', '<none>', '<none>'],
  ],
  [
    'Node',
    '',
    'node-2',
    [
      'node-2',
      'Unknown,SchedulingDisabled',
      'worker',
      '400d',
      'v1.31.0',
      '<none>',
      '203.0.113.9',
      '<unknown>',
      '<unknown>',
      '<unknown>',
    ],
  ],
  [
    'Service',
    'edge',
    'ext-svc',
    ['ext-svc', 'ExternalName', '<none>', 'example.com', '<none>', '50m', '<none>'],
  ],
  ['Service', 'edge', 'headless', ['headless', 'ClusterIP', 'None', '<none>', '5432/TCP', '50m', '<none>']],
  [
    'Service',
    'edge',
    'lb-edge',
    [
      'lb-edge',
      'LoadBalancer',
      '127.1.96.50',
      '127.1.1.8,127.1.1.9,z.elb.example.com,198.51.100.1,198.51.100.2',
      '80:30080/TCP,443:30443/TCP,53:30053/UDP',
      '50m',
      'app=edge,tier=web',
    ],
  ],
  [
    'EndpointSlice',
    'edge',
    'lb-edge-a',
    ['lb-edge-a', 'IPv4', '8080,53', '127.1.130.1,127.1.130.2,127.1.130.9 + 1 more...', '50m'],
  ],
  ['EndpointSlice', 'edge', 'lb-edge-b', ['lb-edge-b', 'IPv4', '8080', '127.1.130.20,127.1.130.21', '50m']],
  [
    'EndpointSlice',
    'edge',
    'headless-a',
    ['headless-a', 'IPv4', '<unset>', '127.1.130.40,127.1.130.41,127.1.130.42 + 1 more...', '50m'],
  ],
  ['EndpointSlice', 'edge', 'many-ports', ['many-ports', 'IPv4', '1,b,* + 1 more...', '<unset>', '50m']],
  ['Endpoints', 'edge', 'lb-edge', ['lb-edge', '127.1.130.1:8080,127.1.130.1:53,fd00::1 + 1 more...', '50m']],
  ['Endpoints', 'edge', 'empty', ['empty', '<none>', '50m']],
  [
    'Ingress',
    'edge',
    'edge-ing',
    [
      'edge-ing',
      'alb',
      'a.example.com,b.example.com,c.example.com + 1 more...',
      '127.1.1.2,127.1.1.9,a.elb.example.com',
      '80, 443',
      '50m',
    ],
  ],
  ['Ingress', 'edge', 'old-style', ['old-style', '<none>', 'x.example.com', '', '80', '50m']],
  [
    'Deployment',
    'edge',
    'no-rs',
    ['no-rs', '0/0', 0, 0, '50m', 'c', 'busybox', 'app=no-rs,tier in (a,b),!x'],
  ],
  ['ConfigMap', 'edge', 'multi', ['multi', 5, '50m']],
  ['Secret', 'edge', 'sa-token', ['sa-token', 'kubernetes.io/service-account-token', 3, '50m']],
  [
    'Event',
    'edge',
    'edge-pod.series',
    [
      '2m20s',
      'Warning',
      'BackOff',
      'pod/edge-pod',
      '',
      'kubelet, node-2',
      'Back-off restarting failed container app in pod edge-pod_edge(edge-uid-edge-pod)',
      '40m',
      7,
      'edge-pod.series',
    ],
  ],
  [
    'Event',
    'edge',
    'edge-pod.multi',
    [
      '15m',
      'Warning',
      'Failed',
      'pod/edge-pod',
      'spec.containers{app}',
      'kubelet, node-2',
      'first line\nsecond line',
      '45m',
      2,
      'edge-pod.multi',
    ],
  ],
  [
    'Event',
    'default',
    'node-2.ev',
    [
      '30m',
      'Normal',
      'NodeNotSchedulable',
      'node/node-2',
      '',
      'kubelet, node-2',
      'Node node-2 status is now: NodeNotSchedulable',
      '30m',
      1,
      'node-2.ev',
    ],
  ],
  [
    'Event',
    'edge',
    'ns-event',
    ['<unknown>', 'Normal', 'Odd', 'namespace/edge', '', '', '', '<unknown>', 1, 'ns-event'],
  ],
  ['VirtualService', 'edge', 'edge-vs', ['edge-vs', '[]', '["*"]', '50m']],
  ['DestinationRule', 'edge', 'no-host', ['no-host', null, '50m']],
  ['IstioOperator', 'edge', 'no-status', ['no-status', '7', null, '50m']],
];

void test('cells per kind, as the API server computes them (wide)', async (t) => {
  for (const [kind, ns, name, cells] of CELLS) {
    await t.test(`${kind} ${ns}/${name}`, () => {
      const obj = OBJECTS.find(
        (o) => o.kind === kind && (o.metadata.namespace ?? '') === ns && o.metadata.name === name,
      );
      assert.ok(obj);
      const table = buildTable(rtOf(obj), [obj], { now: NOW, includeObject: 'None', resourceVersion: '7' });
      assert.equal(table.rows.length, 1);
      assert.deepEqual(table.rows[0]!.cells, cells);
      assert.equal(table.columnDefinitions.length, cells.length);
    });
  }
});

/** Column names with `*` for priority 1, and the non-string types, per `group/Kind`. */
const COLUMNS: [string, string][] = [
  ['/Pod', 'Name Ready Status Restarts Age IP* Node* Nominated Node* Readiness Gates*'],
  ['/Service', 'Name Type Cluster-IP External-IP Port(s) Age Selector*'],
  ['apps/Deployment', 'Name Ready Up-to-date Available Age Containers* Images* Selector*'],
  ['apps/ReplicaSet', 'Name Desired:integer Current:integer Ready:integer Age Containers* Images* Selector*'],
  ['/Endpoints', 'Name Endpoints Age'],
  ['discovery.k8s.io/EndpointSlice', 'Name AddressType Ports Endpoints Age'],
  ['networking.k8s.io/Ingress', 'Name Class Hosts Address Ports Age'],
  ['extensions/Ingress', 'Name Class Hosts Address Ports Age'],
  ['networking.k8s.io/IngressClass', 'Name Controller Parameters Age'],
  [
    '/Node',
    'Name Status Roles Age Version Internal-IP* External-IP* OS-Image* Kernel-Version* Container-Runtime*',
  ],
  ['/Namespace', 'Name Status Age'],
  ['/Event', 'Last Seen Type Reason Object Subobject* Source* Message First Seen* Count* Name*'],
  ['/ConfigMap', 'Name Data Age'],
  ['/Secret', 'Name Type Data Age'],
  ['networking.istio.io/VirtualService', 'Name Gateways Hosts Age:date'],
  ['networking.istio.io/Gateway', 'Name Age:date'],
  ['networking.istio.io/DestinationRule', 'Name Host Age:date'],
  ['install.istio.io/IstioOperator', 'Name Revision Status Age:date'],
];

void test('column definitions: names, priorities, types and the name format', async (t) => {
  for (const [key, expected] of COLUMNS) {
    await t.test(key, () => {
      const [group = '', kind = ''] = key.split('/');
      const rt = RESOURCES.find((r) => r.group === group && r.kind === kind);
      assert.ok(rt);
      const table = buildTable(rt, [], { now: NOW, includeObject: 'Metadata', resourceVersion: '1' });
      const names = table.columnDefinitions.map(
        (c) => `${c.name}${c.type === 'string' ? '' : `:${c.type}`}${c.priority > 0 ? '*' : ''}`,
      );
      // Multi-word names are kept whole by matching against the expected text.
      assert.equal(names.join(' '), expected);
      const nameCols = table.columnDefinitions.filter((c) => c.format === 'name').map((c) => c.name);
      assert.deepEqual(nameCols, ['Name']);
      for (const c of table.columnDefinitions) assert.ok(c.description.length > 0, c.name);
    });
  }
});

void test('row objects follow includeObject; noHeaders drops the columns', () => {
  const rt = RESOURCES.find((r) => r.group === '' && r.kind === 'Service')!;
  const svc = OBJECTS.find((o) => o.kind === 'Service')!;
  const meta = buildTable(rt, [svc], { now: NOW, includeObject: 'Metadata', resourceVersion: '9' });
  assert.deepEqual(meta.metadata, { resourceVersion: '9' });
  assert.deepEqual(meta.rows[0]!.object, {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: svc.metadata,
  });
  const full = buildTable(rt, [svc], { now: NOW, includeObject: 'Object', resourceVersion: '9' });
  assert.equal(full.rows[0]!.object, svc);
  const none = buildTable(rt, [svc], {
    now: NOW,
    includeObject: 'None',
    resourceVersion: '9',
    noHeaders: true,
  });
  assert.equal('object' in none.rows[0]!, false);
  assert.deepEqual(none.columnDefinitions, []);
  assert.equal(none.kind, 'Table');
  assert.equal(none.apiVersion, 'meta.k8s.io/v1');
});

void test('finished pods carry the Completed row condition', () => {
  const rt = RESOURCES.find((r) => r.group === '' && r.kind === 'Pod')!;
  const done = OBJECTS.find((o) => o.metadata.name === 'done-pod')!;
  const failed = OBJECTS.find((o) => o.metadata.name === 'failed-init')!;
  const running = OBJECTS.find((o) => o.metadata.name === 'edge-pod')!;
  const table = buildTable(rt, [done, failed, running], {
    now: NOW,
    includeObject: 'None',
    resourceVersion: '1',
  });
  assert.deepEqual(
    table.rows.map((r) => r.conditions?.[0]?.reason),
    ['Succeeded', 'Failed', undefined],
  );
});

void test('pod STATUS corner cases', async (t) => {
  const rt = RESOURCES.find((r) => r.group === '' && r.kind === 'Pod')!;
  const base = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', creationTimestamp: '2026-03-01T11:00:00Z' },
  };
  const cases: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
    ['phase only', { containers: [{ name: 'c' }] }, { phase: 'Pending' }, 'Pending'],
    ['status.reason', { containers: [{ name: 'c' }] }, { phase: 'Failed', reason: 'Evicted' }, 'Evicted'],
    [
      'scheduling gated',
      { containers: [{ name: 'c' }] },
      {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
      },
      'SchedulingGated',
    ],
    [
      'init waiting reason',
      { initContainers: [{ name: 'i' }], containers: [{ name: 'c' }] },
      {
        phase: 'Pending',
        initContainerStatuses: [{ name: 'i', state: { waiting: { reason: 'ErrImagePull' } } }],
      },
      'Init:ErrImagePull',
    ],
    [
      'init terminated signal',
      { initContainers: [{ name: 'i' }], containers: [{ name: 'c' }] },
      {
        phase: 'Pending',
        initContainerStatuses: [{ name: 'i', state: { terminated: { exitCode: 1, signal: 9 } } }],
      },
      'Init:Signal:9',
    ],
    [
      'terminated exit code',
      { containers: [{ name: 'c' }] },
      { phase: 'Running', containerStatuses: [{ name: 'c', state: { terminated: { exitCode: 3 } } }] },
      'ExitCode:3',
    ],
    [
      'completed with a running container and Ready',
      { containers: [{ name: 'a' }, { name: 'b' }] },
      {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          { name: 'a', ready: true, state: { running: {} } },
          { name: 'b', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        ],
      },
      'Running',
    ],
    [
      'completed with a running container, not Ready',
      { containers: [{ name: 'a' }, { name: 'b' }] },
      {
        phase: 'Running',
        containerStatuses: [
          { name: 'a', ready: true, state: { running: {} } },
          { name: 'b', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        ],
      },
      'NotReady',
    ],
  ];
  for (const [title, spec, status, expected] of cases) {
    await t.test(title, () => {
      const table = buildTable(rt, [{ ...base, spec, status }], {
        now: NOW,
        includeObject: 'None',
        resourceVersion: '1',
      });
      assert.equal(table.rows[0]!.cells[2], expected);
    });
  }
  await t.test('node lost while deleting', () => {
    const pod = {
      ...base,
      metadata: { ...base.metadata, deletionTimestamp: '2026-03-01T11:59:00Z' },
      spec: { containers: [{ name: 'c' }] },
      status: { phase: 'Running', reason: 'NodeLost' },
    };
    const table = buildTable(rt, [pod], { now: NOW, includeObject: 'None', resourceVersion: '1' });
    assert.equal(table.rows[0]!.cells[2], 'Unknown');
  });
  await t.test('restartable init containers count as containers', () => {
    const pod = {
      ...base,
      spec: { initContainers: [{ name: 'side', restartPolicy: 'Always' }], containers: [{ name: 'c' }] },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Initialized', status: 'True' }],
        initContainerStatuses: [
          { name: 'side', ready: true, started: true, restartCount: 1, state: { running: {} } },
        ],
        containerStatuses: [{ name: 'c', ready: true, restartCount: 2, state: { running: {} } }],
      },
    };
    const table = buildTable(rt, [pod], { now: NOW, includeObject: 'None', resourceVersion: '1' });
    assert.deepEqual(table.rows[0]!.cells.slice(1, 4), ['2/2', 'Running', '3']);
  });
});
