// `gangway trace URL [-H 'Name: value']... [-X METHOD] [-f PATH]... [-o json]`: the path one
// request takes through the ALB and the Istio gateway, hop by hop, and the first hop at fault.
// With -f: offline, from the files plus the Istio install `up` would create; otherwise the
// running stack answers (POST /gangway/v1/trace). Exit 0 when the answer is < 400, else 1.
import { Command, InvalidArgumentError } from 'commander';
import { formatDiagnostic } from '../../diagnostics/diagnostic.ts';
import { parseSetFlags } from '../../istio/install/set-flags.ts';
import { TRACE_API_PREFIX } from '../../trace/api.ts';
import { formatTrace } from '../../trace/format.ts';
import { offlineTraceInput } from '../../trace/offline.ts';
import { traceRequest } from '../../trace/trace.ts';
import type { TraceRequest, TraceResult } from '../../trace/types.ts';
import { act, collectList, flagValue, type ExitBox, type ExitCode } from '../command-kit.ts';
import type { CliContext } from '../context.ts';
import { CliError } from '../errors.ts';

interface TraceOptions {
  header?: string[];
  request?: string;
  filename?: string[];
  output?: 'json';
  set?: string[];
  istio?: boolean;
}

function parseHeader(v: string, prev: string[] | undefined): string[] {
  const s = flagValue(v);
  const colon = s.indexOf(':');
  if (colon <= 0) throw new InvalidArgumentError(`want 'Name: value', got '${s}'`);
  return [...(prev ?? []), s];
}

function parseOutput(v: string): 'json' {
  if (flagValue(v) !== 'json') throw new InvalidArgumentError('the only format is json');
  return 'json';
}

function collectSet(v: string, prev: string[] | undefined): string[] {
  return [...(prev ?? []), flagValue(v)];
}

export function traceRequestOf(url: string, opts: TraceOptions): TraceRequest {
  const headers: [string, string][] = (opts.header ?? []).map((h) => {
    const colon = h.indexOf(':');
    return [h.slice(0, colon).trim(), h.slice(colon + 1).trim()];
  });
  return { url, method: (opts.request ?? 'GET').toUpperCase(), headers };
}

async function offline(ctx: CliContext, request: TraceRequest, opts: TraceOptions): Promise<TraceResult> {
  const { loadManifests } = await import('../../manifest/load.ts');
  const loaded = await loadManifests(opts.filename ?? [], { stdin: ctx.deps.stdin, cwd: ctx.deps.cwd });
  for (const d of loaded.diagnostics) ctx.print.errLine(formatDiagnostic(d));
  let values: ReturnType<typeof parseSetFlags>['values'] | false = false;
  if (opts.istio !== false) {
    const parsed = parseSetFlags(opts.set ?? []);
    if (parsed.errors.length > 0) throw new CliError(parsed.errors.join('; '));
    values = parsed.values;
  }
  const t = offlineTraceInput(loaded.manifests, values);
  for (const d of t.diagnostics) ctx.print.errLine(formatDiagnostic(d));
  return traceRequest(t.input, request);
}

async function runTrace(ctx: CliContext, url: string, opts: TraceOptions): Promise<ExitCode> {
  const request = traceRequestOf(url, opts);
  let result: TraceResult;
  if (opts.filename && opts.filename.length > 0) {
    try {
      result = await offline(ctx, request, opts);
    } catch (err) {
      if (err instanceof CliError) throw err;
      throw new CliError(err instanceof Error ? err.message : String(err));
    }
  } else {
    const client = await ctx.client();
    result = await client.json<TraceResult>({
      method: 'POST',
      path: TRACE_API_PREFIX,
      body: JSON.stringify(request),
    });
  }
  ctx.print.write(opts.output === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatTrace(result));
  return result.status > 0 && result.status < 400 ? 0 : 1;
}

export function traceCommand(ctx: CliContext, box: ExitBox): Command {
  return new Command('trace')
    .summary('follow one request hop by hop: DNS, ALB, rule, targets, gateway, route, endpoints')
    .description(
      'Trace the path one request takes: the ALB that answers the name, its listener, rule and ' +
        'action, the target group and its targets, the NodePort and the gateway pod, the Envoy ' +
        'listener, route configuration, virtual host, route (VirtualService) and cluster, and its ' +
        'endpoints; the status each hop gives, and where it fails, the first hop at fault with ' +
        'the fix. With -f, offline from the files (health and endpoints unknown); otherwise ' +
        "against the running stack. Uses the data planes' own matchers.",
    )
    .argument('<url>', 'the request URL, e.g. https://istio-test-alb.example.com/')
    .option(
      '-H, --header <header>',
      "a request header 'Name: value' (repeatable; Host overrides the URL's)",
      parseHeader,
    )
    .option('-X, --request <method>', 'the request method (default GET)')
    .option(
      '-f, --filename <path>',
      'trace offline over these manifests (repeatable, comma-separated)',
      collectList,
    )
    .option(
      '--set <path=value>',
      "offline: Istio install values, as istioctl's --set (repeatable)",
      collectSet,
    )
    .option('--no-istio', 'offline: without the Istio install up would create')
    .option('-o, --output <format>', 'json', parseOutput)
    .action(act(ctx, box, (url: string, opts: TraceOptions) => runTrace(ctx, url, opts)));
}
