// The REST operations of one resource in an OpenAPI v3 document: list/create/deletecollection
// on the collection, get/replace/patch/delete on the item, the all-namespaces list and the
// status/scale/log subresources, each with x-kubernetes-group-version-kind and
// x-kubernetes-action, and operation ids named as kube-openapi names them.
import type { ResourceType, Subresource } from '../resources/catalogue.ts';

type Json = Record<string, unknown>;

export function gvPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** `CoreV1`, `AppsV1`, `NetworkingV1`, `NetworkingIstioIoV1beta1`, as kube-openapi names operations. */
function opPrefix(group: string, version: string): string {
  const g = group === '' ? 'core' : group.replace(/\.k8s\.io$/, '');
  return g.split(/[.-]/).map(upperFirst).join('') + upperFirst(version);
}

const param = (name: string, type: 'string' | 'boolean' | 'integer', description: string): Json => ({
  name,
  in: 'query',
  description,
  schema: { type, uniqueItems: true },
});
const pathParam = (name: string, description: string): Json => ({
  name,
  in: 'path',
  description,
  required: true,
  schema: { type: 'string', uniqueItems: true },
});

const P = {
  pretty: param('pretty', 'string', "If 'true', then the output is pretty printed."),
  dryRun: param('dryRun', 'string', 'When present, indicates that modifications should not be persisted.'),
  fieldManager: param(
    'fieldManager',
    'string',
    'fieldManager is a name associated with the actor or entity that is making these changes.',
  ),
  fieldValidation: param(
    'fieldValidation',
    'string',
    'fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields. Valid values are: Ignore, Warn, Strict.',
  ),
  force: param(
    'force',
    'boolean',
    'Force is going to "force" Apply requests. It must be unset for non-apply patch requests.',
  ),
  labelSelector: param(
    'labelSelector',
    'string',
    'A selector to restrict the list of returned objects by their labels.',
  ),
  fieldSelector: param(
    'fieldSelector',
    'string',
    'A selector to restrict the list of returned objects by their fields.',
  ),
  limit: param('limit', 'integer', 'limit is a maximum number of responses to return for a list call.'),
  resourceVersion: param(
    'resourceVersion',
    'string',
    'resourceVersion sets a constraint on what resource versions a request may be served from.',
  ),
  timeoutSeconds: param('timeoutSeconds', 'integer', 'Timeout for the list/watch call.'),
  watch: param(
    'watch',
    'boolean',
    'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.',
  ),
  allowWatchBookmarks: param(
    'allowWatchBookmarks',
    'boolean',
    'allowWatchBookmarks requests watch events with type "BOOKMARK".',
  ),
  propagationPolicy: param(
    'propagationPolicy',
    'string',
    "Whether and how garbage collection will be performed. Acceptable values are: 'Orphan', 'Foreground', 'Background'.",
  ),
  gracePeriodSeconds: param(
    'gracePeriodSeconds',
    'integer',
    'The duration in seconds before the object should be deleted.',
  ),
  namespace: pathParam('namespace', 'object name and auth scope, such as for teams and projects'),
};

const ok = (description = 'OK'): Json => ({
  description,
  content: {
    'application/json': { schema: { type: 'object' } },
    'application/yaml': { schema: { type: 'object' } },
  },
});
const BODY: Json = {
  required: true,
  content: {
    'application/json': { schema: { type: 'object' } },
    'application/yaml': { schema: { type: 'object' } },
  },
};
const PATCH_BODY: Json = {
  required: true,
  content: {
    'application/json-patch+json': { schema: { type: 'object' } },
    'application/merge-patch+json': { schema: { type: 'object' } },
    'application/apply-patch+yaml': { schema: { type: 'object' } },
  },
};

type Gvk = { group: string; version: string; kind: string };

function operation(id: string, action: string, gvk: Gvk, parameters: Json[], extra: Json = {}): Json {
  return {
    tags: [],
    description: `${action} ${gvk.kind}`,
    operationId: id,
    parameters,
    responses: { '200': ok() },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
    ...extra,
  };
}

export function resourcePaths(rt: ResourceType, version: string, paths: Json): void {
  const prefix = opPrefix(rt.group, version);
  const gvk: Gvk = { group: rt.group, version, kind: rt.kind };
  const base = `/${gvPath(rt.group, version)}`;
  const scope = rt.namespaced ? 'Namespaced' : '';
  const collection = rt.namespaced ? `${base}/namespaces/{namespace}/${rt.plural}` : `${base}/${rt.plural}`;
  const scopeParams = rt.namespaced ? [P.namespace] : [];
  const nameParam = pathParam('name', `name of the ${rt.kind}`);
  const has = (verb: string): boolean => rt.verbs.includes(verb);
  const listParams = [
    P.labelSelector,
    P.fieldSelector,
    P.limit,
    P.resourceVersion,
    P.timeoutSeconds,
    P.watch,
    P.allowWatchBookmarks,
  ];

  const coll: Json = { parameters: [...scopeParams, P.pretty] };
  if (has('list')) coll['get'] = operation(`list${prefix}${scope}${rt.kind}`, 'list', gvk, listParams);
  if (has('create')) {
    coll['post'] = operation(
      `create${prefix}${scope}${rt.kind}`,
      'post',
      gvk,
      [P.dryRun, P.fieldManager, P.fieldValidation],
      {
        requestBody: BODY,
        responses: { '200': ok(), '201': ok('Created'), '202': ok('Accepted') },
      },
    );
  }
  if (has('deletecollection')) {
    coll['delete'] = operation(`delete${prefix}Collection${scope}${rt.kind}`, 'deletecollection', gvk, [
      ...listParams,
      P.dryRun,
      P.propagationPolicy,
      P.gracePeriodSeconds,
    ]);
  }
  paths[collection] = coll;

  const item: Json = { parameters: [nameParam, ...scopeParams, P.pretty] };
  if (has('get')) item['get'] = operation(`read${prefix}${scope}${rt.kind}`, 'get', gvk, []);
  if (has('update')) {
    item['put'] = operation(
      `replace${prefix}${scope}${rt.kind}`,
      'put',
      gvk,
      [P.dryRun, P.fieldManager, P.fieldValidation],
      {
        requestBody: BODY,
        responses: { '200': ok(), '201': ok('Created') },
      },
    );
  }
  if (has('patch')) {
    item['patch'] = operation(
      `patch${prefix}${scope}${rt.kind}`,
      'patch',
      gvk,
      [P.dryRun, P.fieldManager, P.fieldValidation, P.force],
      { requestBody: PATCH_BODY, responses: { '200': ok(), '201': ok('Created') } },
    );
  }
  if (has('delete')) {
    item['delete'] = operation(`delete${prefix}${scope}${rt.kind}`, 'delete', gvk, [
      P.dryRun,
      P.propagationPolicy,
      P.gracePeriodSeconds,
    ]);
  }
  paths[`${collection}/{name}`] = item;

  if (rt.namespaced && has('list')) {
    paths[`${base}/${rt.plural}`] = {
      parameters: [P.pretty],
      get: operation(`list${prefix}${rt.kind}ForAllNamespaces`, 'list', gvk, listParams),
    };
  }
  for (const sub of rt.subresources) subresourcePaths(rt, sub, version, `${collection}/{name}/${sub}`, paths);
}

function subresourcePaths(
  rt: ResourceType,
  sub: Subresource,
  version: string,
  path: string,
  paths: Json,
): void {
  const prefix = opPrefix(rt.group, version);
  const scope = rt.namespaced ? 'Namespaced' : '';
  const gvk: Gvk =
    sub === 'scale'
      ? { group: 'autoscaling', version: 'v1', kind: 'Scale' }
      : { group: rt.group, version, kind: rt.kind };
  const params = [pathParam('name', `name of the ${gvk.kind}`), ...(rt.namespaced ? [P.namespace] : [])];
  const suffix = upperFirst(sub);
  if (sub === 'log') {
    paths[path] = {
      parameters: params,
      get: operation(
        `read${prefix}${scope}${rt.kind}Log`,
        'get',
        gvk,
        [
          param('container', 'string', 'The container for which to stream logs.'),
          param('follow', 'boolean', 'Follow the log stream of the pod.'),
          param('previous', 'boolean', 'Return previous terminated container logs.'),
          param(
            'sinceSeconds',
            'integer',
            'A relative time in seconds before the current time from which to show logs.',
          ),
          param('tailLines', 'integer', 'If set, the number of lines from the end of the logs to show.'),
          param(
            'timestamps',
            'boolean',
            'If true, add an RFC3339 or RFC3339Nano timestamp at the beginning of every line.',
          ),
          param(
            'limitBytes',
            'integer',
            'If set, the number of bytes to read from the server before terminating the log output.',
          ),
        ],
        {
          responses: {
            '200': { description: 'OK', content: { 'text/plain': { schema: { type: 'string' } } } },
          },
        },
      ),
    };
    return;
  }
  paths[path] = {
    parameters: [...params, P.pretty],
    get: operation(`read${prefix}${scope}${rt.kind}${suffix}`, 'get', gvk, []),
    put: operation(
      `replace${prefix}${scope}${rt.kind}${suffix}`,
      'put',
      gvk,
      [P.dryRun, P.fieldManager, P.fieldValidation],
      {
        requestBody: BODY,
        responses: { '200': ok(), '201': ok('Created') },
      },
    ),
    patch: operation(
      `patch${prefix}${scope}${rt.kind}${suffix}`,
      'patch',
      gvk,
      [P.dryRun, P.fieldManager, P.fieldValidation, P.force],
      {
        requestBody: PATCH_BODY,
        responses: { '200': ok(), '201': ok('Created') },
      },
    ),
  };
}
