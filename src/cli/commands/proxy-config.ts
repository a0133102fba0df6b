// `gangway proxy-config listeners|routes|clusters|endpoints [POD]` (alias `pc`): istioctl
// proxy-config for a gateway pod. The pod comes from the API (POD, POD.NAMESPACE, pod/NAME or
// deployment/NAME; none: the first Running istio-ingressgateway pod in istio-system); its
// Envoy admin port (15000 on status.podIP) serves /config_dump and /clusters?format=json.
import { request } from 'node:http';
import { Command, InvalidArgumentError } from 'commander';
import type { KubeObject } from '../../resources/types.ts';
import {
  goJsonIndent,
  printClusterSummary,
  printEndpointSummary,
  printListenerSummary,
  printRouteSummary,
  selectClusters,
  selectEndpointClusters,
  selectListeners,
  selectRouteConfigs,
  toProtoJson,
} from '../../istio/proxy-config/index.ts';
import type { ApiClient } from '../api-client.ts';
import { ApiError } from '../api-error.ts';
import {
  act,
  effectiveNamespace,
  flagValue,
  integerOption,
  type ExitBox,
  type ExitCode,
} from '../command-kit.ts';
import type { CliContext } from '../context.ts';
import { CliError, errorMessage } from '../errors.ts';
import { fetchList, fetchObject } from '../fetch.ts';
import { toKubectlYaml } from '../kubectl-yaml.ts';
import { resolveType } from '../resource-types.ts';
import { objectSelectorString } from '../../resources/label-selector.ts';
import { pickPod } from './logs.ts';

/** Envoy's admin port on every gateway pod. */
export const PROXY_ADMIN_PORT = 15000;
const GATEWAY_NAMESPACE = 'istio-system';
const GATEWAY_SELECTOR = 'app=istio-ingressgateway';

type Kind = 'listeners' | 'routes' | 'clusters' | 'endpoints';

interface PcOptions {
  namespace?: string;
  output: string;
  verbose?: boolean;
  address?: string;
  port?: number;
  type?: string;
  name?: string;
  fqdn?: string;
  subset?: string;
  direction?: string;
  cluster?: string;
  status?: string;
}

interface PodLike extends KubeObject {
  spec?: { selector?: unknown; nodeName?: string };
  status?: { phase?: string; podIP?: string };
}

/** istioctl's --verbose[=bool]. */
function boolOption(v: string | undefined): boolean {
  const s = flagValue(v ?? 'true').toLowerCase();
  if (s === 'true' || s === '1' || s === 't') return true;
  if (s === 'false' || s === '0' || s === 'f') return false;
  throw new InvalidArgumentError(
    `invalid argument "${s}" for "--verbose" flag: strconv.ParseBool: parsing "${s}": invalid syntax`,
  );
}

function outputOption(v: string): string {
  const s = flagValue(v);
  if (s !== 'short' && s !== 'json' && s !== 'yaml')
    throw new InvalidArgumentError(`unknown output format ${JSON.stringify(s)}`);
  return s;
}

function sidecarError(name: string, ns: string, cause: unknown): CliError {
  const why = cause instanceof ApiError ? cause.message : errorMessage(cause);
  return new CliError(`Error: failed to execute command on ${name}.${ns} sidecar: ${why}`, { raw: true });
}

async function resolvePod(
  ctx: CliContext,
  client: ApiClient,
  arg: string | undefined,
  nsFlag: string | undefined,
): Promise<PodLike> {
  const podRef = resolveType('pods')[0]!;
  if (arg === undefined) {
    const ns = nsFlag ?? GATEWAY_NAMESPACE;
    const pods = (await fetchList(
      client,
      { ref: podRef },
      { namespace: ns },
      { labelSelector: GATEWAY_SELECTOR },
    )) as PodLike[];
    const pod = pickPod(pods.filter((p) => p.status?.phase === 'Running'));
    if (!pod)
      throw new CliError(`Error: no running istio-ingressgateway pod in namespace ${ns}`, { raw: true });
    ctx.print.errLine(
      `Using pod ${pod.metadata.name ?? ''}.${ns} (the first Running istio-ingressgateway pod)`,
    );
    return pod;
  }
  const ns = effectiveNamespace(nsFlag, client.connection.namespace);
  const slash = arg.indexOf('/');
  if (slash >= 0) {
    const refs = resolveType(arg.slice(0, slash));
    const name = arg.slice(slash + 1);
    const ref = refs[0];
    if (!ref || name === '')
      throw new CliError(`Error: can not interpret ${JSON.stringify(arg)} as a pod or deployment`, {
        raw: true,
      });
    if (ref.rt === podRef.rt) return await getPod(client, name, ns);
    const owner = (await fetchObject(client, { ref, name }, { namespace: ns }).catch((e: unknown) => {
      throw sidecarError(name, ns, e);
    })) as PodLike;
    const selector = objectSelectorString(owner.spec?.selector);
    const pods = (await fetchList(
      client,
      { ref: podRef },
      { namespace: ns },
      { labelSelector: selector },
    )) as PodLike[];
    const pod = pickPod(pods.filter((p) => p.status?.phase === 'Running'));
    if (!pod) throw new CliError(`Error: no running pods found for ${arg} in namespace ${ns}`, { raw: true });
    return pod;
  }
  const dot = arg.lastIndexOf('.');
  return dot < 0
    ? await getPod(client, arg, ns)
    : await getPod(client, arg.slice(0, dot), arg.slice(dot + 1));
}

async function getPod(client: ApiClient, name: string, ns: string): Promise<PodLike> {
  try {
    return await fetchObject(client, { ref: resolveType('pods')[0]!, name }, { namespace: ns });
  } catch (e) {
    throw sidecarError(name, ns, e);
  }
}

/** GET http://<ip>:15000<path> from the pod's Envoy admin. */
export function adminGet(ip: string, path: string, port = PROXY_ADMIN_PORT): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: ip, port, path, method: 'GET', agent: false, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode === 200) resolve(body);
        else
          reject(new Error(`received unexpected status ${res.statusCode ?? 0} from ${path}: ${body.trim()}`));
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timed out reading ${path}`)));
    req.on('error', reject);
    req.end();
  });
}

function render(kind: Kind, data: unknown, o: PcOptions): string {
  const port = o.port ?? 0;
  let protos: unknown[];
  switch (kind) {
    case 'listeners': {
      const f = { address: o.address ?? '', port, type: o.type ?? '', name: o.name ?? '' };
      if (o.output === 'short') return printListenerSummary(data, f, o.verbose ?? true);
      protos = selectListeners(data, f);
      break;
    }
    case 'routes': {
      const f = { name: o.name ?? '' };
      if (o.output === 'short') return printRouteSummary(data, f, o.verbose ?? true);
      protos = selectRouteConfigs(data, f);
      break;
    }
    case 'clusters': {
      const f = { fqdn: o.fqdn ?? '', port, subset: o.subset ?? '', direction: o.direction ?? '' };
      if (o.output === 'short') return printClusterSummary(data, f);
      protos = selectClusters(data, f);
      break;
    }
    case 'endpoints': {
      const f = { address: o.address ?? '', port, cluster: o.cluster ?? '', status: o.status ?? '' };
      if (o.output === 'short') return printEndpointSummary(data, f);
      protos = selectEndpointClusters(data, f);
      break;
    }
  }
  const json = protos.map((p) => toProtoJson(p));
  return o.output === 'json' ? `${goJsonIndent(json)}\n` : `${toKubectlYaml(json)}\n`;
}

async function run(ctx: CliContext, kind: Kind, arg: string | undefined, o: PcOptions): Promise<ExitCode> {
  const client = await ctx.client();
  const pod = await resolvePod(ctx, client, arg, o.namespace);
  const name = pod.metadata.name ?? '';
  const ns = pod.metadata.namespace ?? '';
  const ip = pod.status?.podIP;
  if (!ip || pod.status?.phase !== 'Running')
    throw sidecarError(name, ns, new Error(`pod is not running (phase ${pod.status?.phase ?? 'Unknown'})`));
  const path = kind === 'endpoints' ? '/clusters?format=json' : '/config_dump';
  let data: unknown;
  try {
    data = JSON.parse(await adminGet(ip, path));
  } catch (e) {
    if (kind === 'endpoints')
      throw new CliError(`Error: failed to execute command on Envoy: ${errorMessage(e)}`, { raw: true });
    throw sidecarError(name, ns, e);
  }
  ctx.print.write(render(kind, data, o));
  return 0;
}

function sub(ctx: CliContext, box: ExitBox, kind: Kind, aliases: string[], summary: string): Command {
  const cmd = new Command(kind)
    .aliases(aliases)
    .summary(summary)
    .description(`${summary} (istioctl proxy-config ${kind})`)
    .argument(
      '[pod]',
      'POD, POD.NAMESPACE, pod/NAME or deployment/NAME (default: the first Running istio-ingressgateway pod in istio-system)',
    )
    .option('-n, --namespace <ns>', 'namespace of the pod', flagValue)
    .option('-o, --output <format>', 'output format: one of json|yaml|short', outputOption, 'short');
  const port = integerOption(0, 65535, '--port');
  if (kind === 'listeners')
    cmd
      .option('--address <ip>', 'filter listeners by address field', flagValue)
      .option('--port <port>', 'filter listeners by port field', port)
      .option('--type <type>', 'filter listeners by type field (HTTP, TCP, HTTP+TCP)', flagValue)
      .option('--name <name>', 'filter listeners by name field', flagValue);
  if (kind === 'listeners' || kind === 'routes')
    cmd.option('--verbose [bool]', 'output more information', boolOption, true);
  if (kind === 'routes') cmd.option('--name <name>', 'filter routes by route name field', flagValue);
  if (kind === 'clusters')
    cmd
      .option('--fqdn <fqdn>', 'filter clusters by substring of Service FQDN field', flagValue)
      .option('--port <port>', 'filter clusters by Port field', port)
      .option('--subset <subset>', 'filter clusters by substring of Subset field', flagValue)
      .option('--direction <dir>', 'filter clusters by Direction field', flagValue);
  if (kind === 'endpoints')
    cmd
      .option('--address <ip>', 'filter endpoints by address field', flagValue)
      .option('--port <port>', 'filter endpoints by port field', port)
      .option('--cluster <name>', 'filter endpoints by cluster name field', flagValue)
      .option('--status <status>', 'filter endpoints by status field', flagValue);
  return cmd.action(act(ctx, box, (arg: string | undefined, o: PcOptions) => run(ctx, kind, arg, o)));
}

export function proxyConfigCommand(ctx: CliContext, box: ExitBox): Command {
  return new Command('proxy-config')
    .alias('pc')
    .summary("show a gateway pod's Envoy configuration, as istioctl proxy-config")
    .description(
      "Show the listeners, routes, clusters and endpoints of a gateway pod's Envoy, as istioctl proxy-config prints them",
    )
    .addCommand(
      sub(ctx, box, 'listeners', ['listener', 'l'], 'retrieve listener configuration of the gateway pod'),
    )
    .addCommand(sub(ctx, box, 'routes', ['route', 'r'], 'retrieve route configuration of the gateway pod'))
    .addCommand(
      sub(ctx, box, 'clusters', ['cluster', 'c'], 'retrieve cluster configuration of the gateway pod'),
    )
    .addCommand(
      sub(ctx, box, 'endpoints', ['endpoint', 'ep'], 'retrieve endpoint configuration of the gateway pod'),
    );
}
