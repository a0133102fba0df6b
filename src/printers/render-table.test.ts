// renderTable and noResourcesMessage against literal kubectl output (the kubectl-backed
// test covers the same ground with the real binary).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES, type ResourceType } from '../resources/catalogue.ts';
import { noResourcesMessage, renderTable } from './render-table.ts';
import { buildTable } from './table.ts';
import type { Table } from './types.ts';
import { fixtureObjects } from './testing/fixtures.ts';

const NOW = new Date('2026-03-01T12:00:00Z');
const OBJECTS = fixtureObjects(NOW);

function rt(group: string, kind: string): ResourceType {
  const r = RESOURCES.find((x) => x.group === group && x.kind === kind);
  assert.ok(r);
  return r;
}

function table(
  group: string,
  kind: string,
  ns: string,
  names?: string[],
): { table: Table; rt: ResourceType } {
  const type = rt(group, kind);
  const objs = OBJECTS.filter(
    (o) =>
      o.kind === kind &&
      (ns === '*' || (o.metadata.namespace ?? '') === ns) &&
      (!names || names.includes(o.metadata.name ?? '')),
  );
  return {
    table: buildTable(type, objs, { now: NOW, includeObject: 'Metadata', resourceVersion: '1' }),
    rt: type,
  };
}

void test('the scenario Service, as the article shows it', () => {
  const out = renderTable([table('', 'Service', 'istio-system')], { wide: false, allNamespaces: false });
  assert.equal(
    out,
    'NAME                   TYPE       CLUSTER-IP       EXTERNAL-IP   PORT(S)                                                                      AGE\n' +
      'istio-ingressgateway   NodePort   172.20.112.213   <none>        15021:30218/TCP,80:31246/TCP,443:30486/TCP,15012:32445/TCP,15443:30154/TCP   25h\n',
  );
});

void test('-A adds NAMESPACE from the row metadata; -o wide shows priority columns', () => {
  const out = renderTable([table('', 'Pod', 'test-ns', ['test-deploy-5d8f9c7b6-fghij'])], {
    wide: true,
    allNamespaces: true,
  });
  assert.equal(
    out,
    'NAMESPACE   NAME                          READY   STATUS    RESTARTS      AGE   IP            NODE             NOMINATED NODE   READINESS GATES\n' +
      'test-ns     test-deploy-5d8f9c7b6-fghij   0/1     Running   2 (20m ago)   30m   127.1.128.3   gangway-node-1   <none>           <none>\n',
  );
});

void test('several types: kind-prefixed names, a blank line between non-empty tables only', () => {
  const out = renderTable(
    [
      table('networking.istio.io', 'VirtualService', 'test-ns', ['nogw']),
      table('networking.istio.io', 'Gateway', 'istio-system'),
      table('networking.istio.io', 'DestinationRule', 'test-ns'),
    ],
    { wide: false, allNamespaces: false, showKind: true },
  );
  assert.equal(
    out,
    'NAME                                      GATEWAYS   HOSTS                                                 AGE\n' +
      'virtualservice.networking.istio.io/nogw              ["a.example.com","b\\u003c\\u0026\\u003e.example.com"]   30m\n' +
      '\n' +
      'NAME                                          HOST       AGE\n' +
      'destinationrule.networking.istio.io/test-dr   test-svc   30m\n',
  );
});

void test('tables of one type share a header and an alignment; --no-headers', () => {
  const a = table('', 'Pod', 'test-ns', ['pending-pod']);
  const b = table('', 'Pod', 'test-ns', ['test-deploy-5d8f9c7b6-abcde']);
  assert.equal(
    renderTable([a, b], { wide: false, allNamespaces: false }),
    'NAME                          READY   STATUS              RESTARTS   AGE\n' +
      'pending-pod                   0/1     ContainerCreating   0          30m\n' +
      'test-deploy-5d8f9c7b6-abcde   1/1     Running             0          30m\n',
  );
  assert.equal(
    renderTable([a], { wide: false, allNamespaces: false, noHeaders: true }),
    'pending-pod   0/1   ContainerCreating   0     30m\n',
  );
});

void test('labels: -L columns and --show-labels; cells cut at a line break', () => {
  const ev = table('', 'Event', 'edge', ['edge-pod.multi']);
  assert.equal(
    renderTable([ev], { wide: false, allNamespaces: false, labelColumns: ['x/app'], showLabels: true }),
    'LAST SEEN   TYPE      REASON   OBJECT         MESSAGE         APP   LABELS\n' +
      '15m         Warning   Failed   pod/edge-pod   first line...         <none>\n',
  );
});

void test('rows without an object print empty NAMESPACE and label cells', () => {
  const type = rt('', 'ConfigMap');
  const t = buildTable(
    type,
    OBJECTS.filter((o) => o.kind === 'ConfigMap' && o.metadata.name === 'multi'),
    {
      now: NOW,
      includeObject: 'None',
      resourceVersion: '1',
    },
  );
  assert.equal(
    renderTable([{ table: t, rt: type }], { wide: false, allNamespaces: true, showLabels: true }),
    'NAMESPACE   NAME    DATA   AGE   LABELS\n            multi   5      50m   \n',
  );
});

void test('empty results print nothing; the message goes to stderr', () => {
  const empty = table('', 'Pod', 'ghost');
  assert.equal(renderTable([empty], { wide: false, allNamespaces: false }), '');
  assert.equal(
    noResourcesMessage({ allNamespaces: false, namespace: 'test-ns' }),
    'No resources found in test-ns namespace.\n',
  );
  assert.equal(noResourcesMessage({ allNamespaces: true, namespace: 'test-ns' }), 'No resources found\n');
  assert.equal(
    noResourcesMessage({ allNamespaces: false, namespace: 'default', namespaced: false }),
    'No resources found\n',
  );
});
