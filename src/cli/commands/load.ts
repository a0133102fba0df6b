// `gangway load URL`: a fortio-like load generator (`fortio load` flags and summary) for trying
// the gateway's behaviour from a terminal: -c connections, -n calls or -t duration, --qps,
// -H/-X/--payload, HTTPS with --cacert/-k and curl's --resolve. The summary goes to stderr as
// fortio prints it; `-o json` prints the result on stdout.
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { parseGoDuration } from '../../load/go-format.ts';
import { LOAD_DEFAULTS, parseResolve, type LoadOptions, type ResolveEntry } from '../../load/options.ts';
import { bannerLine, resultJson, summaryText } from '../../load/report.ts';
import { runLoad } from '../../load/runner.ts';
import { act, flagValue, integerOption, type ExitBox, type ExitCode } from '../command-kit.ts';
import type { CliContext } from '../context.ts';
import { CliError } from '../errors.ts';

interface LoadFlags {
  connections: number;
  n?: number;
  t?: number;
  qps: number;
  header?: [string, string][];
  method?: string;
  payload?: string;
  cacert?: string;
  insecure?: boolean;
  resolve?: ResolveEntry[];
  timeout?: number;
  histogramBody?: RegExp;
  output?: string;
}

function durationOption(what: string): (v: string) => number {
  return (v) => {
    const ms = parseGoDuration(flagValue(v));
    if (ms === undefined) throw new InvalidArgumentError(`${what} must be a duration such as 5s or 500ms`);
    return ms;
  };
}

function headerOption(v: string, prev: [string, string][] | undefined): [string, string][] {
  const text = flagValue(v);
  const at = text.indexOf(':');
  if (at <= 0) throw new InvalidArgumentError(`header ${JSON.stringify(text)} is not Name: value`);
  return [...(prev ?? []), [text.slice(0, at).trim(), text.slice(at + 1).trim()]];
}

function resolveOption(v: string, prev: ResolveEntry[] | undefined): ResolveEntry[] {
  const entry = parseResolve(flagValue(v));
  if (!entry) throw new InvalidArgumentError(`${JSON.stringify(v)} is not host:port:address`);
  return [...(prev ?? []), entry];
}

function qpsOption(v: string): number {
  const n = Number(flagValue(v));
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('--qps must be a number >= 0');
  return n;
}

function regexOption(v: string): RegExp {
  try {
    return new RegExp(flagValue(v));
  } catch (err) {
    throw new InvalidArgumentError(err instanceof Error ? err.message : String(err));
  }
}

async function runLoadCommand(ctx: CliContext, url: string, f: LoadFlags): Promise<ExitCode> {
  if (f.output !== undefined && f.output !== 'json') throw new CliError("--output must be 'json'");
  let ca: string | undefined;
  if (f.cacert !== undefined) {
    try {
      ca = readFileSync(resolvePath(ctx.deps.cwd, f.cacert), 'utf8');
    } catch (err) {
      throw new CliError(`cannot read --cacert: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const abort = new AbortController();
  const signals = ctx.deps.signals();
  void signals.wait.then(() => abort.abort());
  const opts: LoadOptions = {
    url,
    connections: f.connections,
    durationMs: f.t ?? LOAD_DEFAULTS.durationMs,
    qps: f.qps,
    method: f.method ?? (f.payload === undefined ? LOAD_DEFAULTS.method : 'POST'),
    headers: f.header ?? [],
    resolve: f.resolve ?? [],
    timeoutMs: f.timeout ?? LOAD_DEFAULTS.timeoutMs,
    signal: abort.signal,
  };
  if (f.n !== undefined) opts.requests = f.n;
  if (f.payload !== undefined) opts.payload = f.payload;
  if (ca !== undefined) opts.ca = ca;
  if (f.insecure) opts.insecure = true;
  if (f.histogramBody) opts.bodyPattern = f.histogramBody;
  try {
    ctx.print.writeErr(
      bannerLine({
        url,
        requestedQps: opts.qps,
        requestedRequests: opts.requests,
        requestedDurationMs: opts.durationMs,
      }),
    );
    const result = await runLoad(opts);
    ctx.print.writeErr(summaryText(result));
    if (f.output === 'json') ctx.print.write(`${JSON.stringify(resultJson(result), null, 2)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof TypeError) throw new CliError(err.message);
    throw err;
  } finally {
    signals.dispose();
  }
}

export function loadCommand(ctx: CliContext, box: ExitBox): Command {
  return new Command('load')
    .summary('send HTTP load to a URL and print a fortio-like summary')
    .description(
      'Send calls to URL over keep-alive connections, as `fortio load` does, and print the ' +
        'status code histogram (Code 200 : N (x %)), the sockets used and latency percentiles. ' +
        'Run for -n calls in total, or for -t (default 5s); --qps 0 means as fast as possible.',
    )
    .argument('<url>', 'http:// or https:// URL')
    .option('-c, --connections <n>', 'connections (concurrent calls)', integerOption(1, 10000, '-c'), 4)
    .option('-n <calls>', 'total calls (instead of -t)', integerOption(1, 100_000_000, '-n'))
    .option('-t <duration>', 'how long to run when -n is not given; 0 = until Ctrl-C', durationOption('-t'))
    .option('--qps <rate>', 'total calls per second; 0 = no limit', qpsOption, LOAD_DEFAULTS.qps)
    .option('-H, --header <header>', 'extra header "Name: value" (repeatable)', headerOption)
    .option('-X, --method <method>', 'HTTP method (default GET, POST with --payload)', flagValue)
    .option('--payload <text>', 'request body', flagValue)
    .option('--cacert <file>', 'CA certificates (PEM) to verify HTTPS with', flagValue)
    .option('-k, --insecure', 'do not verify HTTPS certificates')
    .option(
      '--resolve <host:port:address>',
      'connect to address for host:port, as curl (repeatable)',
      resolveOption,
    )
    .option('--timeout <duration>', 'per-call timeout', durationOption('--timeout'))
    .option(
      '--histogram-body <regex>',
      'also count responses by the first match (or group 1) in the body',
      regexOption,
    )
    .option('-o, --output <format>', 'json: print the result as JSON on stdout', flagValue)
    .action(act(ctx, box, (url: string, f: LoadFlags) => runLoadCommand(ctx, url, f)));
}
