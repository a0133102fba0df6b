// `gangway analyze [-f PATH]... [-A | -n NS] [-o log|json|yaml] [--failure-threshold LEVEL]
// [--output-threshold LEVEL] [--set ...] [--no-istio]`: istioctl analyze's checks, plus the ALB's
// and those across both hops, offline over files (with the Istio install `up` would create) or
// over the running stack (GET /gangway/v1/analyze). istioctl's output and exit code 79.
import { Command, InvalidArgumentError, Option } from 'commander';
import { ALL_ANALYZERS } from '../../analyze/catalogue.ts';
import { createContext } from '../../analyze/context.ts';
import { ANALYZE_API_PREFIX } from '../../analyze/api.ts';
import {
  EXIT_ANALYZER_FOUND_ISSUES,
  atOrAbove,
  foundIssuesLine,
  parseLevel,
  renderMessages,
  type OutputFormat,
} from '../../analyze/format.ts';
import { offlineObjects } from '../../analyze/offline.ts';
import { runAnalyzers } from '../../analyze/run.ts';
import type { Level } from '../../analyze/types.ts';
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import { parseSetFlags } from '../../istio/install/set-flags.ts';
import {
  act,
  collectList,
  effectiveNamespace,
  flagValue,
  type ExitBox,
  type ExitCode,
} from '../command-kit.ts';
import type { CliContext } from '../context.ts';
import { CliError } from '../errors.ts';

interface AnalyzeOptions {
  filename?: string[];
  namespace?: string;
  allNamespaces?: boolean;
  output: OutputFormat;
  failureThreshold: Level;
  outputThreshold: Level;
  set?: string[];
  istio?: boolean;
}

function levelArg(v: string): Level {
  const l = parseLevel(flagValue(v));
  if (!l) throw new InvalidArgumentError('must be one of Info, Warning, Error');
  return l;
}

function formatArg(v: string): OutputFormat {
  const f = flagValue(v);
  if (f !== 'log' && f !== 'json' && f !== 'yaml')
    throw new InvalidArgumentError('must be log, json or yaml');
  return f;
}

function collectSet(v: string, prev: string[] | undefined): string[] {
  return [...(prev ?? []), flagValue(v)];
}

/** The namespace of the object a message is about ('' for cluster-scoped or none). */
function namespaceOf(d: Diagnostic): string {
  const ref = d.object ?? '';
  const slash = ref.indexOf('/');
  const space = ref.indexOf(' ');
  return slash > space && space >= 0 ? ref.slice(space + 1, slash) : '';
}

async function offlineMessages(ctx: CliContext, opts: AnalyzeOptions): Promise<Diagnostic[]> {
  const { loadManifests } = await import('../../manifest/load.ts');
  const loaded = await loadManifests(opts.filename ?? [], { stdin: ctx.deps.stdin, cwd: ctx.deps.cwd });
  let values: ReturnType<typeof parseSetFlags>['values'] | false = false;
  if (opts.istio !== false) {
    const parsed = parseSetFlags(opts.set ?? []);
    if (parsed.errors.length > 0) throw new CliError(parsed.errors.join('; '));
    values = parsed.values;
  }
  const input = offlineObjects(loaded.manifests, values);
  const context = createContext(input.objects, {
    live: false,
    inputDiagnostics: [...loaded.diagnostics, ...input.decodeDiagnostics],
  });
  return runAnalyzers(context, ALL_ANALYZERS);
}

async function runAnalyze(ctx: CliContext, opts: AnalyzeOptions): Promise<ExitCode> {
  if (opts.allNamespaces && opts.namespace !== undefined)
    throw new CliError('--all-namespaces and --namespace cannot be used together');
  const offline = (opts.filename ?? []).length > 0;
  let messages: Diagnostic[];
  let namespace: string | undefined;
  if (offline) {
    messages = await offlineMessages(ctx, opts);
    // Files name their own namespaces: every object in them is analyzed unless -n narrows it.
    namespace = opts.namespace;
  } else {
    const client = await ctx.client();
    messages = await client.json<Diagnostic[]>({ path: ANALYZE_API_PREFIX });
    namespace = opts.allNamespaces
      ? undefined
      : effectiveNamespace(opts.namespace, client.connection.namespace);
  }
  if (namespace !== undefined) messages = messages.filter((m) => [namespace, ''].includes(namespaceOf(m)));
  const scope = namespace !== undefined ? `namespace: ${namespace}` : 'all namespaces';
  const shown = messages.filter((m) => atOrAbove(m, opts.outputThreshold));
  ctx.print.write(renderMessages(shown, opts.output, scope));
  if (messages.some((m) => atOrAbove(m, opts.failureThreshold))) {
    ctx.print.errLine(foundIssuesLine(scope).trimEnd());
    return EXIT_ANALYZER_FOUND_ISSUES;
  }
  return 0;
}

export function analyzeCommand(ctx: CliContext, box: ExitBox): Command {
  return new Command('analyze')
    .summary('find the mistakes that give 404s, 502s and unhealthy targets, as istioctl analyze')
    .description(
      "Analyze Istio configuration with istioctl's checks and codes (IST0101, ...), and the ALB " +
        "and both hops with gangway's (GW1xxx ALB, GW2xxx across the hops; docs/analyze*.md). " +
        'With -f, offline over the files plus the Istio install `up` would create; otherwise the ' +
        'running stack. Exits 79 when a message is at or above --failure-threshold.',
    )
    .option(
      '-f, --filename <path>',
      'analyze these manifests offline (repeatable, comma-separated)',
      collectList,
    )
    .option('-n, --namespace <ns>', 'only messages about objects in this namespace')
    .option('-A, --all-namespaces', 'messages about every namespace (the running stack)')
    .addOption(new Option('-o, --output <format>', 'log, json or yaml').argParser(formatArg).default('log'))
    .addOption(
      new Option('--failure-threshold <level>', 'exit 79 at or above this level: Info, Warning, Error')
        .argParser(levelArg)
        .default('Error'),
    )
    .addOption(
      new Option('--output-threshold <level>', 'print messages at or above this level')
        .argParser(levelArg)
        .default('Info'),
    )
    .option(
      '--set <path=value>',
      "offline: Istio install values, as istioctl's --set (repeatable)",
      collectSet,
    )
    .option('--no-istio', 'offline: without the Istio install up would create')
    .action(act(ctx, box, (opts: AnalyzeOptions) => runAnalyze(ctx, opts)));
}
