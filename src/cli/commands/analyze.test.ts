// `gangway analyze`: offline over files (istioctl's lines, exit 79, -o json|yaml, thresholds,
// -n) and live against the API's /gangway/v1/analyze (namespace filtering, the clean line).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import { startFakeApi } from '../test-support/fake-api.ts';
import { runCli } from '../test-support/run-cli.ts';

const BAD = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: test-virtualservice
  namespace: test-ns
spec:
  hosts: [istio-test-alb.example.com]
  gateways: [test-gw]
  http:
  - route:
    - destination: {host: test-svc}
---
apiVersion: v1
kind: Service
metadata: {name: test-svc, namespace: test-ns}
spec:
  selector: {app: x}
  ports: [{port: 80}]
`;

async function dir(t: TestContext): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'gangway-analyze-'));
  t.after(() => rm(d, { recursive: true, force: true }));
  return d;
}

void test('analyze -f: istioctl lines with FILE:LINE, exit 79, stderr line; json and yaml', async (t) => {
  const d = await dir(t);
  const file = join(d, 'test.yaml');
  await writeFile(file, BAD);
  const r = await runCli(d, ['analyze', '-f', file]);
  assert.equal(r.code, 79, r.stderr);
  assert.match(
    r.stdout,
    new RegExp(
      `^Error \\[IST0101\\] \\(VirtualService test-ns/test-virtualservice ${file.replace(/[.]/g, '\\.')}:8\\) Referenced gateway not found: "test-gw"$`,
      'm',
    ),
  );
  assert.match(r.stderr, /^Error: Analyzers found issues when analyzing all namespaces\.$/m);
  const json = await runCli(d, ['analyze', '-f', file, '-o', 'json']);
  const list = JSON.parse(json.stdout) as Record<string, string>[];
  const ist = list.find((m) => m['code'] === 'IST0101')!;
  assert.equal(ist['level'], 'Error');
  assert.equal(ist['origin'], 'VirtualService test-ns/test-virtualservice');
  assert.equal(ist['reference'], `${file}:8`);
  assert.match(
    ist['documentationUrl']!,
    /^https:\/\/istio\.io\/v1\.\d+\/docs\/reference\/config\/analysis\/ist0101\//,
  );
  const yaml = await runCli(d, ['analyze', '-f', file, '-o', 'yaml']);
  assert.match(yaml.stdout, /^- code: IST0101$/m);
  const lenient = await runCli(d, ['analyze', '-f', file, '--failure-threshold', 'Error', '-n', 'other']);
  assert.equal(lenient.code, 0);
  assert.equal(lenient.stdout, '✔ No validation issues found when analyzing namespace: other.\n');
  const bad = await runCli(d, ['analyze', '-f', file, '--failure-threshold', 'Fatal']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /Info, Warning, Error/);
});

void test('analyze -f on the seed manifests: clean', async (t) => {
  const d = await dir(t);
  const r = await runCli(d, ['analyze', '-f', join(import.meta.dirname, '../../../examples/seed')]);
  assert.equal(r.stdout, '✔ No validation issues found when analyzing all namespaces.\n');
  assert.equal(r.code, 0);
});

void test('analyze against the running stack: messages of the namespace, -A for all', async (t) => {
  const messages: Diagnostic[] = [
    {
      code: 'IST0101',
      severity: 'error',
      message: 'Referenced gateway not found: "x"',
      object: 'VirtualService a/vs',
    },
    {
      code: 'GW1101',
      severity: 'warning',
      message: 'health checks the traffic port',
      object: 'Ingress b/ing',
    },
  ];
  const api = await startFakeApi((req) =>
    req.path === '/gangway/v1/analyze' ? { json: messages } : undefined,
  );
  t.after(() => api.close());
  const def = await runCli(api.home, ['analyze']);
  assert.equal(def.stdout, '✔ No validation issues found when analyzing namespace: default.\n');
  assert.equal(def.code, 0);
  const b = await runCli(api.home, ['analyze', '-n', 'b']);
  assert.equal(b.stdout, 'Warning [GW1101] (Ingress b/ing) health checks the traffic port\n');
  assert.equal(b.code, 0);
  const all = await runCli(api.home, ['analyze', '-A', '--failure-threshold', 'Warning']);
  assert.equal(all.stdout.split('\n').length, 3);
  assert.match(all.stdout, /^Error \[IST0101\]/);
  assert.equal(all.code, 79);
  const quiet = await runCli(api.home, ['analyze', '-A', '--output-threshold', 'Error']);
  assert.equal(quiet.stdout, 'Error [IST0101] (VirtualService a/vs) Referenced gateway not found: "x"\n');
});
