// The REST verbs on resource paths: get/list/watch, create (POST), update (PUT), patch,
// delete and deletecollection, and the status, scale and log subresources, mapped onto the
// Registry with the API server's request checks (verbs, names, namespaces, media types).
import { parseJsonObject } from '../patch/json.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import type { KubeObject } from '../resources/types.ts';
import type { PatchType, Registry, Selectors } from '../registry/types.ts';
import { StatusError, badRequest, unsupportedMediaType } from '../registry/status-error.ts';
import type { Store } from '../store/types.ts';
import type { PodLogs } from '../workloads/pod-logs.ts';
import type { ResourceRoute } from './route.ts';
import { addWarnings, mediaType, methodNotAllowed, readBody } from './http.ts';
import { readFormat } from './negotiate.ts';
import type { ReadFormat } from './negotiate.ts';
import { sendList, sendObject, sendWritten, listBody } from './output.ts';
import type { RenderContext } from './output.ts';
import { boolParam, deleteOptions, readQuery, writeOptions } from './query.ts';
import { apiVersionOf } from '../resources/catalogue.ts';
import { deprecationWarning } from '../resources/deprecation.ts';
import { serveWatch } from './watch.ts';
import { servePodLog } from './pod-log.ts';
import { PROTOBUF_MEDIA_TYPE, decodeProtobufObject } from './protobuf/decode.ts';

export interface ResourceDeps {
  registry: Registry;
  store: Store;
  logs: PodLogs;
  now: () => Date;
  bookmarkIntervalMs: number;
  /** Registers a stream (watch, log follow) so stop() can end it. */
  track(stop: () => void, res: ServerResponse): void;
}

const PATCH_TYPES: Readonly<Record<string, PatchType>> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

function patchTypeOf(contentType: string | undefined, crd: boolean): PatchType {
  const type = PATCH_TYPES[mediaType(contentType)];
  if (type === undefined || (type === 'strategic' && crd)) {
    const accepted = [
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/apply-patch+yaml',
    ];
    if (!crd) accepted.push('application/strategic-merge-patch+json');
    throw unsupportedMediaType(
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
    );
  }
  return type;
}

/**
 * A POST/PUT body: JSON (the default), YAML, or Kubernetes protobuf for the kinds kubectl
 * create sends that way (decoded to the same JSON object); anything else is 415.
 */
export function decodeObjectBody(buf: Buffer, contentType: string | undefined): unknown {
  const type = mediaType(contentType);
  if (type === PROTOBUF_MEDIA_TYPE) return decodeProtobufObject(buf);
  const text = buf.toString('utf8');
  if (type === 'application/yaml') {
    try {
      return parseYaml(text) as unknown;
    } catch (err) {
      throw badRequest(`error converting YAML to JSON: ${(err as Error).message}`);
    }
  }
  if (type !== '' && type !== 'application/json' && type !== '*/*') {
    throw unsupportedMediaType(
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
}

function decodePatchBody(buf: Buffer, type: PatchType): unknown {
  const text = buf.toString('utf8');
  if (type === 'apply') {
    // kubectl sends apply patches as JSON (a YAML subset): JSON.parse is ~20x faster than the
    // YAML parser on a large object; anything else, or invalid JSON, goes to the YAML parser.
    const json = parseJsonObject(text);
    if (json !== undefined) return json;
    try {
      return parseYaml(text) as unknown;
    } catch (err) {
      throw badRequest(`error decoding YAML: ${(err as Error).message}`);
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw badRequest(`error decoding patch: ${(err as Error).message}`);
  }
}

function bodyMeta(body: unknown): { name?: unknown; namespace?: unknown } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return {};
  const meta = (body as { metadata?: unknown }).metadata;
  return meta !== null && typeof meta === 'object' ? meta : {};
}

function checkNamespace(body: unknown, namespace: string | undefined): void {
  const ns = bodyMeta(body).namespace;
  if (namespace && typeof ns === 'string' && ns !== '' && ns !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
}

function checkName(body: unknown, name: string): void {
  const n = bodyMeta(body).name;
  const objName = typeof n === 'string' ? n : '';
  if (objName !== name) {
    throw badRequest(`the name of the object (${objName}) does not match the name on the URL (${name})`);
  }
}

function selectorsOf(q: { labelSelector?: string; fieldSelector?: string }, name?: string): Selectors {
  const s: Selectors = {};
  if (q.labelSelector !== undefined) s.labelSelector = q.labelSelector;
  const fields = [name !== undefined ? `metadata.name=${name}` : undefined, q.fieldSelector].filter(
    (x): x is string => x !== undefined,
  );
  if (fields.length > 0) s.fieldSelector = fields.join(',');
  return s;
}

function verbOf(method: string, route: ResourceRoute, watch: boolean): string | undefined {
  const named = route.name !== undefined;
  switch (method) {
    case 'GET':
      if (watch && route.sub === undefined) return 'watch';
      return named ? 'get' : 'list';
    case 'POST':
      return named || (route.rt.namespaced && route.namespace === undefined) ? undefined : 'create';
    case 'PUT':
      return named ? 'update' : undefined;
    case 'PATCH':
      return named ? 'patch' : undefined;
    case 'DELETE':
      if (route.sub !== undefined) return undefined;
      if (named) return 'delete';
      return route.rt.namespaced && route.namespace === undefined ? undefined : 'deletecollection';
    default:
      return undefined;
  }
}

/** Is `verb` allowed on this path (a subresource allows get, and update/patch unless it is log)? */
function allowed(route: ResourceRoute, verb: string): boolean {
  if (route.sub === 'log') return verb === 'get';
  if (route.sub !== undefined) return verb === 'get' || verb === 'update' || verb === 'patch';
  return route.rt.verbs.includes(verb);
}

export async function handleResource(
  req: IncomingMessage,
  res: ServerResponse,
  route: ResourceRoute,
  url: URL,
  deps: ResourceDeps,
): Promise<void> {
  const { rt, version, namespace, name, sub } = route;
  const q = url.searchParams;
  const method = req.method ?? 'GET';
  const readQ = readQuery(q);
  const watch = route.watchPath || readQ.watch;
  const verb = verbOf(method, route, watch);
  if (verb === undefined || !allowed(route, verb)) throw methodNotAllowed();

  const warnings: string[] = [];
  const deprecated = deprecationWarning(apiVersionOf(rt.group, version), rt.kind);
  if (deprecated) warnings.push(deprecated);
  addWarnings(res, warnings);
  const { registry } = deps;
  const ns = namespace ?? '';

  if (verb === 'get' || verb === 'list' || verb === 'watch') {
    if (sub === 'log') {
      const stop = servePodLog(req, res, { ...deps, pods: rt, namespace: ns, name: name!, query: q });
      if (stop) deps.track(stop, res);
      return;
    }
    const format: ReadFormat =
      sub === 'scale'
        ? readFormat(req.headers.accept, false)
        : readFormat(req.headers.accept, verb === 'list' || verb === 'watch');
    const ctx: RenderContext = { rt, version, format, includeObject: readQ.includeObject, now: deps.now() };
    if (verb === 'watch') {
      const stop = serveWatch(req, res, {
        registry,
        store: deps.store,
        ctx,
        namespace,
        selectors: selectorsOf(readQ, name),
        query: readQ,
        sendInitialEvents: boolParam(q, 'sendInitialEvents') ?? false,
        bookmarkIntervalMs: deps.bookmarkIntervalMs,
        now: deps.now,
      });
      deps.track(stop, res);
      return;
    }
    if (verb === 'list') {
      const list = registry.list(rt, version, namespace, selectorsOf(readQ));
      sendList(res, ctx, list.items, list.resourceVersion);
      return;
    }
    if (sub === 'scale') {
      const scale = registry.getScale(rt, ns, name!);
      sendWritten(res, format, scale, 200);
      return;
    }
    sendObject(res, ctx, registry.get(rt, version, ns, name!));
    return;
  }

  const format = readFormat(req.headers.accept, false);
  const buf = await readBody(req);

  if (verb === 'create') {
    const body = decodeObjectBody(buf, req.headers['content-type']);
    checkNamespace(body, namespace);
    const result = registry.create(rt, version, ns, body, writeOptions(q, 'CreateOptions'));
    addWarnings(res, result.warnings);
    sendWritten(res, format, result.object, 201);
    return;
  }
  if (verb === 'update') {
    const body = decodeObjectBody(buf, req.headers['content-type']);
    checkName(body, name!);
    checkNamespace(body, namespace);
    const result =
      sub === 'status' || sub === 'scale'
        ? registry.updateSubresource(rt, version, ns, name!, sub, body)
        : registry.update(rt, version, ns, name!, body, writeOptions(q, 'UpdateOptions'));
    addWarnings(res, result.warnings);
    sendWritten(res, format, result.object, result.created ? 201 : 200);
    return;
  }
  if (verb === 'patch') {
    const type = patchTypeOf(req.headers['content-type'], rt.crd);
    const opts = writeOptions(q, 'PatchOptions', type);
    const patch = decodePatchBody(buf, type);
    const result =
      sub === 'status' || sub === 'scale'
        ? registry.patch(rt, version, ns, name!, type, patch, opts, sub)
        : registry.patch(rt, version, ns, name!, type, patch, opts);
    addWarnings(res, result.warnings);
    sendWritten(res, format, result.object, result.created ? 201 : 200);
    return;
  }

  // delete / deletecollection
  const text = buf.toString('utf8').trim();
  let body: unknown;
  if (text !== '') body = decodeObjectBody(buf, req.headers['content-type'] ?? 'application/json');
  const del = deleteOptions(q, body);
  const opts: { dryRun?: boolean; propagationPolicy?: 'Background' | 'Foreground' | 'Orphan' } = {};
  if (del.dryRun) opts.dryRun = true;
  if (del.propagationPolicy) opts.propagationPolicy = del.propagationPolicy;
  if (verb === 'delete') {
    if (del.preconditions) checkPreconditions(registry.get(rt, version, ns, name!), del.preconditions, route);
    const obj = registry.delete(rt, version, ns, name!, opts);
    const pending =
      obj.metadata.deletionTimestamp !== undefined && (obj.metadata.finalizers?.length ?? 0) > 0;
    sendWritten(res, format, obj, pending && !del.dryRun ? 202 : 200);
    return;
  }
  const list = registry.list(rt, version, namespace, selectorsOf(readQ));
  const deleted: KubeObject[] = [];
  for (const item of list.items) {
    const n = item.metadata.name ?? '';
    deleted.push(registry.delete(rt, version, item.metadata.namespace ?? ns, n, opts));
  }
  sendWritten(res, format, listBody(rt, version, deleted, String(deps.store.resourceVersion)), 200);
}

function checkPreconditions(
  current: Readonly<KubeObject>,
  pre: { uid?: string; resourceVersion?: string },
  route: ResourceRoute,
): void {
  const details = route.rt.group
    ? { name: route.name!, group: route.rt.group, kind: route.rt.plural }
    : { name: route.name!, kind: route.rt.plural };
  if (pre.uid !== undefined && pre.uid !== current.metadata.uid) {
    throw new StatusError(
      409,
      'Conflict',
      `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid ?? ''}`,
      details,
    );
  }
  if (pre.resourceVersion !== undefined && pre.resourceVersion !== current.metadata.resourceVersion) {
    throw new StatusError(
      409,
      'Conflict',
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion ?? ''}`,
      details,
    );
  }
}
