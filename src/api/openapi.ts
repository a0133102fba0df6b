// OpenAPI v3 documents built from the catalogue: the /openapi/v3 index of every served
// group/version and one document per group/version declaring the REST operations with
// x-kubernetes-group-version-kind. kubectl reads the PATCH operation's `fieldValidation`
// parameter to decide it may leave validation to the server (cli-runtime
// query_param_verifier_v3.go). The PATCH request types leave out strategic-merge-patch on
// purpose: listed, kubectl would try to build SMPs from schemas these documents do not carry.
import { createHash } from 'node:crypto';
import { RESOURCES } from '../resources/catalogue.ts';
import { servedGroups, resourcesIn } from './discovery.ts';
import { gvPath, resourcePaths } from './openapi-paths.ts';
import { GIT_VERSION } from './version.ts';

export interface OpenApiDoc {
  path: string; // 'api/v1', 'apis/apps/v1'
  json: string;
  hash: string;
}

type Json = Record<string, unknown>;

function buildDoc(group: string, version: string): OpenApiDoc {
  const paths: Json = {};
  for (const rt of resourcesIn(group, version)) resourcePaths(rt, version, paths);
  const doc = {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: GIT_VERSION },
    paths,
    components: {
      schemas: {},
      securitySchemes: {
        BearerToken: {
          type: 'apiKey',
          description: 'Bearer Token authentication',
          name: 'authorization',
          in: 'header',
        },
      },
    },
  };
  const json = JSON.stringify(doc);
  const hash = createHash('sha512').update(json).digest('hex').toUpperCase();
  return { path: gvPath(group, version), json, hash };
}

let cache: Map<string, OpenApiDoc> | undefined;

/** Every group/version's document, keyed by its path ('api/v1', 'apis/apps/v1'). Built once. */
export function openApiDocs(): ReadonlyMap<string, OpenApiDoc> {
  if (!cache) {
    cache = new Map();
    for (const g of servedGroups(RESOURCES)) {
      for (const v of g.versions) {
        const d = buildDoc(g.group, v);
        cache.set(d.path, d);
      }
    }
  }
  return cache;
}

export function openApiDoc(group: string, version: string): OpenApiDoc | undefined {
  return openApiDocs().get(gvPath(group, version));
}

/** GET /openapi/v3: `{"paths":{"apis/apps/v1":{"serverRelativeURL":"/openapi/v3/apis/apps/v1?hash=..."}}}`. */
export function openApiIndex(): unknown {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const d of openApiDocs().values()) {
    paths[d.path] = { serverRelativeURL: `/openapi/v3/${d.path}?hash=${d.hash}` };
  }
  return { paths };
}
