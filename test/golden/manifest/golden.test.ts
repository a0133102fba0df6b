// Golden tests of manifests in, validated objects out: each `<case>.in.yaml` is parsed and
// decoded; `<case>.out.yaml` holds the diagnostics (formatted) and the objects as they would
// be stored (storage version, defaulted), keys sorted. UPDATE_GOLDEN=1 rewrites the outputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parseManifests } from '../../../src/manifest/parse.ts';
import { decodeManifest } from '../../../src/resources/decode.ts';
import { toStorageVersion } from '../../../src/resources/convert.ts';
import { applyDefaults } from '../../../src/resources/defaults.ts';
import { formatDiagnostic } from '../../../src/diagnostics/diagnostic.ts';

const dir = fileURLToPath(new URL('.', import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';

function render(name: string, text: string): string {
  const parsed = parseManifests(text, name);
  const diagnostics = parsed.diagnostics.map(formatDiagnostic);
  const objects: unknown[] = [];
  for (const m of parsed.manifests) {
    const d = decodeManifest(m);
    diagnostics.push(...d.diagnostics.map(formatDiagnostic));
    if (d.object && d.rt) objects.push(applyDefaults(toStorageVersion(d.object, d.rt), d.rt));
  }
  return stringify({ diagnostics, objects }, { sortMapEntries: true, lineWidth: 0, version: '1.1' });
}

for (const file of readdirSync(dir).filter((f) => f.endsWith('.in.yaml')).sort()) {
  const name = file.slice(0, -'.in.yaml'.length);
  void test(`manifest golden: ${name}`, () => {
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
