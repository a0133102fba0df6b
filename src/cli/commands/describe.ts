// `gangway describe TYPE [NAME_PREFIX] | TYPE/NAME`: each object with its events (field
// selector involvedObject.uid/name/namespace, as kubectl asks) and the related lists its
// describer needs (EndpointSlices of a Service, ReplicaSets of a Deployment, pods of a Node),
// printed by printers/describe. A name that is not found is tried as a prefix, as kubectl does.
import { ANALYZE_API_PREFIX } from '../../analyze/api.ts';
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import { KINDS_WITH_FINDINGS, findingsSection, withFindings } from '../../printers/describe/findings.ts';
import { Command } from 'commander';
import { objectRef, type KubeObject } from '../../resources/types.ts';
import type { ApiClient } from '../api-client.ts';
import { isNotFound } from '../api-error.ts';
import { act, effectiveNamespace, flagValue, type ExitBox, type ExitCode } from '../command-kit.ts';
import type { CliContext } from '../context.ts';
import { CliError } from '../errors.ts';
import { fetchList, fetchObject, type Scope, type Selectors } from '../fetch.ts';
import { parseResourceArgs, type ResourceRequest } from '../resource-args.ts';
import { resolveType } from '../resource-types.ts';
import {
  describeObject,
  eventsForDescribe,
  joinDescriptions,
  type DescribeRelated,
} from '../../printers/describe/index.ts';
import { noResourcesMessage } from '../../printers/render-table.ts';
import { objectSelectorString } from '../../resources/label-selector.ts';

interface DescribeOptions {
  namespace?: string;
  allNamespaces?: boolean;
  selector?: string;
}

async function eventsFor(client: ApiClient, obj: KubeObject, withKind: boolean): Promise<KubeObject[]> {
  const ns = obj.metadata.namespace;
  const fields = [
    `involvedObject.uid=${obj.metadata.uid ?? ''}`,
    `involvedObject.name=${obj.metadata.name ?? ''}`,
    `involvedObject.namespace=${ns ?? ''}`,
  ];
  if (withKind) fields.push(`involvedObject.kind=${obj.kind}`);
  const ref = resolveType('events')[0]!;
  try {
    return await fetchList(client, { ref }, { namespace: ns }, { fieldSelector: fields.join(',') });
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
}

function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** The lists kubectl's describer for this kind fetches (see printers/describe/index.ts). */
async function relatedFor(client: ApiClient, obj: KubeObject): Promise<DescribeRelated> {
  const ns = obj.metadata.namespace;
  const name = obj.metadata.name ?? '';
  const list = (type: string, scope: Scope, sel: Selectors = {}): Promise<KubeObject[]> =>
    fetchList(client, { ref: resolveType(type)[0]! }, scope, sel);
  const selector = (): string =>
    objectSelectorString((obj['spec'] as { selector?: unknown } | undefined)?.selector);
  switch (`${groupOf(obj.apiVersion)}/${obj.kind}`) {
    case '/Service':
      return {
        endpointSlices: await list(
          'endpointslices.discovery.k8s.io',
          { namespace: ns },
          {
            labelSelector: `kubernetes.io/service-name=${name}`,
          },
        ),
      };
    case 'apps/Deployment':
      return {
        replicaSets: await list('replicasets.apps', { namespace: ns }, { labelSelector: selector() }),
      };
    case 'apps/ReplicaSet':
      return { pods: await list('pods', { namespace: ns }, { labelSelector: selector() }) };
    case '/Node':
      return {
        pods: await list(
          'pods',
          { namespace: undefined },
          {
            fieldSelector: `spec.nodeName=${name},status.phase!=Succeeded,status.phase!=Failed`,
          },
        ),
      };
    case 'networking.k8s.io/Ingress':
    case 'extensions/Ingress': {
      const [services, endpointSlices] = await Promise.all([
        list('services', { namespace: ns }),
        list('endpointslices.discovery.k8s.io', { namespace: ns }),
      ]);
      return { services, endpointSlices };
    }
    default:
      return {};
  }
}

async function objectsFor(
  client: ApiClient,
  req: ResourceRequest,
  scope: Scope,
  selector: string | undefined,
): Promise<KubeObject[]> {
  if (req.name === undefined)
    return fetchList(client, req, scope, selector !== undefined ? { labelSelector: selector } : {});
  try {
    return [await fetchObject(client, { ...req, name: req.name }, scope)];
  } catch (err) {
    if (!isNotFound(err)) throw err;
    const prefix = req.name;
    const matches = (await fetchList(client, req, scope, {})).filter((o) =>
      (o.metadata.name ?? '').startsWith(prefix),
    );
    if (matches.length === 0) throw err;
    return matches;
  }
}

async function runDescribe(ctx: CliContext, positional: string[], opts: DescribeOptions): Promise<ExitCode> {
  if (positional.length === 0)
    throw new CliError(
      'You must specify the type of resource to describe. Use "gangway describe --help" for the supported resource types.',
    );
  const args = parseResourceArgs(positional, 'describe');
  const client = await ctx.client();
  const scope: Scope = {
    namespace: opts.allNamespaces
      ? undefined
      : effectiveNamespace(opts.namespace, client.connection.namespace),
  };
  const texts: string[] = [];
  let findings: Promise<Diagnostic[]> | undefined;
  for (const req of args.requests) {
    for (const obj of await objectsFor(client, req, scope, opts.selector)) {
      const full = {
        ...obj,
        apiVersion: obj.apiVersion || `${req.ref.rt.group ? `${req.ref.rt.group}/` : ''}${req.ref.version}`,
        kind: obj.kind || req.ref.rt.kind,
      };
      const [events, related] = await Promise.all([
        eventsFor(client, full, req.ref.rt.crd),
        relatedFor(client, full),
      ]);
      let text = describeObject(full, {
        events: eventsForDescribe(full, events),
        related,
        now: ctx.deps.now(),
      });
      if (KINDS_WITH_FINDINGS.has(full.kind)) {
        findings ??= client.json<Diagnostic[]>({ path: ANALYZE_API_PREFIX }).catch(() => []);
        const ref = objectRef(full);
        text = withFindings(text, findingsSection((await findings).filter((d) => d.object === ref)));
      }
      texts.push(text);
    }
  }
  if (texts.length === 0) {
    ctx.print.writeErr(
      noResourcesMessage({
        allNamespaces: scope.namespace === undefined,
        namespace: scope.namespace ?? '',
        namespaced: args.requests.every((r) => r.ref.rt.namespaced),
      }),
    );
    return 0;
  }
  ctx.print.write(joinDescriptions(texts));
  return 0;
}

export function describeCommand(ctx: CliContext, box: ExitBox): Command {
  return new Command('describe')
    .summary('show details of resources and their events')
    .description('Show details of resources and their events, as kubectl describe does')
    .argument('[resources...]', 'TYPE [NAME_PREFIX...] or TYPE/NAME...')
    .option(
      '-n, --namespace <ns>',
      'namespace (default: the kubeconfig context\'s, else "default")',
      flagValue,
    )
    .option('-A, --all-namespaces', 'across all namespaces')
    .option('-l, --selector <selector>', 'label selector', flagValue)
    .action(
      act(ctx, box, (positional: string[], opts: DescribeOptions) => runDescribe(ctx, positional, opts)),
    );
}
