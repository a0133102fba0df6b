// `gangway up`: start the stack in the foreground (until SIGINT/SIGTERM) or, with -d, in a
// detached child whose readiness the parent waits for (see up-detached.ts). The pid file
// makes a second `up` on the same home refuse; state.json tells `up -d` and `status` the phase.
import { Command, Option } from 'commander';
import type { Stack, StackOptions } from '../../runtime/stack.ts';
import { act, collectList, integerOption, type ExitBox, type ExitCode } from '../command-kit.ts';
import type { CliContext } from '../context.ts';
import { CliError, errorMessage } from '../errors.ts';
import { acquirePidFile, releasePidFile, removeRunState, runningPid, writeRunState } from '../run-files.ts';
import { DAEMON_CHILD_FLAG, runDetached } from './up-detached.ts';

export interface UpOptions {
  filename?: string[];
  detach?: boolean;
  nodes: number;
  apiPort: number;
  addressBlock?: number;
  waitTimeout: number;
  daemonChild?: boolean;
  set?: string[];
  istio: boolean;
  portMap?: string[];
  dnsPort: number;
}

/** `--port-map 80=18080,443=18443` (repeatable): listener port -> local port. */
export function parsePortMap(values: readonly string[]): Map<number, number> {
  const map = new Map<number, number>();
  for (const item of values.flatMap((v) => v.split(','))) {
    const m = /^\s*(\d{1,5})=(\d{1,5})\s*$/.exec(item);
    const from = Number(m?.[1]);
    const to = Number(m?.[2]);
    if (!m || from < 1 || from > 65535 || to < 1 || to > 65535)
      throw new CliError(`--port-map: "${item}" is not PORT=LOCALPORT (e.g. --port-map 80=18080,443=18443)`);
    map.set(from, to);
  }
  return map;
}

export function alreadyRunningMessage(home: string, pid: number): string {
  return `gangway is already running in ${home} (pid ${pid}); stop it with: gangway down`;
}

/** What `up` prints once the stack is ready: who runs where, then the stack's own summary. */
export function stackSummary(stack: Stack, home: string, pid: number, detached: boolean): string[] {
  const lines = [`gangway is running in ${home} (pid ${pid})`, ...stack.summary().map((l) => `  ${l}`)];
  const errors = stack.applied.errors;
  if (errors > 0)
    lines.push(
      `  manifests    ${errors} error${errors === 1 ? '' : 's'} in the -f files; files with errors were not applied`,
    );
  lines.push(detached ? 'Stop it with: gangway down' : 'Stop it with Ctrl-C (or gangway down)');
  return lines;
}

function addressBlockFrom(opts: UpOptions, env: NodeJS.ProcessEnv): number {
  if (opts.addressBlock !== undefined) return opts.addressBlock;
  const fromEnv = env['GANGWAY_ADDRESS_BLOCK'];
  if (fromEnv === undefined || fromEnv === '') return 1;
  if (!/^\d+$/.test(fromEnv) || Number(fromEnv) < 1 || Number(fromEnv) > 254)
    throw new CliError(`GANGWAY_ADDRESS_BLOCK must be an integer between 1 and 254, got "${fromEnv}"`);
  return Number(fromEnv);
}

async function runForeground(ctx: CliContext, opts: UpOptions, home: string): Promise<ExitCode> {
  const pid = process.pid;
  const addressBlock = addressBlockFrom(opts, ctx.deps.env);
  const claim = await acquirePidFile(home, pid);
  if (!claim.acquired) {
    ctx.print.errLine(alreadyRunningMessage(home, claim.owner));
    return 1;
  }
  const signals = ctx.deps.signals();
  // Signal handlers do not keep Node's event loop alive: while gangway runs, this does.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  try {
    await writeRunState(home, { pid, phase: 'starting', summary: [] });
    let stack: Stack;
    try {
      const manifests = opts.filename ?? [];
      const stackOpts: StackOptions = {
        home,
        manifests,
        nodes: opts.nodes,
        apiPort: opts.apiPort,
        addressBlock,
        log: (line) => ctx.print.line(line),
        istio: opts.istio,
        istioSets: opts.set ?? [],
        portMap: parsePortMap(opts.portMap ?? []),
        dnsPort: opts.dnsPort,
      };
      if (manifests.includes('-')) stackOpts.stdin = ctx.deps.stdin;
      stack = await ctx.deps.startStack(stackOpts);
    } catch (err) {
      const reason = errorMessage(err);
      ctx.print.error(`gangway failed to start: ${reason}`);
      await writeRunState(home, { pid, phase: 'failed', reason, summary: [] });
      return 1;
    }
    const summary = stackSummary(stack, home, pid, opts.daemonChild === true);
    ctx.print.lines(summary);
    await writeRunState(home, { pid, phase: 'ready', summary });
    const signal = await signals.wait;
    ctx.print.line(`received ${signal}, stopping gangway`);
    let code = 0;
    try {
      await stack.stop();
    } catch (err) {
      ctx.print.error(`stopping gangway: ${errorMessage(err)}`);
      code = 1;
    }
    await removeRunState(home);
    ctx.print.line('gangway stopped');
    // A component that leaks a handle must not keep a stopped gangway alive.
    if (ctx.deps.realSignals) setTimeout(() => process.exit(code), 5000).unref();
    return code;
  } finally {
    clearInterval(keepAlive);
    signals.dispose();
    await releasePidFile(home, pid);
  }
}

async function runUp(ctx: CliContext, opts: UpOptions): Promise<ExitCode> {
  const home = ctx.home();
  const owner = await runningPid(home);
  if (owner !== undefined) {
    ctx.print.errLine(alreadyRunningMessage(home, owner));
    return 1;
  }
  if (opts.detach && !opts.daemonChild) {
    addressBlockFrom(opts, ctx.deps.env); // fail here, not in the child
    parsePortMap(opts.portMap ?? []);
    return runDetached(ctx, home, opts);
  }
  return runForeground(ctx, opts, home);
}

export function upCommand(ctx: CliContext, box: ExitBox): Command {
  return new Command('up')
    .summary('start gangway (foreground, or -d for background)')
    .description(
      'Start gangway (API server, controllers, kube-proxy, pods) and apply the -f manifests.\n' +
        'Runs in the foreground until Ctrl-C, or in the background with -d.\n' +
        'The data plane runs on $GANGWAY_DATAPLANE_THREADS threads (default 2, 1 on a one-CPU machine).',
    )
    .option(
      '-f, --filename <path>',
      'manifest file or directory to apply at start (repeatable; - for stdin)',
      collectList,
    )
    .option(
      '-d, --detach',
      'run in the background and return once ready; output goes to $GANGWAY_HOME/gangway.log',
    )
    .option('--nodes <n>', 'number of nodes', integerOption(1, 64, '--nodes'), 1)
    .option(
      '--api-port <port>',
      'API server port on 127.0.0.1 (0: any free port)',
      integerOption(0, 65535, '--api-port'),
      6443,
    )
    .option(
      '--address-block <n>',
      'second octet of the loopback address plan, 127.N.x.y (default: $GANGWAY_ADDRESS_BLOCK or 1)',
      integerOption(1, 254, '--address-block'),
    )
    .option(
      '--wait-timeout <seconds>',
      'with -d: how long to wait for the stack to become ready',
      integerOption(1, 86400, '--wait-timeout'),
      180,
    )
    .option(
      '--set <path=value>',
      "Istio install values, as istioctl's --set (repeatable), e.g. values.gateways.istio-ingressgateway.type=NodePort",
      collectList,
    )
    .option(
      '--no-istio',
      'do not install Istio (istio-system, the istio-ingressgateway Deployment and Service)',
    )
    .option(
      '--port-map <port=local,...>',
      'bind ALB listener ports at other local ports, e.g. 80=18080,443=18443 (default: the real ports when the process may bind them)',
      collectList,
    )
    .option(
      '--dns-port <port>',
      "port of gangway's DNS server on 127.0.0.1 (external-dns records; 0: any free port)",
      integerOption(0, 65535, '--dns-port'),
      15353,
    )
    .addOption(new Option(DAEMON_CHILD_FLAG).hideHelp())
    .action(act(ctx, box, (opts: UpOptions) => runUp(ctx, opts)));
}
