// The strongest check of the Tables and their rendering: the real kubectl reads our
// Tables from a fake API server, and renderTable must print byte for byte what it printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { noResourcesMessage, renderTable, type RenderOptions } from './render-table.ts';
import { startFakeApiServer } from './testing/fake-apiserver.ts';
import { fixtureObjects } from './testing/fixtures.ts';
import { KUBECTL, kubectlRunner } from './testing/run-kubectl.ts';

interface Case {
  args: string;
  opts: RenderOptions;
  /** Namespace of the request, for the empty-result message. */
  namespace?: string;
}

const plain: RenderOptions = { wide: false, allNamespaces: false };
const wide: RenderOptions = { wide: true, allNamespaces: false };
const all: RenderOptions = { wide: false, allNamespaces: true };

const CASES: Case[] = [
  { args: 'get pods -n test-ns', opts: plain },
  { args: 'get pods -n test-ns -o wide', opts: wide },
  { args: 'get pods -A', opts: all },
  { args: 'get pods -A -o wide', opts: { ...all, wide: true } },
  { args: 'get pods -n test-ns --no-headers', opts: { ...plain, noHeaders: true } },
  { args: 'get pods -n test-ns --show-labels', opts: { ...plain, showLabels: true } },
  {
    args: 'get pods -n test-ns -L app -L pod-template-hash -L x/y -L a --show-labels',
    opts: { ...plain, labelColumns: ['app', 'pod-template-hash', 'x/y', 'a'], showLabels: true },
  },
  { args: 'get pod test-deploy-5d8f9c7b6-abcde pending-pod -n test-ns', opts: plain },
  { args: 'get svc -A -o wide', opts: { ...all, wide: true } },
  { args: 'get svc -n istio-system', opts: plain },
  { args: 'get svc test-svc -n test-ns', opts: plain },
  { args: 'get svc -n test-ns --show-kind', opts: { ...plain, showKind: true } },
  { args: 'get vs,svc,gw -n test-ns', opts: { ...plain, showKind: true } },
  { args: 'get vs,dr,gw -A -o wide', opts: { ...all, wide: true, showKind: true } },
  { args: 'get svc,vs,deploy -n istio-system', opts: { ...plain, showKind: true } },
  { args: 'get vs,svc -n istio-system', opts: { ...plain, showKind: true } },
  { args: 'get all -n test-ns', opts: { ...plain, showKind: true } },
  { args: 'get all -n test-ns --no-headers', opts: { ...plain, showKind: true, noHeaders: true } },
  { args: 'get deploy,rs -n test-ns -o wide', opts: { ...wide, showKind: true } },
  { args: 'get ep,endpointslices -A', opts: { ...all, showKind: true } },
  { args: 'get ingresses -A', opts: all },
  { args: 'get ingress.extensions -n istio-system -o wide', opts: wide },
  { args: 'get ingressclass', opts: plain },
  { args: 'get ingressclass -A', opts: all },
  { args: 'get nodes', opts: plain },
  { args: 'get nodes -o wide --show-labels', opts: { ...wide, showLabels: true } },
  { args: 'get ns', opts: plain },
  { args: 'get ns,nodes -A', opts: { ...all, showKind: true } },
  { args: 'get events -n test-ns', opts: plain },
  { args: 'get events -A -o wide', opts: { ...all, wide: true } },
  { args: 'get events,cm -n test-ns', opts: { ...plain, showKind: true } },
  { args: 'get cm,secret -n test-ns', opts: { ...plain, showKind: true } },
  { args: 'get iop -A', opts: all },
  { args: 'get pods -n edge', opts: plain },
  { args: 'get pods -n edge -o wide', opts: wide },
  { args: 'get svc,ep,endpointslices,ingresses -n edge -o wide', opts: { ...wide, showKind: true } },
  { args: 'get ingress.extensions,ingress.networking.k8s.io -n edge', opts: { ...plain, showKind: true } },
  { args: 'get deploy,cm,secret -n edge -o wide', opts: { ...wide, showKind: true } },
  { args: 'get events -n edge -o wide', opts: wide },
  { args: 'get events -n edge', opts: plain },
  { args: 'get events -A --show-labels', opts: { ...all, showLabels: true } },
  { args: 'get vs,dr,iop -n edge -o wide', opts: { ...wide, showKind: true } },
  { args: 'get nodes,ns -o wide', opts: { ...wide, showKind: true } },
  { args: 'get pods -n ghost', opts: plain, namespace: 'ghost' },
  { args: 'get vs,gw -n istio-system', opts: { ...plain, showKind: true }, namespace: 'istio-system' },
  { args: 'get cm -A -l nothing=here', opts: all, namespace: 'default' },
  { args: 'get ingressclass -l nothing=here', opts: plain, namespace: 'default' },
  { args: 'get pods,ingressclass -n ghost -l x=y', opts: { ...plain, showKind: true }, namespace: 'ghost' },
  { args: 'get pods,svc -n ghost', opts: { ...plain, showKind: true }, namespace: 'ghost' },
];

void test(
  'renderTable prints what kubectl prints for the same Tables',
  { skip: !existsSync(KUBECTL) },
  async (t) => {
    const now = new Date();
    const server = await startFakeApiServer(fixtureObjects(now), { now: () => now });
    const kubectl = kubectlRunner(server.url);
    t.after(async () => {
      kubectl.cleanup();
      await server.close();
    });
    for (const c of CASES) {
      await t.test(`kubectl ${c.args}`, async () => {
        server.reset();
        const res = await kubectl.run(c.args.split(' '));
        assert.equal(res.code, 0, res.stderr);
        const ours = renderTable(server.tables, c.opts);
        assert.equal(ours, res.stdout);
        if (ours === '') {
          const namespaced = server.tables.every((x) => x.rt.namespaced);
          assert.equal(
            noResourcesMessage({
              allNamespaces: c.opts.allNamespaces,
              namespace: c.namespace ?? '',
              namespaced,
            }),
            res.stderr,
          );
        } else {
          assert.equal(res.stderr, '');
        }
      });
    }
  },
);
