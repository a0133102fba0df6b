// `gangway get`: kubectl get's arguments, output formats and wording. Human-readable output
// comes from the server's Tables rendered by printers/render-table.ts; yaml/json print the
// object (one named object) or kubectl's List; name prints kind.group/name; jsonpath runs
// kubectl's JSONPath. Objects that are not found are reported after what was found (exit 1).
import { Command } from 'commander';
import { noResourcesMessage, renderTable } from '../../printers/render-table.ts';
import type { Table } from '../../printers/types.ts';
import type { ResourceType } from '../../resources/catalogue.ts';
import type { KubeObject } from '../../resources/types.ts';
import type { ApiClient } from '../api-client.ts';
import { ApiError, isNotFound, kubectlErrorText } from '../api-error.ts';
import {
  act,
  collectList,
  effectiveNamespace,
  flagValue,
  type ExitBox,
  type ExitCode,
} from '../command-kit.ts';
import type { CliContext } from '../context.ts';
import { goJsonIndent, listWrapper, withoutManagedFields } from '../encode.ts';
import { CliError } from '../errors.ts';
import { fetchObjects, fetchTable, type Scope, type Selectors } from '../fetch.ts';
import { renderJsonPath } from '../jsonpath/index.ts';
import { toKubectlYaml } from '../kubectl-yaml.ts';
import { parseOutputFormat, type OutputFormat } from '../output-format.ts';
import { parseResourceArgs, type ResourceArgs } from '../resource-args.ts';
import { kindName } from '../resource-types.ts';

interface GetOptions {
  namespace?: string;
  allNamespaces?: boolean;
  output?: string;
  selector?: string;
  fieldSelector?: string;
  showLabels?: boolean;
  labelColumns?: string[];
  headers?: boolean;
  showManagedFields?: boolean;
  ignoreNotFound?: boolean;
}

const NO_TYPE_MESSAGE =
  'You must specify the type of resource to get. Use "gangway get --help" for the supported resource types.\n\n' +
  'error: Required resource not specified.\n' +
  "See 'gangway get --help' for help and examples";

interface Fetched<T> {
  results: T[];
  errors: ApiError[];
}

async function collect<T>(
  args: ResourceArgs,
  ignoreNotFound: boolean,
  fetch: (req: ResourceArgs['requests'][number]) => Promise<T>,
): Promise<Fetched<T>> {
  const out: Fetched<T> = { results: [], errors: [] };
  for (const req of args.requests) {
    try {
      out.results.push(await fetch(req));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (!(ignoreNotFound && isNotFound(err))) out.errors.push(err);
    }
  }
  return out;
}

/** Rows of consecutive tables of one type merged, as kubectl prints them under one header. */
function mergeTables(tables: { table: Table; rt: ResourceType }[]): { table: Table; rt: ResourceType }[] {
  const out: { table: Table; rt: ResourceType }[] = [];
  for (const t of tables) {
    const last = out.at(-1);
    if (last && last.rt === t.rt) last.table = { ...last.table, rows: [...last.table.rows, ...t.table.rows] };
    else out.push({ table: t.table, rt: t.rt });
  }
  return out;
}

function printErrors(ctx: CliContext, errors: readonly ApiError[]): ExitCode {
  for (const e of errors) ctx.print.errLine(kubectlErrorText(e));
  return errors.length > 0 ? 1 : 0;
}

async function printTables(
  ctx: CliContext,
  client: ApiClient,
  args: ResourceArgs,
  scope: Scope,
  sel: Selectors,
  opts: GetOptions,
  wide: boolean,
): Promise<ExitCode> {
  const fetched = await collect(args, opts.ignoreNotFound ?? false, async (req) => ({
    table: await fetchTable(client, req, scope, sel),
    rt: req.ref.rt,
  }));
  const kinds = new Set(args.requests.map((r) => r.ref.rt));
  const tables = mergeTables(fetched.results).filter((t) => t.table.rows.length > 0);
  if (tables.length > 0) {
    ctx.print.write(
      renderTable(tables, {
        wide,
        allNamespaces: opts.allNamespaces ?? false,
        showKind: kinds.size > 1,
        showLabels: opts.showLabels ?? false,
        noHeaders: opts.headers === false,
        labelColumns: opts.labelColumns ?? [],
      }),
    );
  } else if (fetched.errors.length === 0 && !opts.ignoreNotFound) {
    ctx.print.writeErr(
      noResourcesMessage({
        allNamespaces: scope.namespace === undefined,
        namespace: scope.namespace ?? '',
        namespaced: args.requests.every((r) => r.ref.rt.namespaced),
      }),
    );
  }
  return printErrors(ctx, fetched.errors);
}

async function printObjects(
  ctx: CliContext,
  client: ApiClient,
  args: ResourceArgs,
  scope: Scope,
  sel: Selectors,
  opts: GetOptions,
  format: Exclude<OutputFormat, { kind: 'table' }>,
): Promise<ExitCode> {
  const fetched = await collect(args, opts.ignoreNotFound ?? false, async (req) => ({
    objects: await fetchObjects(client, req, scope, sel),
    rt: req.ref.rt,
  }));
  const pairs = fetched.results.flatMap((r) => r.objects.map((o) => ({ obj: o, rt: r.rt })));
  const strip = (o: KubeObject): KubeObject => (opts.showManagedFields ? o : withoutManagedFields(o));
  const objects = pairs.map((p) => strip(p.obj));
  if (format.kind === 'name') {
    ctx.print.lines(pairs.map((p) => `${kindName(p.rt)}/${p.obj.metadata.name ?? ''}`));
    return printErrors(ctx, fetched.errors);
  }
  const single = args.singleItemImplied && objects.length === 1;
  if (!single && objects.length === 0 && fetched.errors.length > 0) return printErrors(ctx, fetched.errors);
  const data = single ? objects[0] : listWrapper(objects);
  if (format.kind === 'json') ctx.print.write(goJsonIndent(data));
  else if (format.kind === 'yaml') ctx.print.write(toKubectlYaml(data));
  else ctx.print.write(renderJsonPath(format.template, data));
  return printErrors(ctx, fetched.errors);
}

async function runGet(ctx: CliContext, positional: string[], opts: GetOptions): Promise<ExitCode> {
  const format = parseOutputFormat(opts.output);
  if (positional.length === 0) throw new CliError(NO_TYPE_MESSAGE, { raw: true });
  const args = parseResourceArgs(positional, 'get');
  if (args.named && opts.allNamespaces)
    throw new CliError('a resource cannot be retrieved by name across all namespaces');
  if (args.named && (opts.selector !== undefined || opts.fieldSelector !== undefined))
    throw new CliError('name cannot be provided when a selector is specified');
  const client = await ctx.client();
  const scope: Scope = {
    namespace: opts.allNamespaces
      ? undefined
      : effectiveNamespace(opts.namespace, client.connection.namespace),
  };
  const sel: Selectors = {};
  if (opts.selector !== undefined) sel.labelSelector = opts.selector;
  if (opts.fieldSelector !== undefined) sel.fieldSelector = opts.fieldSelector;
  if (format.kind === 'table') return printTables(ctx, client, args, scope, sel, opts, format.wide);
  return printObjects(ctx, client, args, scope, sel, opts, format);
}

export function getCommand(ctx: CliContext, box: ExitBox): Command {
  return new Command('get')
    .summary('display resources, as kubectl get')
    .description(
      'Display resources, as kubectl get does.\n' +
        '  gangway get TYPE[,TYPE...] [NAME...]   e.g. get pods, get deploy,svc -n test-ns, get all\n' +
        '  gangway get TYPE/NAME...              e.g. get deployment/test-deploy svc/test-svc',
    )
    .argument('[resources...]', 'TYPE[,TYPE...] [NAME...] or TYPE/NAME...')
    .option(
      '-n, --namespace <ns>',
      'namespace (default: the kubeconfig context\'s, else "default")',
      flagValue,
    )
    .option('-A, --all-namespaces', 'list across all namespaces')
    .option('-o, --output <format>', 'wide, yaml, json, name or jsonpath=TEMPLATE', flagValue)
    .option('-l, --selector <selector>', 'label selector, e.g. app=web,tier!=db', flagValue)
    .option('--field-selector <selector>', 'field selector, e.g. status.phase=Running', flagValue)
    .option('--show-labels', 'add a LABELS column')
    .option('-L, --label-columns <keys>', 'a column per label key (repeatable, comma-separated)', collectList)
    .option('--no-headers', 'omit the header line of tables')
    .option('--show-managed-fields', 'keep metadata.managedFields in yaml/json output')
    .option('--ignore-not-found', 'treat "not found" as a successful retrieval')
    .action(act(ctx, box, (positional: string[], opts: GetOptions) => runGet(ctx, positional, opts)));
}
