// describeObject against the real kubectl: kubectl describes the fixture objects served by
// a fake API server, and describeObject must print the same text for the same objects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { KubeObject } from '../../resources/types.ts';
import { startFakeApiServer } from '../testing/fake-apiserver.ts';
import { fixtureObjects } from '../testing/fixtures.ts';
import { KUBECTL, kubectlRunner } from '../testing/run-kubectl.ts';
import { describeObject, eventsForDescribe, joinDescriptions } from './index.ts';

/**
 * kubectl walks ConfigMap and Secret data in Go map order (random from run to run); we
 * print keys sorted. Their texts are compared as multisets of lines.
 */
const UNORDERED = new Set(['ConfigMap', 'Secret']);
const sortedLines = (s: string): string[] => s.split('\n').sort();

/** [kubectl resource, namespace, kind] of the objects to describe. */
const TARGETS: [string, string | undefined, string][] = [
  ['pods', 'test-ns', 'Pod'],
  ['services', 'test-ns', 'Service'],
  ['services', 'istio-system', 'Service'],
  ['deployments', 'test-ns', 'Deployment'],
  ['replicasets', 'test-ns', 'ReplicaSet'],
  ['namespaces', undefined, 'Namespace'],
  ['nodes', undefined, 'Node'],
  ['ingresses.networking.k8s.io', 'istio-system', 'Ingress'],
  ['ingressclasses', undefined, 'IngressClass'],
  ['endpoints', 'test-ns', 'Endpoints'],
  ['endpointslices', 'test-ns', 'EndpointSlice'],
  ['configmaps', 'test-ns', 'ConfigMap'],
  ['secrets', 'test-ns', 'Secret'],
  ['events', 'test-ns', 'Event'],
  ['virtualservices', 'test-ns', 'VirtualService'],
  ['gateways', 'test-ns', 'Gateway'],
  ['destinationrules', 'test-ns', 'DestinationRule'],
  ['istiooperators', 'istio-system', 'IstioOperator'],
  ['pods', 'edge', 'Pod'],
  ['services', 'edge', 'Service'],
  ['endpoints', 'edge', 'Endpoints'],
  ['endpointslices', 'edge', 'EndpointSlice'],
  ['ingresses.networking.k8s.io', 'edge', 'Ingress'],
  ['deployments', 'edge', 'Deployment'],
  ['configmaps', 'edge', 'ConfigMap'],
  ['secrets', 'edge', 'Secret'],
  ['events', 'edge', 'Event'],
  ['virtualservices', 'edge', 'VirtualService'],
  ['destinationrules', 'edge', 'DestinationRule'],
  ['istiooperators', 'edge', 'IstioOperator'],
];

/**
 * kubectl and describeObject each age timestamps with their own clock. The candidate
 * texts for every whole second between `from` and `to` are tried, so a second boundary
 * passing while kubectl runs cannot fail the test; the last candidate is returned when
 * none matches, for the assertion's diff.
 */
function renderAround(
  from: number,
  to: number,
  render: (now: Date) => string,
  matches: (text: string) => boolean,
): string {
  let text = '';
  for (let sec = Math.floor(from / 1000); sec <= Math.floor(to / 1000); sec++) {
    text = render(new Date(sec * 1000 + 500));
    if (matches(text)) return text;
  }
  return text;
}

void test('describeObject prints what kubectl describe prints', { skip: !existsSync(KUBECTL) }, async (t) => {
  const now = new Date();
  const objects = fixtureObjects(now);
  const server = await startFakeApiServer(objects, { now: () => now });
  const kubectl = kubectlRunner(server.url);
  t.after(async () => {
    kubectl.cleanup();
    await server.close();
  });
  const ofKind = (kind: string): KubeObject[] => objects.filter((o) => o.kind === kind);
  const allEvents = ofKind('Event');
  const describe = (obj: KubeObject, at: Date): string =>
    describeObject(obj, {
      events: eventsForDescribe(obj, allEvents),
      related: {
        endpointSlices: ofKind('EndpointSlice'),
        services: ofKind('Service'),
        replicaSets: ofKind('ReplicaSet'),
        pods: ofKind('Pod'),
      },
      now: at,
    });
  const same = (kind: string, ours: string, theirs: string): boolean =>
    UNORDERED.has(kind) ? sortedLines(ours).join('\n') === sortedLines(theirs).join('\n') : ours === theirs;
  const check = (kind: string, ours: string, theirs: string): void => {
    if (UNORDERED.has(kind)) assert.deepEqual(sortedLines(ours), sortedLines(theirs));
    else assert.equal(ours, theirs);
  };
  for (const [resource, ns, kind] of TARGETS) {
    // The fake serves objects as stored, without version conversion: leave v1beta1 aside.
    const targets = ofKind(kind)
      .filter((o) => ns === undefined || o.metadata.namespace === ns)
      .filter((o) => !o.apiVersion.endsWith('v1beta1'))
      .sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
    const nsArgs = ns ? ['-n', ns] : [];
    for (const obj of targets) {
      const name = obj.metadata.name ?? '';
      await t.test(`kubectl describe ${resource} ${name}`, async () => {
        const from = Date.now();
        const res = await kubectl.run(['describe', resource, name, ...nsArgs]);
        assert.equal(res.code, 0, res.stderr);
        const ours = renderAround(
          from,
          Date.now(),
          (at) => describe(obj, at),
          (x) => same(kind, x, res.stdout),
        );
        check(kind, ours, res.stdout);
      });
    }
    if (targets.length < 2) continue;
    await t.test(`kubectl describe ${resource} (all, joined)`, async () => {
      const from = Date.now();
      const res = await kubectl.run(['describe', resource, ...nsArgs]);
      assert.equal(res.code, 0, res.stderr);
      const ours = renderAround(
        from,
        Date.now(),
        (at) => joinDescriptions(targets.map((obj) => describe(obj, at))),
        (x) => same(kind, x, res.stdout),
      );
      check(kind, ours, res.stdout);
    });
  }
});
