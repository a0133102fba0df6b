// Golden tests of the ALB translator: each `<case>.in.yaml` (Ingresses, Services, Nodes,
// IngressClasses, EndpointSlices) is decoded as the API server stores it and translated;
// `<case>.out.yaml` holds the diagnostics, events, statuses, the model and each target
// group's resolved targets, keys sorted. UPDATE_GOLDEN=1 rewrites the outputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { ALB_CODES, translateAlb } from '../../../src/alb/translate/index.ts';
import { resolveTargets } from '../../../src/alb/targets.ts';
import { albAnalyzers } from '../../../src/analyze/alb/index.ts';
import { createContext } from '../../../src/analyze/context.ts';
import { runAnalyzers } from '../../../src/analyze/run.ts';
import type { AnalyzedObject } from '../../../src/analyze/types.ts';
import { formatDiagnostic } from '../../../src/diagnostics/diagnostic.ts';
import { parseManifests } from '../../../src/manifest/parse.ts';
import { toStorageVersion } from '../../../src/resources/convert.ts';
import { decodeManifest } from '../../../src/resources/decode.ts';
import { applyDefaults } from '../../../src/resources/defaults.ts';
import type { KubeObject } from '../../../src/resources/types.ts';

const dir = fileURLToPath(new URL('.', import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';

function render(name: string, text: string): string {
  const parsed = parseManifests(text, name);
  const inputErrors = parsed.diagnostics.map(formatDiagnostic);
  const objects: KubeObject[] = [];
  const analyzed: AnalyzedObject[] = [];
  for (const m of parsed.manifests) {
    const d = decodeManifest(m);
    inputErrors.push(...d.diagnostics.filter((x) => x.severity === 'error').map(formatDiagnostic));
    if (d.object && d.rt) {
      const obj = applyDefaults(toStorageVersion(d.object, d.rt), d.rt);
      objects.push(obj);
      analyzed.push({ object: obj, source: m.source });
    }
  }
  const ofKind = (kind: string): KubeObject[] => objects.filter((o) => o.kind === kind);
  const snapshot = {
    ingresses: ofKind('Ingress'),
    ingressClasses: ofKind('IngressClass'),
    services: ofKind('Service'),
    nodes: ofKind('Node'),
  };
  const t = translateAlb(snapshot, { region: 'eu-west-3', accountId: '111111111111' });
  const targets: Record<string, unknown> = {};
  for (const lb of t.model.loadBalancers) {
    for (const tg of lb.targetGroups) {
      targets[tg.name] = resolveTargets(tg, { nodes: snapshot.nodes, endpointSlices: ofKind('EndpointSlice') });
    }
  }
  const out: Record<string, unknown> = {
    diagnostics: t.diagnostics.map((d) => `${d.code} ${formatDiagnostic(d)}`),
    events: t.events.map((e) => `${e.ingress.namespace}/${e.ingress.name} ${e.type} ${e.reason}: ${e.message}`),
    status: Object.fromEntries(t.status),
    model: t.model,
    targets,
  };
  // The same problems as `gangway analyze` reports them: located at FILE:LINE:COLUMN of the field.
  const ctx = createContext(analyzed, { live: false, region: 'eu-west-3', accountId: '111111111111' });
  const located = runAnalyzers(ctx, albAnalyzers).map((d) => `${d.code} ${formatDiagnostic(d)}`);
  if (located.length > 0) out['located'] = located;
  if (inputErrors.length > 0) out['inputErrors'] = inputErrors;
  return stringify(out, { sortMapEntries: true, lineWidth: 0, version: '1.1' });
}

for (const file of readdirSync(dir).filter((f) => f.endsWith('.in.yaml')).sort()) {
  const name = file.slice(0, -'.in.yaml'.length);
  void test(`alb golden: ${name}`, () => {
    const got = render(file, readFileSync(join(dir, file), 'utf8'));
    const outPath = join(dir, `${name}.out.yaml`);
    if (update || !existsSync(outPath)) {
      writeFileSync(outPath, got);
      if (!update) assert.fail(`${name}.out.yaml did not exist; written, check it and rerun`);
      return;
    }
    assert.equal(got, readFileSync(outPath, 'utf8'));
  });
}

void test('alb golden: every diagnostic code is exercised by some case', () => {
  const all = readdirSync(dir)
    .filter((f) => f.endsWith('.out.yaml'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
  for (const code of Object.values(ALB_CODES)) assert.ok(all.includes(`${code} `), `${code} is not exercised`);
});
