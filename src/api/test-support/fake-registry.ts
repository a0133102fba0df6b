// A small Registry over FakeStore for api/ tests: enough of the real one's behaviour
// (namespaces must exist, merge/JSON patches, apply creates, scale, simple selectors, a
// Strict unknown-field check on `spec.foo`) to drive the HTTP layer and real kubectl.
import type { ResourceType } from '../../resources/catalogue.ts';
import { apiVersionOf, resourceForPlural } from '../../resources/catalogue.ts';
import type { KubeObject } from '../../resources/types.ts';
import { fromStorageVersion, toStorageVersion } from '../../resources/convert.ts';
import type { PatchType, Registry, Selectors, WriteOptions, WriteResult } from '../../registry/types.ts';
import { StatusError, alreadyExists, badRequest, conflict, notFound } from '../../registry/status-error.ts';
import { StoreError } from '../../store/types.ts';
import type { FakeStore } from './fake-store.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return structuredClone(patch);
  const out: Obj = isObj(target) ? structuredClone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function pointer(path: string): string[] {
  return path
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function jsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw badRequest('json patch must be an array');
  let out = structuredClone(doc);
  for (const raw of ops as Obj[]) {
    const parts = pointer(String(raw['path']));
    const last = parts.pop()!;
    let parent: unknown = out;
    for (const p of parts) parent = (parent as Obj)[p];
    if (parent === undefined || parent === null)
      throw new StatusError(422, 'Invalid', `path ${String(raw['path'])} not found`);
    const container = parent as Obj;
    const list = Array.isArray(parent) ? (parent as unknown[]) : undefined;
    switch (raw['op']) {
      case 'add':
        if (list) list.splice(last === '-' ? list.length : Number(last), 0, raw['value']);
        else container[last] = raw['value'];
        break;
      case 'replace':
        container[last] = raw['value'];
        break;
      case 'remove':
        if (list) list.splice(Number(last), 1);
        else delete container[last];
        break;
      case 'test':
        if (JSON.stringify(container[last]) !== JSON.stringify(raw['value'])) {
          throw new StatusError(
            422,
            'Invalid',
            'the server rejected our request due to an error in our request',
          );
        }
        break;
      default:
        throw badRequest(`unsupported json patch op ${String(raw['op'])}`);
    }
    out = structuredClone(out);
  }
  return out;
}

function labelMatches(labels: Record<string, string>, selector: string): boolean {
  for (const term of selector
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)) {
    let m: RegExpExecArray | null;
    if ((m = /^([^!=]+)!=(.*)$/.exec(term))) {
      if (labels[m[1]!] === m[2]) return false;
    } else if ((m = /^([^!=]+)==?(.*)$/.exec(term))) {
      if (labels[m[1]!] !== m[2]) return false;
    } else if (term.startsWith('!')) {
      if (term.slice(1) in labels) return false;
    } else if (!(term in labels)) return false;
  }
  return true;
}

function fieldValue(obj: Readonly<KubeObject>, field: string): string {
  let cur: unknown = obj;
  for (const p of field.split('.')) cur = isObj(cur) ? cur[p] : undefined;
  return cur === undefined || cur === null ? '' : typeof cur === 'string' ? cur : JSON.stringify(cur);
}

const FIELDS = ['metadata.name', 'metadata.namespace', 'status.phase', 'spec.nodeName', 'involvedObject.uid'];

function fieldMatches(obj: Readonly<KubeObject>, selector: string): boolean {
  for (const term of selector
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)) {
    const m = /^([^!=]+)(!=|==|=)(.*)$/.exec(term);
    if (!m) throw badRequest(`invalid selector: '${selector}'; can't understand '${term}'`);
    if (!FIELDS.includes(m[1]!)) throw badRequest(`field label not supported: ${m[1]!}`);
    const eq = fieldValue(obj, m[1]!) === m[3];
    if (m[2] === '!=' ? eq : !eq) return false;
  }
  return true;
}

export class FakeRegistry implements Registry {
  readonly store: FakeStore;
  constructor(store: FakeStore) {
    this.store = store;
  }

  #key(rt: ResourceType): { group: string; resource: string } {
    return { group: rt.storage.group, resource: rt.storage.resource };
  }

  #wrap<T>(rt: ResourceType, name: string, f: () => T): T {
    try {
      return f();
    } catch (err) {
      if (!(err instanceof StoreError)) throw err;
      if (err.reason === 'NotFound') throw notFound(rt, name);
      if (err.reason === 'AlreadyExists') throw alreadyExists(rt, name);
      throw conflict(rt, name);
    }
  }

  get(rt: ResourceType, version: string, namespace: string, name: string): KubeObject {
    const o = this.store.get(this.#key(rt), rt.namespaced ? namespace : '', name);
    if (!o) throw notFound(rt, name);
    return fromStorageVersion(o, rt, version);
  }

  list(rt: ResourceType, version: string, namespace: string | undefined, selectors: Selectors = {}) {
    const all = this.store.list(this.#key(rt), rt.namespaced && namespace ? namespace : undefined);
    const items = all
      .filter((o) => this.matches(o, selectors))
      .map((o) => fromStorageVersion(o, rt, version));
    return { items, resourceVersion: String(this.store.resourceVersion) };
  }

  matches(obj: Readonly<KubeObject>, selectors: Selectors): boolean {
    if (selectors.labelSelector && !labelMatches(obj.metadata.labels ?? {}, selectors.labelSelector))
      return false;
    if (selectors.fieldSelector && !fieldMatches(obj, selectors.fieldSelector)) return false;
    return true;
  }

  #prepare(
    rt: ResourceType,
    version: string,
    namespace: string,
    body: unknown,
    opts: WriteOptions,
  ): { obj: KubeObject; warnings: string[] } {
    if (!isObj(body) || !isObj(body['metadata']))
      throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(body)}'`);
    const obj = structuredClone(body) as KubeObject;
    obj.apiVersion = apiVersionOf(rt.group, version);
    obj.kind = rt.kind;
    if (rt.namespaced) obj.metadata.namespace = namespace;
    else delete obj.metadata.namespace;
    const warnings: string[] = [];
    if (isObj(obj['spec']) && 'foo' in obj['spec']) {
      if (opts.fieldValidation === 'Strict') {
        throw badRequest(
          `${rt.kind} in version "${version}" cannot be handled as a ${rt.kind}: strict decoding error: unknown field "spec.foo"`,
        );
      }
      if (opts.fieldValidation !== 'Ignore') warnings.push('unknown field "spec.foo"');
      delete obj['spec']['foo'];
    }
    if (rt.namespaced && !this.store.get({ group: '', resource: 'namespaces' }, '', namespace)) {
      throw notFound(resourceForPlural('', 'namespaces')!, namespace);
    }
    return { obj: toStorageVersion(obj, rt), warnings };
  }

  create(
    rt: ResourceType,
    version: string,
    namespace: string,
    body: unknown,
    opts: WriteOptions = {},
  ): WriteResult {
    const { obj, warnings } = this.#prepare(rt, version, namespace, body, opts);
    const name = obj.metadata.name ?? '';
    if (opts.dryRun) return { object: fromStorageVersion(obj, rt, version), warnings, created: true };
    const stored = this.#wrap(rt, name, () => this.store.create(this.#key(rt), obj));
    return { object: fromStorageVersion(stored, rt, version), warnings, created: true };
  }

  update(
    rt: ResourceType,
    version: string,
    namespace: string,
    name: string,
    body: unknown,
    opts: WriteOptions = {},
  ): WriteResult {
    const { obj, warnings } = this.#prepare(rt, version, namespace, body, opts);
    const rv = obj.metadata.resourceVersion;
    const stored = this.#wrap(rt, name, () => this.store.update(this.#key(rt), obj, rv || undefined));
    return { object: fromStorageVersion(stored, rt, version), warnings, created: false };
  }

  getScale(rt: ResourceType, namespace: string, name: string): KubeObject {
    const o = this.get(rt, rt.versions[0]!, namespace, name);
    const spec = (o['spec'] ?? {}) as Obj;
    const status = (o['status'] ?? {}) as Obj;
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { ...o.metadata },
      spec: { replicas: spec['replicas'] ?? 1 },
      status: { replicas: status['replicas'] ?? 0, selector: '' },
    };
  }

  updateSubresource(
    rt: ResourceType,
    version: string,
    namespace: string,
    name: string,
    sub: 'status' | 'scale',
    body: unknown,
  ): WriteResult {
    const cur = this.get(rt, version, namespace, name);
    const b: Obj = isObj(body) ? body : {};
    const next = structuredClone(cur);
    if (sub === 'status') next['status'] = b['status'];
    else next['spec'] = { ...(next['spec'] as Obj), replicas: (b['spec'] as Obj | undefined)?.['replicas'] };
    const stored = this.#wrap(rt, name, () => this.store.update(this.#key(rt), toStorageVersion(next, rt)));
    const object =
      sub === 'scale' ? this.getScale(rt, namespace, name) : fromStorageVersion(stored, rt, version);
    return { object, warnings: [], created: false };
  }

  patch(
    rt: ResourceType,
    version: string,
    namespace: string,
    name: string,
    type: PatchType,
    patch: unknown,
    opts: WriteOptions = {},
    sub?: 'status' | 'scale',
  ): WriteResult {
    if (sub === 'scale') {
      const scale = this.getScale(rt, namespace, name);
      const next = type === 'json' ? jsonPatch(scale, patch) : mergePatch(scale, patch);
      return this.updateSubresource(rt, version, namespace, name, 'scale', next);
    }
    let cur: KubeObject | undefined;
    try {
      cur = this.get(rt, version, namespace, name);
    } catch (err) {
      if (type !== 'apply' || !(err instanceof StatusError) || err.code !== 404) throw err;
    }
    if (!cur) return this.create(rt, version, namespace, patch, opts);
    const next = type === 'json' ? jsonPatch(cur, patch) : mergePatch(cur, patch);
    return this.update(rt, version, namespace, name, next, {
      ...opts,
      fieldValidation: opts.fieldValidation ?? 'Ignore',
    });
  }

  delete(
    rt: ResourceType,
    version: string,
    namespace: string,
    name: string,
    opts: { dryRun?: boolean } = {},
  ): KubeObject {
    const cur = this.get(rt, version, namespace, name);
    if (opts.dryRun) return cur;
    const gone = this.store.delete(this.#key(rt), rt.namespaced ? namespace : '', name);
    if (!gone) throw notFound(rt, name);
    return fromStorageVersion(gone, rt, version);
  }
}
