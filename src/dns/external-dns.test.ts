// external-dns: records from ALBs and LoadBalancer Services, and the component keeping the
// DNS server in step with them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Resolver } from 'node:dns/promises';
import { openStore } from '../store/store.ts';
import type { KubeObject } from '../resources/types.ts';
import {
  ExternalDns,
  externalDnsRecords,
  hostnamesOf,
  newFormatTxtName,
  ownershipText,
} from './external-dns.ts';
import type { AlbDnsInput } from './external-dns.ts';
import { DnsServer } from './server.ts';

const ALB: AlbDnsInput = {
  dnsName: 'k8s-istiosys-testalb-0123456789-1234567890.eu-west-3.elb.amazonaws.com',
  address: '127.1.2.1',
  hostnames: ['istio-test-alb.example.com'],
  owner: 'ingress/istio-system/test-alb',
};

function lbService(name: string, annotations: Record<string, string>, ip?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'web', annotations },
    spec: { type: 'LoadBalancer', ports: [{ port: 80 }] },
    status: { loadBalancer: ip ? { ingress: [{ ip }] } : {} },
  };
}

void test('ownership TXT text and names, as external-dns writes them', () => {
  assert.equal(
    ownershipText('ingress/istio-system/test-alb'),
    'heritage=external-dns,external-dns/owner=default,external-dns/resource=ingress/istio-system/test-alb',
  );
  assert.equal(newFormatTxtName('istio-test-alb.example.com', 'A'), 'a-istio-test-alb.example.com');
  assert.equal(newFormatTxtName('*.example.com', 'A'), '*.a-example.com');
  assert.deepEqual(hostnamesOf(' A.example.com. ,b.example.com,, '), ['a.example.com', 'b.example.com']);
});

void test('externalDnsRecords: the scenario ALB', () => {
  const text = ownershipText('ingress/istio-system/test-alb');
  assert.deepEqual(externalDnsRecords({ albs: [ALB], services: [] }), [
    { name: ALB.dnsName, type: 'A', ttl: 60, value: '127.1.2.1' },
    { name: 'istio-test-alb.example.com', type: 'A', ttl: 60, value: '127.1.2.1' },
    { name: 'istio-test-alb.example.com', type: 'TXT', ttl: 60, value: text },
    { name: 'a-istio-test-alb.example.com', type: 'TXT', ttl: 60, value: text },
  ]);
});

void test('externalDnsRecords: services, owner forms, conflicts', () => {
  const cases: { name: string; albs: AlbDnsInput[]; services: KubeObject[]; want: string[] }[] = [
    {
      name: 'a LoadBalancer Service with the annotation and an IP',
      albs: [],
      services: [
        lbService(
          'web',
          {
            'external-dns.alpha.kubernetes.io/hostname': 'web.example.org',
            'external-dns.alpha.kubernetes.io/ttl': '5m',
          },
          '127.1.1.1',
        ),
      ],
      want: [
        'web.example.org A 300 127.1.1.1',
        'web.example.org TXT 300 service/web/web',
        'a-web.example.org TXT 300 service/web/web',
      ],
    },
    {
      name: 'no IP yet, no annotation, not LoadBalancer: nothing',
      albs: [],
      services: [
        lbService('pending', { 'external-dns.alpha.kubernetes.io/hostname': 'p.example.org' }),
        lbService('plain', {}, '127.1.1.2'),
        {
          ...lbService('np', { 'external-dns.alpha.kubernetes.io/hostname': 'np.example.org' }, '127.1.1.3'),
          spec: { type: 'NodePort' },
        },
      ],
      want: [],
    },
    {
      name: 'owner given as ns/name; the first owner keeps a contested name',
      albs: [
        {
          ...ALB,
          owner: 'web/zeta',
          dnsName: 'z-1.eu-west-3.elb.amazonaws.com',
          address: '127.1.2.2',
          hostnames: ['shared.example.com'],
        },
        {
          ...ALB,
          owner: 'web/alpha',
          dnsName: 'a-1.eu-west-3.elb.amazonaws.com',
          address: '127.1.2.1',
          hostnames: ['shared.example.com'],
        },
      ],
      services: [
        lbService('svc', { 'external-dns.alpha.kubernetes.io/hostname': 'shared.example.com' }, '127.1.1.1'),
      ],
      want: [
        'a-1.eu-west-3.elb.amazonaws.com A 60 127.1.2.1',
        'z-1.eu-west-3.elb.amazonaws.com A 60 127.1.2.2',
        'shared.example.com A 60 127.1.2.1',
        'shared.example.com TXT 60 ingress/web/alpha',
        'a-shared.example.com TXT 60 ingress/web/alpha',
      ],
    },
  ];
  for (const c of cases) {
    const got = externalDnsRecords({ albs: c.albs, services: c.services }).map(
      (r) =>
        `${r.name} ${r.type} ${r.ttl} ${r.type === 'TXT' ? r.value.replace(/.*resource=/, '') : r.value}`,
    );
    assert.deepEqual(got, c.want, c.name);
  }
});

void test('ExternalDns keeps the server in step with ALB changes and Services', async (t) => {
  const store = await openStore(undefined);
  const dns = new DnsServer({ port: 0 });
  let albs: AlbDnsInput[] = [];
  const subscribers = new Set<() => void>();
  const ext = new ExternalDns({
    store,
    dns,
    albs: () => albs,
    onAlbChange: (cb) => {
      subscribers.add(cb);
      return () => subscribers.delete(cb);
    },
  });
  t.after(async () => {
    await ext.stop();
    await dns.stop();
    await store.close();
  });
  await dns.start();
  await ext.start();
  const r = new Resolver({ timeout: 5000, tries: 2 });
  r.setServers([`127.0.0.1:${dns.port}`]);
  const resolves = async (name: string): Promise<string[]> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        return await r.resolve4(name);
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((res) => setTimeout(res, 10));
      }
    }
  };

  albs = [ALB];
  for (const cb of subscribers) cb();
  assert.deepEqual(await resolves('istio-test-alb.example.com'), ['127.1.2.1']);
  assert.deepEqual(await resolves(ALB.dnsName), ['127.1.2.1']);

  store.create(
    { group: '', resource: 'services' },
    lbService('web', { 'external-dns.alpha.kubernetes.io/hostname': 'web.example.org' }, '127.1.1.1'),
  );
  assert.deepEqual(await resolves('web.example.org'), ['127.1.1.1']);
  assert.equal(subscribers.size, 1);
  assert.match(ext.status().detail, /^7 records$/);

  await ext.stop();
  assert.equal(subscribers.size, 0, 'unsubscribed');
});
