// `-f` paths -> manifests, as kubectl's resource builder expands them: files as named,
// directories walked recursively in lexical order (filepath.Walk) keeping *.json, *.yaml and
// *.yml, `-` for stdin. A missing path is a diagnostic in kubectl's words.
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Manifest } from './types.ts';
import { parseManifests } from './parse.ts';

export interface LoadOptions {
  stdin?: NodeJS.ReadableStream;
  cwd?: string;
}

export interface LoadResult {
  manifests: Manifest[];
  diagnostics: Diagnostic[];
  /** Files read, in order ('-' for stdin). */
  files: string[];
}

const EXTENSIONS = ['.json', '.yaml', '.yml'];

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Go's filepath.Walk order: names sorted bytewise within each directory, depth first. */
async function walk(dir: string, shown: string, out: { abs: string; shown: string }[]): Promise<void> {
  const names = (await readdir(dir)).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const name of names) {
    const abs = join(dir, name);
    const show = join(shown, name);
    const st = await stat(abs);
    if (st.isDirectory()) await walk(abs, show, out);
    else if (EXTENSIONS.some((ext) => name.endsWith(ext))) out.push({ abs, shown: show });
  }
}

function missing(path: string): Diagnostic {
  return { code: 'PATH-NOT-FOUND', severity: 'error', message: `the path "${path}" does not exist` };
}

export async function loadManifests(paths: string[], opts: LoadOptions = {}): Promise<LoadResult> {
  const cwd = opts.cwd ?? process.cwd();
  const result: LoadResult = { manifests: [], diagnostics: [], files: [] };
  const add = (text: string, file: string): void => {
    const parsed = parseManifests(text, file);
    result.files.push(file);
    result.manifests.push(...parsed.manifests);
    result.diagnostics.push(...parsed.diagnostics);
  };
  for (const path of paths) {
    if (path === '-') {
      add(await readStream(opts.stdin ?? process.stdin), '-');
      continue;
    }
    const abs = resolve(cwd, path);
    const st = await stat(abs).catch(() => undefined);
    if (!st) {
      result.diagnostics.push(missing(path));
      continue;
    }
    const files: { abs: string; shown: string }[] = [];
    if (st.isDirectory()) await walk(abs, path, files);
    else files.push({ abs, shown: path });
    for (const f of files) {
      try {
        add(await readFile(f.abs, 'utf8'), f.shown);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        result.diagnostics.push({
          code: 'FILE-READ',
          severity: 'error',
          message,
          at: { file: f.shown, line: 1, column: 1 },
        });
      }
    }
  }
  return result;
}
