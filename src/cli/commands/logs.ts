// `gangway logs POD|TYPE/NAME`: a pod's container log, streamed with -f until the server
// ends it. For deploy/rs/svc names, the pod is picked as kubectl picks it (running and ready
// first, then the oldest) and `Found N pods, using pod/x` is said when there was a choice.
import { Command } from 'commander';
import type { KubeObject } from '../../resources/types.ts';
import type { ApiClient, Query } from '../api-client.ts';
import {
  act,
  effectiveNamespace,
  flagValue,
  integerOption,
  type ExitBox,
  type ExitCode,
} from '../command-kit.ts';
import type { CliContext } from '../context.ts';
import { CliError } from '../errors.ts';
import { fetchList, fetchObject } from '../fetch.ts';
import { resolveType, type TypeRef } from '../resource-types.ts';
import { objectSelectorString } from '../../resources/label-selector.ts';

interface LogsOptions {
  namespace?: string;
  container?: string;
  follow?: boolean;
  tail: number;
  timestamps?: boolean;
  previous?: boolean;
}

interface PodLike extends KubeObject {
  spec?: { containers?: { name: string }[]; selector?: unknown };
  status?: {
    phase?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: { restartCount?: number }[];
  };
}

const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

function podRank(p: PodLike): number[] {
  const ready = p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
  const phase = { Running: 2, Unknown: 1, Pending: 0 }[p.status?.phase ?? ''] ?? 0;
  const restarts = (p.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);
  const created = Date.parse(p.metadata.creationTimestamp ?? '') || 0;
  const assigned = (p.spec as { nodeName?: string } | undefined)?.nodeName ? 1 : 0;
  return [assigned, phase, ready ? 1 : 0, -restarts, -created];
}

/** kubectl's choice among a controller's pods (reverse of podutils.ActivePods). */
export function pickPod(pods: PodLike[]): PodLike | undefined {
  return [...pods].sort((a, b) => {
    const ra = podRank(a);
    const rb = podRank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return rb[i]! - ra[i]!;
    return 0;
  })[0];
}

async function resolvePod(ctx: CliContext, client: ApiClient, target: string, ns: string): Promise<PodLike> {
  const slash = target.indexOf('/');
  const podRef = resolveType('pods')[0]!;
  if (slash < 0) return await fetchObject(client, { ref: podRef, name: target }, { namespace: ns });
  const refs = resolveType(target.slice(0, slash));
  const name = target.slice(slash + 1);
  const ref: TypeRef = refs[0]!;
  if (refs.length !== 1 || name === '')
    throw new CliError('arguments in resource/name form must have a single resource and name');
  if (ref.rt === podRef.rt) return await fetchObject(client, { ref, name }, { namespace: ns });
  const owner = (await fetchObject(client, { ref, name }, { namespace: ns })) as PodLike;
  const selector = objectSelectorString(owner.spec?.selector);
  if (selector === '')
    throw new CliError(`cannot get the logs from ${ref.rt.kind}: selector for ${target} is empty`);
  const pods = (await fetchList(
    client,
    { ref: podRef },
    { namespace: ns },
    { labelSelector: selector },
  )) as PodLike[];
  const pod = pickPod(pods);
  if (!pod) throw new CliError(`no pods found for ${ref.rt.singular} "${name}" (selector ${selector})`);
  if (pods.length > 1) ctx.print.errLine(`Found ${pods.length} pods, using pod/${pod.metadata.name ?? ''}`);
  return pod;
}

function pickContainer(ctx: CliContext, pod: PodLike, flag: string | undefined): string | undefined {
  if (flag !== undefined) return flag;
  const containers = pod.spec?.containers ?? [];
  if (containers.length <= 1) return containers[0]?.name;
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  const chosen = containers.find((c) => c.name === annotated)?.name ?? containers[0]!.name;
  if (!annotated || chosen !== annotated)
    ctx.print.errLine(`Defaulted container "${chosen}" out of: ${containers.map((c) => c.name).join(', ')}`);
  return chosen;
}

async function runLogs(ctx: CliContext, target: string, opts: LogsOptions): Promise<ExitCode> {
  const client = await ctx.client();
  const ns = effectiveNamespace(opts.namespace, client.connection.namespace);
  const pod = await resolvePod(ctx, client, target, ns);
  const container = pickContainer(ctx, pod, opts.container);
  const query: Query = {
    container,
    follow: opts.follow ? 'true' : undefined,
    tailLines: opts.tail >= 0 ? opts.tail : undefined,
    timestamps: opts.timestamps ? 'true' : undefined,
    previous: opts.previous ? 'true' : undefined,
  };
  const path = `/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(pod.metadata.name ?? '')}/log`;
  await client.stream({ path, query, accept: 'text/plain, */*' }, (text) => ctx.print.write(text));
  return 0;
}

export function logsCommand(ctx: CliContext, box: ExitBox): Command {
  return new Command('logs')
    .summary('print the log of a container in a pod')
    .description('Print the log of a container in a pod (POD, or TYPE/NAME such as deploy/test-deploy)')
    .argument('<target>', 'POD or TYPE/NAME (pod/, deploy/, rs/, svc/)')
    .option(
      '-n, --namespace <ns>',
      'namespace (default: the kubeconfig context\'s, else "default")',
      flagValue,
    )
    .option(
      '-c, --container <name>',
      'container name (default: the only one, or the default-container annotation, or the first)',
      flagValue,
    )
    .option('-f, --follow', 'stream the log until the pod ends or Ctrl-C')
    .option(
      '--tail <lines>',
      'number of recent lines to show (-1: all)',
      integerOption(-1, Number.MAX_SAFE_INTEGER, '--tail'),
      -1,
    )
    .option('--timestamps', 'prefix each line with its RFC 3339 timestamp')
    .option('-p, --previous', 'the log of the previous, terminated container instance')
    .action(act(ctx, box, (target: string, opts: LogsOptions) => runLogs(ctx, target, opts)));
}
