// `gangway version`: gangway's version and, when it runs, the Kubernetes version its API
// server reports (GET /version), as `kubectl version` prints them.
import { Command } from 'commander';
import { act, flagValue, type ExitBox, type ExitCode } from '../command-kit.ts';
import type { CliContext } from '../context.ts';
import { goJsonIndent } from '../encode.ts';
import { CliError } from '../errors.ts';
import { toKubectlYaml } from '../kubectl-yaml.ts';
import { runningPid } from '../run-files.ts';
import { clientVersion } from '../version-info.ts';

interface VersionOptions {
  client?: boolean;
  output?: string;
}

async function runVersion(ctx: CliContext, opts: VersionOptions): Promise<ExitCode> {
  const output = opts.output;
  if (output !== undefined && output !== 'json' && output !== 'yaml')
    throw new CliError("--output must be 'yaml' or 'json'");
  const info: Record<string, unknown> = { clientVersion: { gitVersion: clientVersion() } };
  let server: Record<string, unknown> | undefined;
  if (!opts.client && (await runningPid(ctx.home())) !== undefined) {
    const client = await ctx.client();
    server = await client.json<Record<string, unknown>>({ path: '/version' });
    info['serverVersion'] = server;
  }
  if (output === 'json') ctx.print.write(goJsonIndent(info));
  else if (output === 'yaml') ctx.print.write(toKubectlYaml(info));
  else {
    ctx.print.line(`Client Version: ${clientVersion()}`);
    if (server) ctx.print.line(`Server Version: ${String(server['gitVersion'])}`);
  }
  return 0;
}

export function versionCommand(ctx: CliContext, box: ExitBox): Command {
  return new Command('version')
    .summary('print the client and server versions')
    .description("Print gangway's version and, when it runs, the Kubernetes version of its API")
    .option('--client', 'only the client version')
    .option('-o, --output <format>', 'yaml or json', flagValue)
    .action(act(ctx, box, (opts: VersionOptions) => runVersion(ctx, opts)));
}
