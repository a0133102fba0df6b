// Multi-document YAML (and JSON) text -> manifests, read the way kubectl reads them:
// YAML 1.1 scalars as go-yaml v2 resolves them (yes/on are booleans, 0777 is octal, but
// timestamps and 1:20 stay strings), empty and comment-only documents skipped, List kinds
// expanded into their items. A syntax error anywhere means the file yields nothing.
import { LineCounter, parseAllDocuments, type Document, type Tags, type YAMLError } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { FieldPath } from '../resources/types.ts';
import type { Manifest } from './types.ts';
import { locator } from './locate.ts';

/** go-yaml v2 leaves timestamps and sexagesimal numbers as strings when decoding into interface{}. */
function kubectlTags(tags: Tags): Tags {
  return tags.filter((t) => {
    if (typeof t === 'string') return t !== 'timestamp' && t !== 'intTime' && t !== 'floatTime';
    return t.tag !== 'tag:yaml.org,2002:timestamp' && t.format !== 'TIME';
  });
}

const PARSE_OPTIONS = {
  version: '1.1',
  customTags: kubectlTags,
  prettyErrors: false,
  uniqueKeys: true,
  merge: true,
} as const;

/** The parser's message in the words kubectl (libyaml) would use where they differ. */
function readable(e: YAMLError, text: string): string {
  switch (e.code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return 'mapping values are not allowed in this context (check the indentation, or quote a value that contains ": ")';
    case 'TAB_AS_INDENT':
      return 'found character that cannot start any token (tabs are not allowed as indentation)';
    case 'DUPLICATE_KEY':
      return `key ${JSON.stringify(text.slice(e.pos[0], e.pos[1]))} already set in map`;
    default: {
      const msg = e.message.replace(/ at line \d+, column \d+[\s\S]*$/, '');
      return msg.charAt(0).toLowerCase() + msg.slice(1);
    }
  }
}

function syntax(file: string, lines: LineCounter, offset: number, message: string): Diagnostic {
  const pos = lines.linePos(offset);
  return { code: 'YAML-SYNTAX', severity: 'error', message, at: { file, line: pos.line, column: pos.col } };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A list (`kind: List`, `ServiceList`, ...) -> its items, recursively, each with the path it
 * has in the document. Items without apiVersion and kind get the list's apiVersion and its
 * kind minus `List`, as apimachinery's unstructured list decoding does.
 */
function flatten(value: unknown, path: FieldPath): { object: unknown; path: FieldPath }[] {
  if (!isObject(value) || !Array.isArray(value.items)) return [{ object: value, path }];
  const kind = typeof value.kind === 'string' ? value.kind : '';
  if (!kind.endsWith('List')) return [{ object: value, path }];
  const itemKind = kind.slice(0, -'List'.length);
  return value.items.flatMap((item: unknown, i) => {
    if (isObject(item) && item.kind === undefined && item.apiVersion === undefined) {
      if (itemKind !== '') item.kind = itemKind;
      if (value.apiVersion !== undefined) item.apiVersion = value.apiVersion;
    }
    return flatten(item, [...path, 'items', i]);
  });
}

/** Parses one file's text; `file` is the name diagnostics and sources carry ('-' for stdin). */
export function parseManifests(
  text: string,
  file: string,
): { manifests: Manifest[]; diagnostics: Diagnostic[] } {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { ...PARSE_OPTIONS, lineCounter: lines }) as Document.Parsed[];
  const diagnostics: Diagnostic[] = [];
  const manifests: Manifest[] = [];
  docs.forEach((doc, index) => {
    const first = doc.errors[0];
    if (first) {
      diagnostics.push(syntax(file, lines, first.pos[0], readable(first, text)));
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      const anchor = /Unresolved alias.*: (.*)$/.exec(msg)?.[1];
      const message = anchor ? `unknown anchor '${anchor}' referenced` : msg;
      const aliasAt = anchor ? text.indexOf(`*${anchor}`, doc.range[0]) : -1;
      diagnostics.push(syntax(file, lines, aliasAt >= 0 ? aliasAt : doc.range[0], message));
      return;
    }
    if (value === null || value === undefined) return;
    for (const item of flatten(value, [])) {
      const { locate, locateKey } = locator(doc, lines, file, item.path);
      manifests.push({ object: item.object, source: { file, document: index, locate, locateKey } });
    }
  });
  return diagnostics.length > 0 ? { manifests: [], diagnostics } : { manifests, diagnostics };
}
