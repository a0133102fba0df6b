// Strategic merge patch: the examples of the Kubernetes docs ("Update API Objects in Place
// Using kubectl patch") and of apimachinery's design notes, one row each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rootType } from './patch-schema.ts';
import { StrategicMergeError, applyStrategicMergePatch } from './strategic-merge.ts';

const deployment = (podSpec: Record<string, unknown>, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'patch-demo' },
  spec: { replicas: 2, ...spec, template: { metadata: { labels: { app: 'nginx' } }, spec: podSpec } },
});
const podSpecOf = (o: unknown) =>
  (o as { spec: { template: { spec: Record<string, unknown> } } }).spec.template.spec;

interface Case {
  name: string;
  kind?: string;
  live: unknown;
  patch: unknown;
  want: unknown;
  pick?: (o: unknown) => unknown;
}

const cases: Case[] = [
  {
    name: 'docs: a new container is merged in by name (and comes first)',
    kind: 'Deployment',
    live: deployment({ containers: [{ name: 'patch-demo-ctr', image: 'nginx' }] }),
    patch: { spec: { template: { spec: { containers: [{ name: 'patch-demo-ctr-2', image: 'redis' }] } } } },
    pick: (o) => podSpecOf(o)['containers'],
    want: [
      { name: 'patch-demo-ctr-2', image: 'redis' },
      { name: 'patch-demo-ctr', image: 'nginx' },
    ],
  },
  {
    name: 'docs: tolerations have no patch strategy and are replaced',
    kind: 'Deployment',
    live: deployment({
      containers: [],
      tolerations: [{ effect: 'NoSchedule', key: 'dedicated', value: 'test-team' }],
    }),
    patch: {
      spec: {
        template: { spec: { tolerations: [{ effect: 'NoSchedule', key: 'disktype', value: 'ssd' }] } },
      },
    },
    pick: (o) => podSpecOf(o)['tolerations'],
    want: [{ effect: 'NoSchedule', key: 'disktype', value: 'ssd' }],
  },
  {
    name: 'docs: $retainKeys clears the keys it does not list (strategy Recreate)',
    kind: 'Deployment',
    live: deployment(
      { containers: [] },
      { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } },
    ),
    patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
    pick: (o) => (o as { spec: { strategy: unknown } }).spec.strategy,
    want: { type: 'Recreate' },
  },
  {
    name: 'an existing container merges field by field; env merges by name; null deletes',
    kind: 'Deployment',
    live: deployment({
      containers: [
        {
          name: 'web',
          image: 'nginx:1',
          env: [
            { name: 'A', value: '1' },
            { name: 'B', value: '2' },
          ],
          args: ['x'],
        },
      ],
    }),
    patch: {
      spec: {
        template: {
          spec: {
            containers: [{ name: 'web', image: 'nginx:2', env: [{ name: 'B', value: '3' }], args: null }],
          },
        },
      },
    },
    pick: (o) => podSpecOf(o)['containers'],
    want: [
      {
        name: 'web',
        image: 'nginx:2',
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '3' },
        ],
      },
    ],
  },
  {
    name: 'ports merge by containerPort; volumeMounts by mountPath',
    kind: 'Pod',
    live: {
      spec: {
        containers: [
          { name: 'c', ports: [{ containerPort: 80 }], volumeMounts: [{ mountPath: '/a', name: 'v1' }] },
        ],
      },
    },
    patch: {
      spec: {
        containers: [
          {
            name: 'c',
            ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }],
            volumeMounts: [{ mountPath: '/a', name: 'v2' }],
          },
        ],
      },
    },
    pick: (o) => (o as { spec: { containers: unknown } }).spec.containers,
    want: [
      {
        name: 'c',
        ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }],
        volumeMounts: [{ mountPath: '/a', name: 'v2' }],
      },
    ],
  },
  {
    name: 'Service ports merge by port',
    kind: 'Service',
    live: { spec: { type: 'ClusterIP', ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] } },
    patch: { spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] } },
    want: {
      spec: { type: 'NodePort', ports: [{ port: 80, targetPort: 8080, protocol: 'TCP', nodePort: 30080 }] },
    },
  },
  {
    name: '$patch: delete removes a list element by key',
    kind: 'Pod',
    live: { spec: { containers: [{ name: 'a' }, { name: 'b' }] } },
    patch: { spec: { containers: [{ name: 'a', $patch: 'delete' }] } },
    want: { spec: { containers: [{ name: 'b' }] } },
  },
  {
    name: '$patch: replace in a list replaces it whole',
    kind: 'Pod',
    live: { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b' }] } },
    patch: { spec: { containers: [{ name: 'c' }, { $patch: 'replace' }] } },
    want: { spec: { containers: [{ name: 'c' }] } },
  },
  {
    name: '$patch: replace in a map replaces the map',
    kind: 'Pod',
    live: { metadata: { labels: { a: '1', b: '2' } } },
    patch: { metadata: { labels: { c: '3', $patch: 'replace' } } },
    want: { metadata: { labels: { c: '3' } } },
  },
  {
    name: '$patch: delete in a map empties it',
    kind: 'Pod',
    live: { spec: { nodeSelector: { a: '1' }, x: 1 } },
    patch: { spec: { nodeSelector: { $patch: 'delete' } } },
    want: { spec: { nodeSelector: {}, x: 1 } },
  },
  {
    name: 'finalizers merge as a set; new ones come first',
    kind: 'ConfigMap',
    live: { metadata: { finalizers: ['x', 'y'] } },
    patch: { metadata: { finalizers: ['y', 'z'] } },
    want: { metadata: { finalizers: ['x', 'y', 'z'] } },
  },
  {
    name: '$deleteFromPrimitiveList removes values from a set',
    kind: 'ConfigMap',
    live: { metadata: { finalizers: ['x', 'y', 'z'] } },
    patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['x', 'z'] } },
    want: { metadata: { finalizers: ['y'] } },
  },
  {
    name: 'ownerReferences merge by uid',
    kind: 'ReplicaSet',
    live: { metadata: { ownerReferences: [{ uid: '1', name: 'a', controller: true }] } },
    patch: {
      metadata: {
        ownerReferences: [
          { uid: '1', controller: false },
          { uid: '2', name: 'b' },
        ],
      },
    },
    want: {
      metadata: {
        ownerReferences: [
          { uid: '1', name: 'a', controller: false },
          { uid: '2', name: 'b' },
        ],
      },
    },
  },
  {
    name: '$setElementOrder reorders; server-only items keep their place',
    kind: 'Pod',
    live: { spec: { containers: [{ name: 'a' }, { name: 'sidecar' }, { name: 'b' }] } },
    patch: { spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }] } },
    want: { spec: { containers: [{ name: 'sidecar' }, { name: 'b' }, { name: 'a' }] } },
  },
  {
    name: '$setElementOrder with a patched list (kubectl apply adding a container in the middle)',
    kind: 'Pod',
    live: {
      spec: {
        containers: [
          { name: 'a', image: '1' },
          { name: 'c', image: '1' },
        ],
      },
    },
    patch: {
      spec: {
        '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
        containers: [{ name: 'b', image: '2' }],
      },
    },
    want: {
      spec: {
        containers: [
          { name: 'a', image: '1' },
          { name: 'b', image: '2' },
          { name: 'c', image: '1' },
        ],
      },
    },
  },
  {
    name: 'conditions merge by type (status)',
    kind: 'Deployment',
    live: {
      status: {
        conditions: [
          { type: 'Available', status: 'False' },
          { type: 'Progressing', status: 'True' },
        ],
      },
    },
    patch: { status: { conditions: [{ type: 'Available', status: 'True' }] } },
    want: {
      status: {
        conditions: [
          { type: 'Available', status: 'True' },
          { type: 'Progressing', status: 'True' },
        ],
      },
    },
  },
  {
    name: 'unknown kinds: lists are replaced, maps merged',
    kind: 'VirtualService',
    live: { spec: { hosts: ['a'], http: [{ name: 'r1' }] }, metadata: { labels: { a: '1' } } },
    patch: { spec: { hosts: ['b'] }, metadata: { labels: { b: '2' } } },
    want: { spec: { hosts: ['b'], http: [{ name: 'r1' }] }, metadata: { labels: { a: '1', b: '2' } } },
  },
  {
    name: 'a new value taken from the patch drops its nulls and directives',
    kind: 'Deployment',
    live: { spec: {} },
    patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } },
    want: { spec: { strategy: { type: 'Recreate' } } },
  },
];

for (const c of cases) {
  void test(`strategic merge: ${c.name}`, () => {
    const live = Object.freeze(structuredClone(c.live));
    const out = applyStrategicMergePatch(live, c.patch, rootType(c.kind ?? 'Object'));
    assert.deepEqual(c.pick ? c.pick(out) : out, c.want);
    assert.deepEqual(live, c.live, 'the live object is untouched');
  });
}

const errors: {
  name: string;
  live: unknown;
  patch: unknown;
  kind: StrategicMergeError['kind'];
  message: string | RegExp;
}[] = [
  {
    name: 'the patch is not an object',
    live: {},
    patch: [1],
    kind: 'bad-request',
    message: 'json: cannot unmarshal array into Go value of type map[string]interface {}',
  },
  {
    name: '$retainKeys not listing a patched key',
    live: { spec: { strategy: {} } },
    patch: { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } },
    kind: 'bad-request',
    message: 'invalid patch format of retainKeys',
  },
  {
    name: 'an element without its merge key',
    live: { spec: { containers: [{ name: 'a' }] } },
    patch: { spec: { containers: [{ image: 'x' }] } },
    kind: 'internal',
    message: 'map: map[image:x] does not contain declared merge key: name',
  },
  {
    name: 'an unknown $patch in a map',
    live: { spec: {} },
    patch: { spec: { $patch: 'frob' } },
    kind: 'internal',
    message: 'unknown patch type: frob in map: map[$patch:frob]',
  },
  {
    name: 'lists of lists',
    live: { metadata: { finalizers: [['a']] } },
    patch: { metadata: { finalizers: [['b']] } },
    kind: 'invalid',
    message: 'lists of lists are not supported',
  },
];

for (const e of errors) {
  void test(`strategic merge error: ${e.name}`, () => {
    assert.throws(
      () => applyStrategicMergePatch(e.live, e.patch, rootType('Pod')),
      (err: unknown) =>
        err instanceof StrategicMergeError &&
        err.kind === e.kind &&
        (typeof e.message === 'string' ? err.message === e.message : e.message.test(err.message)),
    );
  });
}
