// Golden tests of `gangway analyze` offline: each `<case>.in.yaml` is analyzed as
// `gangway analyze -f <case>.in.yaml` would (with the default Istio install, unless the file's
// first line is `# gangway-analyze: --no-istio`); `<case>.out.txt` holds the istioctl-format
// lines. UPDATE_GOLDEN=1 rewrites the outputs. Every catalogued code must be produced by a case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_ANALYZERS, ALL_CODES } from '../../../src/analyze/catalogue.ts';
import { createContext } from '../../../src/analyze/context.ts';
import { renderMessages } from '../../../src/analyze/format.ts';
import { offlineObjects } from '../../../src/analyze/offline.ts';
import { runAnalyzers } from '../../../src/analyze/run.ts';
import { parseManifests } from '../../../src/manifest/parse.ts';

const dir = fileURLToPath(new URL('.', import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';

export function analyzeText(name: string, text: string): string {
  const parsed = parseManifests(text, name);
  const noIstio = text.startsWith('# gangway-analyze: --no-istio');
  const input = offlineObjects(parsed.manifests, noIstio ? false : {});
  const ctx = createContext(input.objects, {
    live: false,
    inputDiagnostics: [...parsed.diagnostics, ...input.decodeDiagnostics],
  });
  return renderMessages(runAnalyzers(ctx, ALL_ANALYZERS), 'log', 'all namespaces');
}

const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.in.yaml'))
  .sort();

for (const file of cases) {
  const name = file.slice(0, -'.in.yaml'.length);
  void test(`analyze golden: ${name}`, () => {
    const got = analyzeText(file, readFileSync(join(dir, file), 'utf8'));
    const outPath = join(dir, `${name}.out.txt`);
    if (update || !existsSync(outPath)) {
      writeFileSync(outPath, got);
      if (!update) assert.fail(`${name}.out.txt did not exist; written, check it and rerun`);
      return;
    }
    assert.equal(got, readFileSync(outPath, 'utf8'));
  });
}

void test('analyze golden: every catalogued code is produced by some case, and documented', () => {
  const all = readdirSync(dir)
    .filter((f) => f.endsWith('.out.txt'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
  const docsDir = join(dir, '../../../docs');
  const docs = readdirSync(docsDir)
    .filter((f) => /^analyze.*\.md$/.test(f))
    .map((f) => readFileSync(join(docsDir, f), 'utf8'))
    .join('\n');
  for (const c of ALL_CODES) {
    assert.ok(all.includes(`[${c.code}]`), `${c.code} is never produced by a golden case`);
    assert.ok(docs.includes(`### ${c.code} `), `${c.code} is not documented in docs/analyze*.md`);
  }
  for (const m of all.matchAll(/\[([A-Z]+\d+)\]/g))
    assert.ok(ALL_CODES.some((c) => c.code === m[1]), `${m[1]} is produced but not catalogued`);
});
