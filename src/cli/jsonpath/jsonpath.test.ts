// kubectl's JSONPath, table-driven: the templates people use with `get -o jsonpath`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CliError } from '../errors.ts';
import { renderJsonPath } from './index.ts';

const LIST = {
  apiVersion: 'v1',
  kind: 'List',
  metadata: { resourceVersion: '' },
  items: [
    {
      kind: 'Pod',
      metadata: { name: 'web-1', namespace: 'test-ns', labels: { app: 'web', tier: 'front' } },
      spec: { containers: [{ name: 'web', image: 'nginxdemos/hello', ports: [{ containerPort: 80 }] }] },
      status: {
        phase: 'Running',
        podIP: '127.1.128.2',
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'PodScheduled', status: 'True' },
        ],
      },
    },
    {
      kind: 'Pod',
      metadata: { name: 'web-2', namespace: 'test-ns', labels: { app: 'web' } },
      spec: {
        containers: [
          { name: 'web', image: 'nginxdemos/hello' },
          { name: 'side', image: 'busybox' },
        ],
      },
      status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }] },
    },
  ],
};

const CASES: { template: string; want: string }[] = [
  { template: '{.items[*].metadata.name}', want: 'web-1 web-2' },
  { template: '{.items[0].metadata.name}', want: 'web-1' },
  { template: '{.items[-1].metadata.name}', want: 'web-2' },
  { template: '{.items[5].metadata.name}', want: '' },
  { template: '{.items[0:1].metadata.name}', want: 'web-1' },
  { template: '{.items[*].status.podIP}', want: '127.1.128.2' },
  { template: '{.items[*].missing}', want: '' },
  { template: '{.kind}', want: 'List' },
  { template: '{$.kind}', want: 'List' },
  { template: 'kind={.kind}!', want: 'kind=List!' },
  {
    template: '{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}',
    want: 'web-1\tRunning\nweb-2\tPending\n',
  },
  {
    template: '{range .items[*]}{.metadata.name}:{range .spec.containers[*]} {.name}{end};{end}',
    want: 'web-1: web;web-2: web side;',
  },
  { template: '{.items[?(@.status.phase=="Running")].metadata.name}', want: 'web-1' },
  { template: "{.items[?(@.status.phase!='Running')].metadata.name}", want: 'web-2' },
  { template: '{.items[?(@.status.podIP)].metadata.name}', want: 'web-1' },
  {
    template: '{.items[*].status.conditions[?(@.type=="Ready")].status}',
    want: 'True False',
  },
  { template: '{.items[?(@.spec.containers[0].ports[0].containerPort==80)].metadata.name}', want: 'web-1' },
  { template: '{.items[?(@.spec.containers[0].ports[0].containerPort>79)].metadata.name}', want: 'web-1' },
  { template: '{.items[0].metadata.labels}', want: '{"app":"web","tier":"front"}' },
  { template: "{.items[0].metadata.labels['app']}", want: 'web' },
  { template: '{.items[0].metadata.labels.*}', want: 'web front' },
  { template: '{.items[0].spec.containers[0].ports}', want: '[{"containerPort":80}]' },
  { template: '{..image}', want: 'nginxdemos/hello nginxdemos/hello busybox' },
  { template: '{.items[*].metadata.name,.kind}', want: 'web-1 web-2 List' },
  { template: '{.items[*].spec.containers[0].ports[0].containerPort}', want: '80' },
];

for (const c of CASES) {
  void test(`jsonpath ${c.template}`, () => {
    assert.equal(renderJsonPath(c.template, LIST), c.want);
  });
}

void test('maps print as compact Go JSON: sorted keys, <>& escaped', () => {
  assert.equal(renderJsonPath('{.a}', { a: { z: 1, b: '<a&b>' } }), '{"b":"\\u003ca\\u0026b\\u003e","z":1}');
});

const BAD: { template: string; error: RegExp }[] = [
  { template: '{.items[}', error: /error parsing jsonpath \{\.items\[\}, unclosed array expect \]/ },
  { template: '{.kind', error: /unclosed action/ },
  { template: '{range .items[*]}{.kind}', error: /unclosed range/ },
  { template: '{end}', error: /not in range/ },
  { template: '{.items[a]}', error: /invalid array index a/ },
];

for (const b of BAD) {
  void test(`jsonpath ${b.template} is a parse error`, () => {
    assert.throws(
      () => renderJsonPath(b.template, LIST),
      (err: unknown) => err instanceof CliError && b.error.test(err.message),
    );
  });
}
