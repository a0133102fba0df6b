// URL paths -> what they address, as the API server's mux does: discovery documents, OpenAPI,
// health and version endpoints, and resource paths
// (/api/v1/namespaces/{ns}/{plural}/{name}/{sub}, /apis/{g}/{v}/{plural}, legacy /watch/...).
import { RESOURCES } from '../resources/catalogue.ts';
import type { ResourceType, Subresource } from '../resources/catalogue.ts';

export type HealthEndpoint = 'healthz' | 'livez' | 'readyz';

export interface ResourceRoute {
  kind: 'resource';
  rt: ResourceType;
  group: string;
  version: string;
  namespace?: string; // absent: all namespaces, or a cluster-scoped resource
  name?: string;
  sub?: Subresource;
  /** The legacy /api/v1/watch/... form. */
  watchPath: boolean;
}

export type Route =
  | { kind: 'version' }
  | { kind: 'health'; endpoint: HealthEndpoint; check?: string }
  | { kind: 'core-versions' } // /api
  | { kind: 'groups' } // /apis
  | { kind: 'group'; group: string } // /apis/{g}
  | { kind: 'resource-list'; group: string; version: string } // /api/v1, /apis/{g}/{v}
  | { kind: 'openapi-index' }
  | { kind: 'openapi-gv'; group: string; version: string }
  | { kind: 'openapi-v2' }
  | ResourceRoute
  | { kind: 'not-found' };

const NOT_FOUND: Route = { kind: 'not-found' };

/** Every (group, version) gangway serves. */
export function servesGroupVersion(group: string, version: string): boolean {
  return RESOURCES.some((r) => r.group === group && r.versions.includes(version));
}

function servesGroup(group: string): boolean {
  return RESOURCES.some((r) => r.group === group);
}

function findResource(group: string, version: string, plural: string): ResourceType | undefined {
  return RESOURCES.find((r) => r.group === group && r.plural === plural && r.versions.includes(version));
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export function parseRoute(pathname: string): Route {
  const raw = pathname.split('/').filter((s) => s !== '');
  const segs: string[] = [];
  for (const s of raw) {
    const d = decode(s);
    if (d === undefined) return NOT_FOUND;
    segs.push(d);
  }
  const [first, second, third] = segs;
  if (first === undefined) return NOT_FOUND;
  switch (first) {
    case 'version':
      return segs.length === 1 ? { kind: 'version' } : NOT_FOUND;
    case 'healthz':
    case 'livez':
    case 'readyz':
      if (segs.length === 1) return { kind: 'health', endpoint: first };
      if (segs.length === 2) return { kind: 'health', endpoint: first, check: second! };
      return NOT_FOUND;
    case 'openapi':
      return parseOpenApi(segs.slice(1));
    case 'api':
      if (segs.length === 1) return { kind: 'core-versions' };
      return second === 'v1' ? parseResourcePath('', 'v1', segs.slice(2)) : NOT_FOUND;
    case 'apis':
      if (segs.length === 1) return { kind: 'groups' };
      if (!servesGroup(second!)) return NOT_FOUND;
      if (segs.length === 2) return { kind: 'group', group: second! };
      if (!servesGroupVersion(second!, third!)) return NOT_FOUND;
      return parseResourcePath(second!, third!, segs.slice(3));
    default:
      return NOT_FOUND;
  }
}

function parseOpenApi(segs: string[]): Route {
  if (segs[0] === 'v2' && segs.length === 1) return { kind: 'openapi-v2' };
  if (segs[0] !== 'v3') return NOT_FOUND;
  if (segs.length === 1) return { kind: 'openapi-index' };
  if (segs[1] === 'api' && segs[2] === 'v1' && segs.length === 3) {
    return { kind: 'openapi-gv', group: '', version: 'v1' };
  }
  if (segs[1] === 'apis' && segs.length === 4 && servesGroupVersion(segs[2]!, segs[3]!)) {
    return { kind: 'openapi-gv', group: segs[2]!, version: segs[3]! };
  }
  return NOT_FOUND;
}

function parseResourcePath(group: string, version: string, rest: string[]): Route {
  if (!servesGroupVersion(group, version)) return NOT_FOUND;
  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  if (rest.length === 0) return watchPath ? NOT_FOUND : { kind: 'resource-list', group, version };

  let rt: ResourceType | undefined;
  let namespace: string | undefined;
  let name: string | undefined;
  let sub: string | undefined;
  const nsScoped =
    rest[0] === 'namespaces' && rest.length >= 3 ? findResource(group, version, rest[2]!) : undefined;
  if (nsScoped?.namespaced) {
    if (rest.length > 5) return NOT_FOUND;
    rt = nsScoped;
    [, namespace, , name, sub] = rest;
  } else {
    if (rest.length > 3) return NOT_FOUND;
    rt = findResource(group, version, rest[0]!);
    [, name, sub] = rest;
    // A namespaced object is only addressed inside its namespace.
    if (rt?.namespaced && name !== undefined) return NOT_FOUND;
  }
  if (!rt) return NOT_FOUND;
  if (sub !== undefined && !(rt.subresources as readonly string[]).includes(sub)) return NOT_FOUND;
  if (watchPath && sub !== undefined) return NOT_FOUND;
  const route: ResourceRoute = { kind: 'resource', rt, group, version, watchPath };
  if (namespace !== undefined) route.namespace = namespace;
  if (name !== undefined) route.name = name;
  if (sub !== undefined) route.sub = sub as Subresource;
  return route;
}
