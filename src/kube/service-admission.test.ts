import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressPlan } from '../net/addresses.ts';
import { resourceForPlural } from '../resources/catalogue.ts';
import type { KubeObject } from '../resources/types.ts';
import type { StatusCause } from '../registry/status-error.ts';
import { SERVICES } from './keys.ts';
import type { Service } from './objects.ts';
import { serviceAdmission } from './service-admission.ts';
import type { Store } from '../store/types.ts';
import { newStore } from './test-helpers.ts';

const plan = addressPlan(201, true);
const rt = resourceForPlural('', 'services')!;

function svc(name: string, spec: Record<string, unknown>, namespace = 'test-ns'): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec };
}

/** A seeded random source: the same sequence every run. */
function seeded(seed = 1): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

function admit(
  store: Store,
  object: Service,
  old?: Readonly<KubeObject>,
  random = seeded(),
): { object: Service; causes: StatusCause[] } {
  const plugin = serviceAdmission(plan, random);
  const obj = structuredClone(object);
  const causes = plugin({
    operation: old ? 'UPDATE' : 'CREATE',
    rt,
    object: obj,
    ...(old ? { old } : {}),
    store,
    dryRun: false,
  });
  return { object: obj, causes };
}

function created(store: Store, object: Service): Readonly<Service> {
  const r = admit(store, object);
  assert.deepEqual(r.causes, []);
  return store.create(SERVICES, r.object);
}

const tcp = (port: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  port,
  protocol: 'TCP',
  targetPort: port,
  ...extra,
});

void test('clusterIP allocation', async (t) => {
  const cases: {
    name: string;
    setup?: Service[];
    input: Service;
    want?: (s: Service) => void;
    cause?: StatusCause;
  }[] = [
    {
      name: 'allocates from the service range, never the kubernetes address',
      input: svc('a', { type: 'ClusterIP', ports: [tcp(80)] }),
      want: (s) => {
        assert.match(s.spec!.clusterIP!, /^127\.201\.(9[6-9]|1[01]\d|12[0-7])\.\d+$/);
        assert.notEqual(s.spec!.clusterIP, plan.clusterIP(0));
        assert.deepEqual(s.spec!.clusterIPs, [s.spec!.clusterIP]);
        assert.deepEqual(s.spec!.ipFamilies, ['IPv4']);
        assert.equal(s.spec!.ipFamilyPolicy, 'SingleStack');
      },
    },
    {
      name: 'default/kubernetes gets clusterIP(0)',
      input: svc('kubernetes', { ports: [tcp(443)] }, 'default'),
      want: (s) => assert.equal(s.spec!.clusterIP, '127.201.96.1'),
    },
    {
      name: 'honours an explicit free clusterIP',
      input: svc('a', { clusterIP: '127.201.96.20', ports: [tcp(80)] }),
      want: (s) => assert.deepEqual(s.spec!.clusterIPs, ['127.201.96.20']),
    },
    {
      name: 'rejects a taken clusterIP',
      setup: [svc('b', { clusterIP: '127.201.96.20', ports: [tcp(80)] })],
      input: svc('a', { clusterIP: '127.201.96.20', ports: [tcp(80)] }),
      cause: {
        reason: 'FieldValueInvalid',
        field: 'spec.clusterIPs',
        message:
          'Invalid value: []string{"127.201.96.20"}: failed to allocate IP 127.201.96.20: provided IP is already allocated',
      },
    },
    {
      name: 'rejects a clusterIP outside the range',
      input: svc('a', { clusterIP: '10.0.0.1', ports: [tcp(80)] }),
      cause: {
        reason: 'FieldValueInvalid',
        field: 'spec.clusterIPs',
        message:
          'Invalid value: []string{"10.0.0.1"}: failed to allocate IP 10.0.0.1: the provided IP (10.0.0.1) is not in the valid range. The range of valid IPs is 127.201.96.0/19',
      },
    },
    {
      name: 'None makes a headless service',
      input: svc('a', { clusterIP: 'None', ports: [tcp(80)] }),
      want: (s) => assert.deepEqual([s.spec!.clusterIP, s.spec!.clusterIPs], ['None', ['None']]),
    },
    {
      name: 'ExternalName gets no clusterIP',
      input: svc('a', { type: 'ExternalName', externalName: 'example.com' }),
      want: (s) => assert.equal(s.spec!.clusterIP, undefined),
    },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const store = await newStore();
      for (const s of c.setup ?? []) created(store, s);
      const r = admit(store, c.input);
      if (c.cause) assert.deepEqual(r.causes, [c.cause]);
      else {
        assert.deepEqual(r.causes, []);
        c.want?.(r.object);
      }
    });
  }
});

void test('nodePort allocation', async (t) => {
  const cases: {
    name: string;
    setup?: Service[];
    input: Service;
    want?: (s: Service) => void;
    cause?: StatusCause;
  }[] = [
    {
      name: 'NodePort gets distinct ports in the upper band',
      input: svc('a', { type: 'NodePort', ports: [tcp(80, { name: 'http' }), tcp(443, { name: 'https' })] }),
      want: (s) => {
        const [a, b] = s.spec!.ports!.map((p) => p.nodePort!);
        assert.ok(a! >= 30086 && a! <= 32767, `nodePort ${a}`);
        assert.ok(b! >= 30086 && b! <= 32767, `nodePort ${b}`);
        assert.notEqual(a, b);
      },
    },
    {
      name: 'honours an explicit nodePort',
      input: svc('a', { type: 'NodePort', ports: [tcp(15021, { nodePort: 30218 })] }),
      want: (s) => assert.equal(s.spec!.ports![0]!.nodePort, 30218),
    },
    {
      name: 'rejects a taken nodePort',
      setup: [svc('istio-ingressgateway', { type: 'NodePort', ports: [tcp(15021, { nodePort: 30218 })] })],
      input: svc('invalid-svc', { type: 'NodePort', ports: [tcp(80, { nodePort: 30218 })] }),
      cause: {
        reason: 'FieldValueInvalid',
        field: 'spec.ports[0].nodePort',
        message: 'Invalid value: 30218: provided port is already allocated',
      },
    },
    {
      name: 'rejects a nodePort outside the range',
      input: svc('a', { type: 'NodePort', ports: [tcp(80, { nodePort: 8080 })] }),
      cause: {
        reason: 'FieldValueInvalid',
        field: 'spec.ports[0].nodePort',
        message:
          'Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767',
      },
    },
    {
      name: 'rejects the same nodePort twice in one service',
      input: svc('a', {
        type: 'NodePort',
        ports: [tcp(80, { name: 'a', nodePort: 30001 }), tcp(81, { name: 'b', nodePort: 30001 })],
      }),
      cause: {
        reason: 'FieldValueInvalid',
        field: 'spec.ports[1].nodePort',
        message: 'Invalid value: 30001: provided port is already allocated',
      },
    },
    {
      name: 'TCP and UDP on one port share the nodePort',
      input: svc('dns', {
        type: 'NodePort',
        ports: [tcp(53, { name: 'tcp' }), { port: 53, protocol: 'UDP', name: 'udp', targetPort: 53 }],
      }),
      want: (s) => assert.equal(s.spec!.ports![0]!.nodePort, s.spec!.ports![1]!.nodePort),
    },
    {
      name: 'LoadBalancer allocates nodePorts',
      input: svc('a', { type: 'LoadBalancer', ports: [tcp(80)] }),
      want: (s) => assert.ok(s.spec!.ports![0]!.nodePort! >= 30000),
    },
    {
      name: 'LoadBalancer without node ports allocates none',
      input: svc('a', { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false, ports: [tcp(80)] }),
      want: (s) => assert.equal(s.spec!.ports![0]!.nodePort, undefined),
    },
    {
      name: 'LoadBalancer with externalTrafficPolicy Local gets a healthCheckNodePort',
      input: svc('a', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [tcp(80)] }),
      want: (s) => {
        assert.ok(s.spec!.healthCheckNodePort! >= 30000);
        assert.notEqual(s.spec!.healthCheckNodePort, s.spec!.ports![0]!.nodePort);
      },
    },
    {
      name: 'ClusterIP may not ask for a nodePort',
      input: svc('a', { ports: [tcp(80, { nodePort: 30080 })] }),
      cause: {
        reason: 'FieldValueForbidden',
        field: 'spec.ports[0].nodePort',
        message: "Forbidden: may not be used when `type` is 'ClusterIP'",
      },
    },
    {
      name: 'ClusterIP gets no nodePort',
      input: svc('a', { ports: [tcp(80)] }),
      want: (s) => assert.equal(s.spec!.ports![0]!.nodePort, undefined),
    },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const store = await newStore();
      for (const s of c.setup ?? []) created(store, s);
      const r = admit(store, c.input);
      if (c.cause) assert.deepEqual(r.causes, [c.cause]);
      else {
        assert.deepEqual(r.causes, []);
        c.want?.(r.object);
      }
    });
  }
});

void test('a random source spreads allocations and avoids taken ports', async () => {
  const store = await newStore();
  const ports = new Set<number>();
  for (let i = 0; i < 50; i++) {
    const s = created(store, svc(`s${i}`, { type: 'NodePort', ports: [tcp(80)] }));
    ports.add(s.spec!.ports![0]!.nodePort!);
  }
  assert.equal(ports.size, 50);
  // A random source stuck on one value still finds free ports by scanning forward.
  const stuck = (): number => 0.5;
  const a = admit(store, svc('x', { type: 'NodePort', ports: [tcp(80)] }), undefined, stuck);
  store.create(SERVICES, a.object);
  const b = admit(store, svc('y', { type: 'NodePort', ports: [tcp(80)] }), undefined, stuck);
  assert.notEqual(a.object.spec!.ports![0]!.nodePort, b.object.spec!.ports![0]!.nodePort);
});

void test('updates keep, drop and guard allocated values', async (t) => {
  await t.test('an update that omits allocated fields keeps them', async () => {
    const store = await newStore();
    const old = created(store, svc('a', { type: 'NodePort', ports: [tcp(80, { name: 'http' })] }));
    const r = admit(store, svc('a', { type: 'NodePort', ports: [tcp(80, { name: 'http' })] }), old);
    assert.deepEqual(r.causes, []);
    assert.equal(r.object.spec!.clusterIP, old.spec!.clusterIP);
    assert.deepEqual(r.object.spec!.clusterIPs, old.spec!.clusterIPs);
    assert.equal(r.object.spec!.ports![0]!.nodePort, old.spec!.ports![0]!.nodePort);
  });
  await t.test('its own nodePort is not "taken"', async () => {
    const store = await newStore();
    const old = created(store, svc('a', { type: 'NodePort', ports: [tcp(80, { nodePort: 30080 })] }));
    const r = admit(store, structuredClone(old), old);
    assert.deepEqual(r.causes, []);
    assert.equal(r.object.spec!.ports![0]!.nodePort, 30080);
  });
  await t.test('a new port on update gets a nodePort', async () => {
    const store = await newStore();
    const old = created(store, svc('a', { type: 'NodePort', ports: [tcp(80, { name: 'http' })] }));
    const next = structuredClone(old) as Service;
    next.spec!.ports!.push(tcp(443, { name: 'https' }) as never);
    const r = admit(store, next, old);
    assert.deepEqual(r.causes, []);
    assert.ok(r.object.spec!.ports![1]!.nodePort! >= 30000);
    assert.equal(r.object.spec!.ports![0]!.nodePort, old.spec!.ports![0]!.nodePort);
  });
  await t.test('switching to ClusterIP drops the nodePorts', async () => {
    const store = await newStore();
    const old = created(store, svc('a', { type: 'NodePort', ports: [tcp(80, { name: 'http' })] }));
    const next = structuredClone(old) as Service;
    next.spec!.type = 'ClusterIP';
    const r = admit(store, next, old);
    assert.deepEqual(r.causes, []);
    assert.equal(r.object.spec!.ports![0]!.nodePort, undefined);
    assert.equal(r.object.spec!.clusterIP, old.spec!.clusterIP);
  });
  await t.test('switching to ClusterIP with a new nodePort is forbidden', async () => {
    const store = await newStore();
    const old = created(store, svc('a', { type: 'NodePort', ports: [tcp(80, { name: 'http' })] }));
    const next = structuredClone(old) as Service;
    next.spec!.type = 'ClusterIP';
    next.spec!.ports![0]!.nodePort = 30999;
    const r = admit(store, next, old);
    assert.deepEqual(r.causes, [
      {
        reason: 'FieldValueForbidden',
        field: 'spec.ports[0].nodePort',
        message: "Forbidden: may not be used when `type` is 'ClusterIP'",
      },
    ]);
  });
  await t.test('switching ClusterIP to NodePort allocates nodePorts', async () => {
    const store = await newStore();
    const old = created(store, svc('a', { ports: [tcp(80)] }));
    const next = structuredClone(old) as Service;
    next.spec!.type = 'NodePort';
    const r = admit(store, next, old);
    assert.deepEqual(r.causes, []);
    assert.ok(r.object.spec!.ports![0]!.nodePort! >= 30000);
  });
  await t.test('a changed clusterIP is refused', async () => {
    const store = await newStore();
    const old = created(store, svc('a', { clusterIP: '127.201.96.30', ports: [tcp(80)] }));
    const next = structuredClone(old) as Service;
    next.spec!.clusterIP = '127.201.96.31';
    const r = admit(store, next, old);
    assert.deepEqual(r.causes, [
      {
        reason: 'FieldValueInvalid',
        field: 'spec.clusterIPs[0]',
        message: 'Invalid value: []string{"127.201.96.31"}: may not change once set',
      },
    ]);
  });
  await t.test('ExternalName to ClusterIP allocates; ClusterIP to ExternalName releases', async () => {
    const store = await newStore();
    const old = created(store, svc('a', { type: 'ExternalName', externalName: 'example.com' }));
    const next = structuredClone(old) as Service;
    next.spec!.type = 'ClusterIP';
    next.spec!.ports = [tcp(80) as never];
    const r = admit(store, next, old);
    assert.deepEqual(r.causes, []);
    assert.ok(r.object.spec!.clusterIP);
    const stored = store.update(SERVICES, r.object) as Readonly<Service>;
    const back = structuredClone(stored) as Service;
    back.spec!.type = 'ExternalName';
    const r2 = admit(store, back, stored);
    assert.deepEqual(r2.causes, []);
    assert.equal(r2.object.spec!.clusterIP, undefined);
    assert.equal(r2.object.spec!.clusterIPs, undefined);
  });
});

void test('single-address plans put every clusterIP on 127.0.0.1', async () => {
  const one = addressPlan(201, false);
  const store = await newStore();
  const plugin = serviceAdmission(one, seeded());
  for (const name of ['a', 'b']) {
    const obj = svc(name, { ports: [tcp(80)] });
    const causes = plugin({ operation: 'CREATE', rt, object: obj, store, dryRun: false });
    assert.deepEqual(causes, []);
    assert.equal(obj.spec!.clusterIP, '127.0.0.1');
    store.create(SERVICES, obj);
  }
});
