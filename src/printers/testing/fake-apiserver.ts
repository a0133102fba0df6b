// Test helper: the smallest API server the real kubectl accepts for `get` and `describe`
// (version, aggregated discovery from the catalogue, GET and LIST with label/field
// selectors, Tables from buildTable), on loopback port 0. It lets tests compare
// kubectl's own printing with renderTable/describeObject for the same objects.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RESOURCES, type ResourceType } from '../../resources/catalogue.ts';
import type { KubeObject } from '../../resources/types.ts';
import { buildTable } from '../table.ts';
import type { Table } from '../types.ts';

export interface RecordedRequest {
  method: string;
  url: string;
  accept: string;
}

export interface FakeApiServer {
  url: string;
  requests: RecordedRequest[];
  /** The Tables served, in order, with their resource types. */
  tables: { table: Table; rt: ResourceType }[];
  /** Forgets the recorded requests and tables. */
  reset(): void;
  close(): Promise<void>;
}

const DISCOVERY_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

function subresourceKind(rt: ResourceType, sub: string, version: string): object {
  if (sub === 'scale') return { group: 'autoscaling', version: 'v1', kind: 'Scale' };
  return { group: rt.group, version, kind: rt.kind };
}

function discovery(core: boolean): object {
  const groups = new Map<string, Map<string, ResourceType[]>>();
  for (const rt of RESOURCES) {
    if ((rt.group === '') !== core) continue;
    const versions = groups.get(rt.group) ?? new Map<string, ResourceType[]>();
    for (const v of rt.versions) versions.set(v, [...(versions.get(v) ?? []), rt]);
    groups.set(rt.group, versions);
  }
  const items = [...groups].map(([group, versions]) => ({
    metadata: core ? {} : { name: group },
    versions: [...versions].map(([version, rts]) => ({
      version,
      freshness: 'Current',
      resources: rts.map((rt) => ({
        resource: rt.plural,
        singularResource: rt.singular,
        scope: rt.namespaced ? 'Namespaced' : 'Cluster',
        responseKind: { group: rt.group, version, kind: rt.kind },
        verbs: rt.verbs,
        ...(rt.shortNames.length > 0 ? { shortNames: rt.shortNames } : {}),
        ...(rt.categories.length > 0 ? { categories: rt.categories } : {}),
        subresources: rt.subresources.map((s) => ({
          subresource: s,
          responseKind: subresourceKind(rt, s, version),
          verbs: ['get', 'patch', 'update'],
        })),
      })),
    })),
  }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}

function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur !== '') out.push(cur);
  return out.map((x) => x.trim()).filter((x) => x !== '');
}

function labelsMatch(selector: string, labels: Record<string, string>): boolean {
  for (const req of splitTopLevel(selector)) {
    const set = /^(\S+)\s+(in|notin)\s+\((.*)\)$/.exec(req);
    if (set) {
      const [, key = '', op, vals = ''] = set;
      const values = vals.split(',').map((v) => v.trim());
      const has = Object.hasOwn(labels, key) && values.includes(labels[key] ?? '');
      if (op === 'in' ? !has : has) return false;
      continue;
    }
    const cmp = /^([^!=]+)(==|=|!=)(.*)$/.exec(req);
    if (cmp) {
      const [, key = '', op, value] = cmp;
      const eq = labels[key] === value;
      if (op === '!=' ? eq : !eq) return false;
      continue;
    }
    if (req.startsWith('!')) {
      if (Object.hasOwn(labels, req.slice(1))) return false;
    } else if (!Object.hasOwn(labels, req)) return false;
  }
  return true;
}

function fieldValue(obj: unknown, path: string): string {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) return '';
  return typeof cur === 'string' ? cur : JSON.stringify(cur);
}

function fieldsMatch(selector: string, obj: unknown): boolean {
  for (const req of splitTopLevel(selector)) {
    const m = /^([^!=]+)(==|=|!=)(.*)$/.exec(req);
    if (!m) return false;
    const [, path = '', op, value] = m;
    const eq = fieldValue(obj, path) === value;
    if (op === '!=' ? eq : !eq) return false;
  }
  return true;
}

interface Target {
  rt: ResourceType;
  version: string;
  namespace?: string;
  name?: string;
}

function parsePath(path: string): Target | undefined {
  const parts = path.split('/').filter((p) => p !== '');
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api') {
    group = '';
    version = parts[1] ?? '';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis') {
    group = parts[1] ?? '';
    version = parts[2] ?? '';
    rest = parts.slice(3);
  } else return undefined;
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural = '', name, ...sub] = rest;
  if (sub.length > 0) return undefined;
  const rt = RESOURCES.find((r) => r.group === group && r.plural === plural && r.versions.includes(version));
  if (!rt) return undefined;
  const t: Target = { rt, version };
  if (namespace !== undefined) t.namespace = namespace;
  if (name !== undefined) t.name = name;
  return t;
}

function sameResource(obj: KubeObject, rt: ResourceType): boolean {
  const slash = obj.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : obj.apiVersion.slice(0, slash);
  const storage = rt.storage;
  const objRt = RESOURCES.find((r) => r.group === group && r.kind === obj.kind);
  return !!objRt && objRt.storage.group === storage.group && objRt.storage.resource === storage.resource;
}

/** Starts the fake on 127.0.0.1:0 serving `objects` (any kinds of the catalogue). */
export async function startFakeApiServer(
  objects: readonly KubeObject[],
  opts: { now: () => Date },
): Promise<FakeApiServer> {
  const requests: RecordedRequest[] = [];
  const tables: { table: Table; rt: ResourceType }[] = [];
  const send = (res: ServerResponse, code: number, body: unknown, type = 'application/json'): void => {
    res.writeHead(code, { 'Content-Type': type });
    res.end(JSON.stringify(body));
  };
  const notFound = (res: ServerResponse, what: string, name: string): void => {
    send(res, 404, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `${what} "${name}" not found`,
      reason: 'NotFound',
      details: { name, kind: what },
      code: 404,
    });
  };
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://x');
    const accept = req.headers.accept ?? '';
    requests.push({ method: req.method ?? '', url: req.url ?? '', accept });
    if (url.pathname === '/version') {
      send(res, 200, {
        major: '1',
        minor: '32',
        gitVersion: 'v1.32.4',
        gitCommit: '0000000000000000000000000000000000000000',
        gitTreeState: 'clean',
        buildDate: '2025-01-01T00:00:00Z',
        goVersion: 'go1.23.6',
        compiler: 'gc',
        platform: 'linux/amd64',
      });
      return;
    }
    if (url.pathname === '/api' || url.pathname === '/apis') {
      send(res, 200, discovery(url.pathname === '/api'), DISCOVERY_TYPE);
      return;
    }
    const target = parsePath(url.pathname);
    if (!target || req.method !== 'GET') {
      send(res, 404, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'the server could not find the requested resource',
        reason: 'NotFound',
        details: {},
        code: 404,
      });
      return;
    }
    const { rt, version } = target;
    const apiVersion = rt.group === '' ? version : `${rt.group}/${version}`;
    let items = objects
      .filter((o) => sameResource(o, rt))
      .filter(
        (o) => !rt.namespaced || target.namespace === undefined || o.metadata.namespace === target.namespace,
      )
      .map((o) => ({ ...o, apiVersion }))
      .sort((a, b) =>
        `${a.metadata.namespace ?? ''}/${a.metadata.name ?? ''}` <
        `${b.metadata.namespace ?? ''}/${b.metadata.name ?? ''}`
          ? -1
          : 1,
      );
    if (target.name !== undefined) {
      items = items.filter((o) => o.metadata.name === target.name);
      if (items.length === 0) {
        notFound(res, rt.group === '' ? rt.plural : `${rt.plural}.${rt.group}`, target.name);
        return;
      }
    }
    const ls = url.searchParams.get('labelSelector');
    if (ls) items = items.filter((o) => labelsMatch(ls, o.metadata.labels ?? {}));
    const fs = url.searchParams.get('fieldSelector');
    if (fs) items = items.filter((o) => fieldsMatch(fs, o));
    if (accept.includes('as=Table')) {
      const include = url.searchParams.get('includeObject');
      const table = buildTable(rt, items, {
        now: opts.now(),
        includeObject: include === 'None' || include === 'Object' ? include : 'Metadata',
        resourceVersion: '100',
      });
      tables.push({ table, rt });
      send(res, 200, table);
      return;
    }
    if (target.name !== undefined) send(res, 200, items[0]);
    else send(res, 200, { kind: rt.listKind, apiVersion, metadata: { resourceVersion: '100' }, items });
  };
  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    tables,
    reset() {
      requests.length = 0;
      tables.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
