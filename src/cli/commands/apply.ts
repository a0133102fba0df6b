// `gangway apply -f PATH...`: decode every manifest locally (diagnostics at file:line:col),
// then server-side apply each object (fieldManager=gangway, force) carrying kubectl's
// last-applied annotation, so later `kubectl apply` works. Namespaces of the run go first,
// everything else in file order. Prints `deployment.apps/x created|configured|unchanged`.
import { Command } from 'commander';
import { parseApiVersion } from '../../resources/catalogue.ts';
import type { KubeObject } from '../../resources/types.ts';
import type { ApiClient } from '../api-client.ts';
import { ApiError, isNotFound, withSource } from '../api-error.ts';
import {
  act,
  collectList,
  effectiveNamespace,
  flagValue,
  reportError,
  type ExitBox,
  type ExitCode,
} from '../command-kit.ts';
import type { CliContext } from '../context.ts';
import { CliError } from '../errors.ts';
import { withLastApplied } from '../../resources/last-applied.ts';
import { loadAndDecode, type DecodedItem } from '../manifests.ts';
import { kindName, objectPath, type TypeRef } from '../resource-types.ts';

export const FIELD_MANAGER = 'gangway';

interface ApplyOptions {
  filename?: string[];
  namespace?: string;
}

/** Sets the namespace kubectl would: the object's, else -n, else the context's; checks they agree. */
export function placeObject(
  item: DecodedItem,
  flagNs: string | undefined,
  contextNs: string | undefined,
): KubeObject {
  const obj = structuredClone(item.object);
  if (!item.rt.namespaced) return obj;
  const own = obj.metadata.namespace;
  if (own && flagNs && own !== flagNs)
    throw new CliError(
      `the namespace from the provided object "${own}" does not match the namespace "${flagNs}". You must pass '--namespace=${own}' to perform this operation.`,
    );
  obj.metadata.namespace = own || effectiveNamespace(flagNs, contextNs);
  return obj;
}

async function getIfExists(client: ApiClient, path: string): Promise<KubeObject | undefined> {
  try {
    return await client.json<KubeObject>({ path });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

async function applyOne(client: ApiClient, item: DecodedItem, flagNs: string | undefined): Promise<string> {
  const obj = placeObject(item, flagNs, client.connection.namespace);
  const ref: TypeRef = { rt: item.rt, version: parseApiVersion(obj.apiVersion).version };
  const name = obj.metadata.name ?? '';
  const path = objectPath(ref, obj.metadata.namespace, name);
  const before = await getIfExists(client, path);
  let after: KubeObject;
  try {
    after = await client.json<KubeObject>({
      method: 'PATCH',
      path,
      // Unknown fields were already reported as warnings at FILE:LINE:COLUMN; drop them silently.
      query: { fieldManager: FIELD_MANAGER, force: 'true', fieldValidation: 'Ignore' },
      contentType: 'application/apply-patch+yaml',
      body: JSON.stringify(withLastApplied(obj)),
    });
  } catch (err) {
    if (err instanceof ApiError) throw withSource(err, before ? 'patching' : 'creating', item.source.file);
    throw err;
  }
  const verb = !before
    ? 'created'
    : before.metadata.resourceVersion === after.metadata.resourceVersion
      ? 'unchanged'
      : 'configured';
  return `${kindName(item.rt)}/${name} ${verb}`;
}

async function runApply(ctx: CliContext, opts: ApplyOptions): Promise<ExitCode> {
  const paths = opts.filename ?? [];
  if (paths.length === 0) throw new CliError('must specify one of -f and -k');
  const client = await ctx.client();
  const loaded = await loadAndDecode(ctx, paths);
  if (loaded.items.length === 0 && loaded.errorCount === 0) throw new CliError('no objects passed to apply');
  const isNs = (i: DecodedItem): boolean => i.rt.group === '' && i.rt.kind === 'Namespace';
  const ordered = [...loaded.items.filter(isNs), ...loaded.items.filter((i) => !isNs(i))];
  let failed = loaded.errorCount > 0;
  for (const item of ordered) {
    try {
      ctx.print.line(await applyOne(client, item, opts.namespace));
    } catch (err) {
      reportError(ctx, err);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

export function applyCommand(ctx: CliContext, box: ExitBox): Command {
  return new Command('apply')
    .summary('apply manifests (-f) to the running gangway')
    .description(
      'Apply manifests to the running gangway (server-side apply, field manager "gangway").\n' +
        'A file with any error applies nothing; the other files still apply.',
    )
    .option(
      '-f, --filename <path>',
      'file or directory (recursive) of manifests; - for stdin (repeatable)',
      collectList,
    )
    .option('-n, --namespace <ns>', 'namespace for objects that name none', flagValue)
    .action(act(ctx, box, (opts: ApplyOptions) => runApply(ctx, opts)));
}
