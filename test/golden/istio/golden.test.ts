// Golden tests of the Istio translator: `base.yaml` (the istio install and the gateway pod)
// plus each `<case>.in.yaml` (Gateways, VirtualServices, DestinationRules, Services, Secrets;
// a `proxy:` document overrides the pod) -> `<case>.out.yaml` (diagnostics + GatewayModel).
// Objects without creationTimestamp are stamped one second apart in document order, so
// "creation order" is document order. UPDATE_GOLDEN=1 rewrites the outputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';
import { formatDiagnostic } from '../../../src/diagnostics/diagnostic.ts';
import type { GatewayProxy } from '../../../src/istio/model.ts';
import type { IstioSnapshot } from '../../../src/istio/translate/index.ts';
import { translateGateway } from '../../../src/istio/translate/index.ts';
import type { KubeObject } from '../../../src/resources/types.ts';

const dir = fileURLToPath(new URL('.', import.meta.url));
const update = process.env['UPDATE_GOLDEN'] === '1';

interface Loaded {
  snapshot: Required<IstioSnapshot>;
  proxy: GatewayProxy | undefined;
}

function load(text: string, into: Loaded, stamp: { n: number }): void {
  for (const doc of parseAllDocuments(text)) {
    const value = doc.toJS() as Record<string, unknown> | null;
    if (!value) continue;
    if ('proxy' in value) {
      into.proxy = value['proxy'] as GatewayProxy;
      continue;
    }
    const obj = value as unknown as KubeObject;
    obj.metadata.namespace ??= 'default';
    const t = new Date(Date.UTC(2026, 0, 2) + stamp.n++ * 1000).toISOString().replace('.000', '');
    obj.metadata.creationTimestamp ??= t;
    const byKind: Record<string, KubeObject[]> = {
      Gateway: into.snapshot.gateways as KubeObject[],
      VirtualService: into.snapshot.virtualServices as KubeObject[],
      DestinationRule: into.snapshot.destinationRules as KubeObject[],
      Service: into.snapshot.services as KubeObject[],
      Secret: into.snapshot.secrets as KubeObject[],
      Namespace: [],
    };
    const list = byKind[obj.kind];
    if (!list) throw new Error(`unexpected kind ${obj.kind}`);
    list.push(obj);
  }
}

function render(caseText: string): string {
  const loaded: Loaded = {
    snapshot: { gateways: [], virtualServices: [], destinationRules: [], services: [], secrets: [] },
    proxy: undefined,
  };
  const stamp = { n: 0 };
  load(readFileSync(join(dir, 'base.yaml'), 'utf8'), loaded, stamp);
  load(caseText, loaded, stamp);
  if (!loaded.proxy) throw new Error('no proxy document');
  const { model, diagnostics } = translateGateway(loaded.snapshot, loaded.proxy);
  return stringify(
    { diagnostics: diagnostics.map((d) => `[${d.code}] ${formatDiagnostic(d)}`), model },
    { sortMapEntries: true, lineWidth: 0, version: '1.1', aliasDuplicateObjects: false },
  );
}

for (const file of readdirSync(dir).filter((f) => f.endsWith('.in.yaml')).sort()) {
  const name = file.slice(0, -'.in.yaml'.length);
  void test(`istio golden: ${name}`, () => {
    const got = render(readFileSync(join(dir, file), 'utf8'));
    const outPath = join(dir, `${name}.out.yaml`);
    if (update || !existsSync(outPath)) {
      writeFileSync(outPath, got);
      if (!update) assert.fail(`${name}.out.yaml did not exist; written, check it and rerun`);
      return;
    }
    assert.equal(got, readFileSync(outPath, 'utf8'));
  });
}
