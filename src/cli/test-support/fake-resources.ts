// A tiny in-memory resource API for CLI command tests, behind fake-api.ts: list/get (JSON
// or Table via printers/table.ts), server-side apply (create or replace, resourceVersion
// bumped only on change), delete, and pod logs. Equality label/field selectors only.
import { resourceForPlural, type ResourceType } from '../../resources/catalogue.ts';
import type { KubeObject } from '../../resources/types.ts';
import { buildTable } from '../../printers/table.ts';
import { notFound } from '../../registry/status-error.ts';
import type { FakeHandler, FakeReply, FakeRequest } from './fake-api.ts';

export interface FakeResources {
  handler: FakeHandler;
  objects: KubeObject[];
  logs: Map<string, string>; // "ns/pod/container" -> text
}

interface Parsed {
  rt: ResourceType;
  version: string;
  namespace?: string;
  name?: string;
  sub?: string;
}

function parsePath(path: string): Parsed | undefined {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  let group = '';
  let rest: string[];
  if (parts[0] === 'api') rest = parts.slice(1);
  else if (parts[0] === 'apis') {
    group = parts[1] ?? '';
    rest = parts.slice(2);
  } else return undefined;
  const version = rest.shift() ?? '';
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const rt = resourceForPlural(group, rest[0] ?? '');
  if (!rt) return undefined;
  const out: Parsed = { rt, version };
  if (namespace !== undefined) out.namespace = namespace;
  if (rest[1] !== undefined) out.name = rest[1];
  if (rest[2] !== undefined) out.sub = rest[2];
  // /api/v1/namespaces/x is the Namespace object x
  if (!rt.namespaced && namespace !== undefined && rest.length === 0) return undefined;
  return out;
}

function pathValue(obj: unknown, dotted: string): unknown {
  let v: unknown = obj;
  for (const k of dotted.split('.'))
    v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

function matchesSelectors(obj: KubeObject, q: URLSearchParams): boolean {
  for (const term of (q.get('labelSelector') ?? '').split(',').filter(Boolean)) {
    const [k, v] = term.split('=');
    if (obj.metadata.labels?.[k!] !== v) return false;
  }
  for (const term of (q.get('fieldSelector') ?? '').split(',').filter(Boolean)) {
    const neq = term.includes('!=');
    const [k, v] = term.split(neq ? '!=' : '=');
    const raw = pathValue(obj, k!);
    const actual = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '';
    if (neq ? actual === v : actual !== v) return false;
  }
  return true;
}

const sameKind = (o: KubeObject, rt: ResourceType): boolean =>
  o.kind === rt.kind && (o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '') === rt.storage.group;

export function fakeResources(initial: KubeObject[], now = new Date('2025-01-01T00:10:00Z')): FakeResources {
  const objects = initial.map((o) => structuredClone(o));
  const logs = new Map<string, string>();
  let rv = 100;
  const reply = (req: FakeRequest, rt: ResourceType, objs: KubeObject[], single: boolean): FakeReply => {
    if ((req.headers.accept ?? '').includes('as=Table'))
      return { json: buildTable(rt, objs, { now, includeObject: 'Metadata', resourceVersion: String(rv) }) };
    if (single) return { json: objs[0] };
    return {
      json: { apiVersion: 'v1', kind: rt.listKind, metadata: { resourceVersion: String(rv) }, items: objs },
    };
  };
  const handler: FakeHandler = (req) => {
    const p = parsePath(req.path);
    if (!p) return undefined;
    const find = (): KubeObject | undefined =>
      objects.find(
        (o) =>
          sameKind(o, p.rt) &&
          o.metadata.name === p.name &&
          (!p.rt.namespaced || o.metadata.namespace === p.namespace),
      );
    if (p.sub === 'log') {
      const text = logs.get(`${p.namespace}/${p.name}/${req.query.get('container') ?? ''}`);
      return text === undefined ? { status: 404, json: notFound(p.rt, p.name ?? '').toStatus() } : { text };
    }
    if (req.method === 'GET' && p.name === undefined) {
      const items = objects
        .filter(
          (o) => sameKind(o, p.rt) && (p.namespace === undefined || o.metadata.namespace === p.namespace),
        )
        .filter((o) => matchesSelectors(o, req.query))
        .sort((a, b) =>
          `${a.metadata.namespace ?? ''}/${a.metadata.name ?? ''}`.localeCompare(
            `${b.metadata.namespace ?? ''}/${b.metadata.name ?? ''}`,
          ),
        );
      return reply(req, p.rt, items, false);
    }
    const existing = find();
    if (req.method === 'GET') {
      return existing
        ? reply(req, p.rt, [existing], true)
        : { status: 404, json: notFound(p.rt, p.name ?? '').toStatus() };
    }
    if (req.method === 'DELETE') {
      if (!existing) return { status: 404, json: notFound(p.rt, p.name ?? '').toStatus() };
      objects.splice(objects.indexOf(existing), 1);
      return { json: existing };
    }
    if (req.method === 'PATCH') {
      const body = JSON.parse(req.body) as KubeObject;
      const strip = (o: KubeObject): string =>
        JSON.stringify({ ...o, metadata: { ...o.metadata, resourceVersion: undefined, uid: undefined } });
      if (existing && strip(existing) === strip({ ...body, metadata: { ...body.metadata } }))
        return { json: existing };
      const stored: KubeObject = {
        ...body,
        metadata: {
          ...body.metadata,
          uid: existing?.metadata.uid ?? `uid-${rv}`,
          resourceVersion: String(++rv),
        },
      };
      if (existing) objects[objects.indexOf(existing)] = stored;
      else objects.push(stored);
      return { status: existing ? 200 : 201, json: stored };
    }
    return undefined;
  };
  return { handler, objects, logs };
}
