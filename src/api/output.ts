// Rendering reads in the negotiated format: plain JSON (or YAML) objects and lists, server-side
// Tables (`kubectl get`), and PartialObjectMetadata (metadata-only clients).
import type { ServerResponse } from 'node:http';
import { stringify } from 'yaml';
import { apiVersionOf } from '../resources/catalogue.ts';
import type { ResourceType } from '../resources/catalogue.ts';
import type { KubeObject } from '../resources/types.ts';
import { buildTable } from '../printers/table.ts';
import type { Table } from '../printers/types.ts';
import type { ReadFormat } from './negotiate.ts';
import type { IncludeObject } from './query.ts';
import { sendJson } from './http.ts';

export interface RenderContext {
  rt: ResourceType;
  version: string;
  format: ReadFormat;
  includeObject: IncludeObject;
  now: Date;
}

export function listBody(
  rt: ResourceType,
  version: string,
  items: readonly Readonly<KubeObject>[],
  resourceVersion: string,
): Record<string, unknown> {
  return {
    kind: rt.listKind,
    apiVersion: apiVersionOf(rt.group, version),
    metadata: { resourceVersion },
    items,
  };
}

export function partialObject(
  obj: Readonly<KubeObject>,
  apiVersion: string,
): { kind: 'PartialObjectMetadata'; apiVersion: string; metadata: unknown } {
  return { kind: 'PartialObjectMetadata', apiVersion, metadata: obj.metadata };
}

/** The Table for `objects`, in the apiVersion the client asked for. */
export function tableOf(
  ctx: RenderContext,
  objects: readonly Readonly<KubeObject>[],
  resourceVersion: string,
  noHeaders = false,
): Table {
  const table = buildTable(ctx.rt, objects, {
    now: ctx.now,
    includeObject: ctx.includeObject,
    resourceVersion,
    noHeaders,
  });
  if (noHeaders) table.columnDefinitions = [];
  if (ctx.format.mode === 'table' && ctx.format.apiVersion !== table.apiVersion) {
    (table as { apiVersion: string }).apiVersion = ctx.format.apiVersion;
  }
  return table;
}

function send(res: ServerResponse, code: number, body: unknown, format: ReadFormat): void {
  if (format.mode === 'yaml') {
    const text = stringify(body);
    res.writeHead(code, {
      'Content-Type': 'application/yaml',
      'Content-Length': Buffer.byteLength(text),
      'Cache-Control': 'no-cache, private',
    });
    res.end(text);
    return;
  }
  sendJson(
    res,
    code,
    body,
    format.mode === 'table' || format.mode === 'partial' ? format.contentType : 'application/json',
  );
}

export function sendObject(
  res: ServerResponse,
  ctx: RenderContext,
  obj: Readonly<KubeObject>,
  code = 200,
): void {
  switch (ctx.format.mode) {
    case 'table':
      send(res, code, tableOf(ctx, [obj], obj.metadata.resourceVersion ?? ''), ctx.format);
      return;
    case 'partial':
      send(res, code, partialObject(obj, ctx.format.apiVersion), ctx.format);
      return;
    default:
      send(res, code, obj, ctx.format);
  }
}

export function sendList(
  res: ServerResponse,
  ctx: RenderContext,
  items: readonly Readonly<KubeObject>[],
  resourceVersion: string,
): void {
  switch (ctx.format.mode) {
    case 'table':
      send(res, 200, tableOf(ctx, items, resourceVersion), ctx.format);
      return;
    case 'partial':
      send(
        res,
        200,
        {
          kind: 'PartialObjectMetadataList',
          apiVersion: ctx.format.apiVersion,
          metadata: { resourceVersion },
          items: items.map((o) =>
            partialObject(o, ctx.format.mode === 'partial' ? ctx.format.apiVersion : ''),
          ),
        },
        ctx.format,
      );
      return;
    default:
      send(res, 200, listBody(ctx.rt, ctx.version, items, resourceVersion), ctx.format);
  }
}

/** Writes (create/update/patch/delete) always answer JSON (or YAML when asked). */
export function sendWritten(res: ServerResponse, format: ReadFormat, obj: unknown, code: number): void {
  send(res, code, obj, format.mode === 'yaml' ? format : { mode: 'json' });
}
