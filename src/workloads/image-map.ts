// Where a container's image comes from: a pod annotation (`gangway.io/run.<container>`,
// `gangway.io/url.<container>`), then `$GANGWAY_HOME/images.yaml` (an entry with a tag or
// digest before one without), then the built-in stand-ins. Anything else cannot be "pulled".
// images.yaml is re-read when its mtime changes; a watcher reports changes so pods waiting in
// ImagePullBackOff can retry at once.
import { statSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { findBuiltin, type BuiltinImage } from './images/builtin.ts';
import { effectiveTag, fullName, parseImageRef, type ImageRef } from './image-ref.ts';

export const IMAGES_FILE = 'images.yaml';
export const RUN_ANNOTATION = 'gangway.io/run.';
export const URL_ANNOTATION = 'gangway.io/url.';

export type ImageSource =
  | { kind: 'builtin'; ref: ImageRef; image: BuiltinImage }
  | { kind: 'command'; ref: ImageRef; command: string; origin: string }
  | { kind: 'url'; ref: ImageRef; target: { host: string; port: number }; url: string; origin: string }
  | { kind: 'unknown'; ref: ImageRef; message: string }
  | { kind: 'invalid'; message: string };

interface Entry {
  ref: ImageRef;
  exact: boolean; // a tag or digest was written
  command?: string;
  url?: string;
}

/** host and port of an http(s):// or tcp:// URL; a string saying what is wrong otherwise. */
export function urlTarget(url: string): { host: string; port: number } | string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `invalid URL "${url}"`;
  }
  const defaults: Record<string, number> = { 'http:': 80, 'https:': 443, 'tcp:': 0 };
  const def = defaults[u.protocol];
  if (def === undefined) return `URL "${url}": scheme must be http, https or tcp`;
  const port = u.port === '' ? def : Number(u.port);
  if (!port) return `URL "${url}" has no port`;
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port };
}

function parseEntries(text: string): Entry[] {
  const doc: unknown = parse(text);
  if (doc === null || doc === undefined) return [];
  const images = (doc as { images?: unknown }).images;
  if (typeof doc !== 'object' || !Array.isArray(images))
    throw new Error('expected a top-level "images:" list');
  return images.map((raw: unknown, i): Entry => {
    const e = raw as { image?: unknown; command?: unknown; url?: unknown };
    if (typeof e.image !== 'string') throw new Error(`images[${i}].image: expected a string`);
    const ref = parseImageRef(e.image);
    if (!ref) throw new Error(`images[${i}].image: invalid reference "${e.image}"`);
    const hasCommand = typeof e.command === 'string' && e.command.trim() !== '';
    const hasUrl = typeof e.url === 'string' && e.url !== '';
    if (hasCommand === hasUrl)
      throw new Error(`images[${i}] (${e.image}): give exactly one of command or url`);
    if (hasUrl) {
      const t = urlTarget(e.url as string);
      if (typeof t === 'string') throw new Error(`images[${i}].url: ${t}`);
      return { ref, exact: ref.tag !== undefined || ref.digest !== undefined, url: e.url as string };
    }
    return { ref, exact: ref.tag !== undefined || ref.digest !== undefined, command: e.command as string };
  });
}

function entryMatches(entry: Entry, ref: ImageRef): boolean {
  if (fullName(entry.ref) !== fullName(ref)) return false;
  if (!entry.exact) return true;
  if (entry.ref.digest !== undefined && entry.ref.digest !== ref.digest) return false;
  if (entry.ref.tag !== undefined && entry.ref.tag !== effectiveTag(ref)) return false;
  return true;
}

export class ImageMap {
  readonly #path: string;
  readonly #home: string;
  #mtimeMs = -1;
  #entries: Entry[] = [];
  #error: string | undefined;
  #watcher: FSWatcher | undefined;

  constructor(home: string) {
    this.#home = home;
    this.#path = join(home, IMAGES_FILE);
  }

  get path(): string {
    return this.#path;
  }

  /** Why images.yaml was not used, if it was not (the last good version stays in use). */
  get error(): string | undefined {
    this.#refresh();
    return this.#error;
  }

  /** Calls onChange (debounced by the caller) whenever images.yaml may have changed. */
  watch(onChange: () => void): void {
    if (this.#watcher) return;
    try {
      this.#watcher = watch(this.#home, { persistent: false }, (_event, name) => {
        if (name === null || name === IMAGES_FILE) onChange();
      });
      this.#watcher.on('error', () => this.close());
    } catch {
      // no watch support (or no home yet): the mtime check on each resolve still applies
    }
  }

  close(): void {
    this.#watcher?.close();
    this.#watcher = undefined;
  }

  #refresh(): void {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(this.#path).mtimeMs;
    } catch {
      this.#mtimeMs = -1;
      this.#entries = [];
      this.#error = undefined;
      return;
    }
    if (mtimeMs === this.#mtimeMs) return;
    this.#mtimeMs = mtimeMs;
    try {
      this.#entries = parseEntries(readFileSync(this.#path, 'utf8'));
      this.#error = undefined;
    } catch (err) {
      this.#error = `${this.#path}: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  resolve(image: string, container: string, annotations: Readonly<Record<string, string>> = {}): ImageSource {
    const ref = parseImageRef(image);
    if (!ref) {
      return {
        kind: 'invalid',
        message: `couldn't parse image reference "${image}": invalid reference format`,
      };
    }
    const run = annotations[RUN_ANNOTATION + container];
    if (run !== undefined && run.trim() !== '') {
      return { kind: 'command', ref, command: run, origin: `annotation ${RUN_ANNOTATION}${container}` };
    }
    const url = annotations[URL_ANNOTATION + container];
    if (url !== undefined && url !== '') {
      const target = urlTarget(url);
      const origin = `annotation ${URL_ANNOTATION}${container}`;
      if (typeof target === 'string') return { kind: 'unknown', ref, message: `${origin}: ${target}` };
      return { kind: 'url', ref, target, url, origin };
    }
    this.#refresh();
    const entry =
      this.#entries.find((e) => e.exact && entryMatches(e, ref)) ??
      this.#entries.find((e) => !e.exact && entryMatches(e, ref));
    if (entry?.command !== undefined) {
      return { kind: 'command', ref, command: entry.command, origin: this.#path };
    }
    if (entry?.url !== undefined) {
      const target = urlTarget(entry.url);
      if (typeof target !== 'string') return { kind: 'url', ref, target, url: entry.url, origin: this.#path };
    }
    const builtin = findBuiltin(ref);
    if (builtin) return { kind: 'builtin', ref, image: builtin };
    let message =
      `gangway has no built-in stand-in for "${image}"; ` +
      'map it to a local command or URL (see docs/images.md)';
    if (this.#error) message += ` (${this.#error})`;
    return { kind: 'unknown', ref, message };
  }
}
