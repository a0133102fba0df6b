// Runs every *.test.ts (and the dashboard page's plain *.test.js) under src/ and test/ with node:test through tsx.
// Node 20's --test takes no globs, so the files are listed here. Unit and golden tests
// run concurrently; end-to-end tests (test/e2e) run one file at a time because each
// starts a whole stack.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function find(dir, out = []) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    if (name === 'node_modules') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith('.test.ts') || name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

const filter = process.argv[2];
const all = [...find('src'), ...find('test')].sort().filter((f) => !filter || f.includes(filter));
const e2e = all.filter((f) => f.startsWith(join('test', 'e2e')));
const unit = all.filter((f) => !e2e.includes(f));

let failed = false;
for (const [files, concurrency] of [
  [unit, 2],
  [e2e, 1],
]) {
  if (files.length === 0) continue;
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
