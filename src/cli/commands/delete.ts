// `gangway delete`: by TYPE NAME..., TYPE/NAME..., -l/--all, or -f PATH (objects of the
// manifests). DELETE with propagationPolicy Background, `service "test-svc" deleted` as
// kubectl 1.32 prints it, then (unless --wait=false) waits until the objects are gone.
import { Command, Option } from 'commander';
import { parseApiVersion } from '../../resources/catalogue.ts';
import type { ApiClient } from '../api-client.ts';
import { ApiError, isNotFound, kubectlErrorText, withSource } from '../api-error.ts';
import {
  act,
  collectList,
  effectiveNamespace,
  flagValue,
  integerOption,
  reportError,
  type ExitBox,
  type ExitCode,
} from '../command-kit.ts';
import type { CliContext } from '../context.ts';
import { CliError } from '../errors.ts';
import { fetchList } from '../fetch.ts';
import { placeObject } from './apply.ts';
import { loadAndDecode } from '../manifests.ts';
import { parseResourceArgs } from '../resource-args.ts';
import { kindName, objectPath, type TypeRef } from '../resource-types.ts';

interface DeleteOptions {
  filename?: string[];
  namespace?: string;
  selector?: string;
  all?: boolean;
  ignoreNotFound?: boolean;
  wait: boolean;
  timeout: number;
}

interface Target {
  ref: TypeRef;
  namespace: string | undefined;
  name: string;
  source?: string; // the manifest file, for "error when deleting"
}

const NOTHING_GIVEN =
  'You must provide one or more resources by argument or filename.\n' +
  'Example resource specifications include:\n' +
  "   '-f rsrc.yaml'\n" +
  "   '--filename=rsrc.json'\n" +
  "   '<resource> <name>'\n" +
  "   '<resource>'";

async function targetsFromArgs(
  client: ApiClient,
  positional: string[],
  opts: DeleteOptions,
  ns: string,
): Promise<Target[]> {
  const args = parseResourceArgs(positional, 'delete');
  if (args.named) {
    if (opts.selector !== undefined || opts.all)
      throw new CliError('name cannot be provided when a selector is specified');
    return args.requests.map((r) => ({
      ref: r.ref,
      namespace: r.ref.rt.namespaced ? ns : undefined,
      name: r.name!,
    }));
  }
  if (opts.selector === undefined && !opts.all)
    throw new CliError('resource(s) were provided, but no name was specified');
  const targets: Target[] = [];
  for (const req of args.requests) {
    const sel = opts.selector !== undefined ? { labelSelector: opts.selector } : {};
    const items = await fetchList(client, req, { namespace: ns }, sel);
    for (const item of items)
      targets.push({ ref: req.ref, namespace: item.metadata.namespace, name: item.metadata.name ?? '' });
  }
  return targets;
}

async function waitGone(client: ApiClient, targets: Target[], timeoutSeconds: number): Promise<Target[]> {
  const deadline = timeoutSeconds > 0 ? Date.now() + timeoutSeconds * 1000 : Infinity;
  let pending = targets;
  while (pending.length > 0) {
    const still: Target[] = [];
    for (const t of pending) {
      try {
        await client.json({ path: objectPath(t.ref, t.namespace, t.name) });
        still.push(t);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    pending = still;
    if (pending.length === 0 || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return pending;
}

async function runDelete(ctx: CliContext, positional: string[], opts: DeleteOptions): Promise<ExitCode> {
  const files = opts.filename ?? [];
  if (files.length > 0 && positional.length > 0)
    throw new CliError('resources cannot be specified by both arguments and filename; use one or the other');
  if (files.length === 0 && positional.length === 0) throw new CliError(NOTHING_GIVEN);
  const client = await ctx.client();
  const ns = effectiveNamespace(opts.namespace, client.connection.namespace);
  let failed = false;
  let targets: Target[] = [];
  if (files.length > 0) {
    const loaded = await loadAndDecode(ctx, files);
    failed = loaded.errorCount > 0;
    for (const item of loaded.items) {
      try {
        const obj = placeObject(item, opts.namespace, client.connection.namespace);
        const ref: TypeRef = { rt: item.rt, version: parseApiVersion(obj.apiVersion).version };
        targets.push({
          ref,
          namespace: obj.metadata.namespace,
          name: obj.metadata.name ?? '',
          source: item.source.file,
        });
      } catch (err) {
        reportError(ctx, err);
        failed = true;
      }
    }
  } else targets = await targetsFromArgs(client, positional, opts, ns);

  if (targets.length === 0 && !failed) {
    ctx.print.errLine('No resources found');
    return 0;
  }
  const deleted: Target[] = [];
  for (const t of targets) {
    try {
      await client.json({
        method: 'DELETE',
        path: objectPath(t.ref, t.namespace, t.name),
        body: JSON.stringify({ propagationPolicy: 'Background' }),
      });
      ctx.print.line(`${kindName(t.ref.rt)} "${t.name}" deleted`);
      deleted.push(t);
    } catch (err) {
      if (opts.ignoreNotFound && isNotFound(err)) continue;
      if (err instanceof ApiError && t.source)
        ctx.print.errLine(kubectlErrorText(withSource(err, 'deleting', t.source)));
      else reportError(ctx, err);
      failed = true;
    }
  }
  if (opts.wait && deleted.length > 0) {
    const left = await waitGone(client, deleted, opts.timeout);
    for (const t of left) {
      ctx.print.error(`timed out waiting for the condition on ${t.ref.rt.plural}/${t.name}`);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

export function deleteCommand(ctx: CliContext, box: ExitBox): Command {
  return new Command('delete')
    .summary('delete resources by name, selector or manifest')
    .description(
      'Delete resources by TYPE NAME..., TYPE/NAME..., selector (-l, --all) or manifest files (-f).',
    )
    .argument('[resources...]', 'TYPE[,TYPE...] NAME... or TYPE/NAME...')
    .option('-f, --filename <path>', 'delete the objects of these manifests (repeatable)', collectList)
    .option(
      '-n, --namespace <ns>',
      'namespace (default: the kubeconfig context\'s, else "default")',
      flagValue,
    )
    .option('-l, --selector <selector>', 'delete the objects matching this label selector', flagValue)
    .option('--all', 'delete every object of the given types in the namespace')
    .option('--ignore-not-found', 'treat "not found" as a successful delete')
    .addOption(
      new Option('--wait [bool]', 'wait until the objects are gone')
        .default(true)
        .argParser((v: string) => flagValue(v) !== 'false'),
    )
    .option(
      '--timeout <seconds>',
      'with --wait: give up after this long (0: no limit)',
      integerOption(0, 86400, '--timeout'),
      0,
    )
    .action(act(ctx, box, (positional: string[], opts: DeleteOptions) => runDelete(ctx, positional, opts)));
}
