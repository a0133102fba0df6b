// gangway's command line: one commander program, one file per command in commands/.
// main() never exits the process itself: it returns the exit code (bin/gangway.js sets it).
// Tests call main(argv, deps) with captured output, a temp GANGWAY_HOME and a fake stack.
import { Command, CommanderError } from 'commander';
import { type ExitBox } from './command-kit.ts';
import { createContext, type CliContext, type CliDeps } from './context.ts';
import { defaultDeps } from './deps.ts';
import { applyCommand } from './commands/apply.ts';
import { deleteCommand } from './commands/delete.ts';
import { describeCommand } from './commands/describe.ts';
import { downCommand } from './commands/down.ts';
import { getCommand } from './commands/get.ts';
import { logsCommand } from './commands/logs.ts';
import { statusCommand } from './commands/status.ts';
import { upCommand } from './commands/up.ts';
import { versionCommand } from './commands/version.ts';
import { dnsCommand } from './commands/dns.ts';
import { loadCommand } from './commands/load.ts';
import { proxyConfigCommand } from './commands/proxy-config.ts';
import { elbv2Command } from './commands/elbv2.ts';
import { analyzeCommand } from './commands/analyze.ts';
import { traceCommand } from './commands/trace.ts';
import { dashboardCommand } from './commands/dashboard.ts';
import { clientVersion } from './version-info.ts';

type CommandFactory = (ctx: CliContext, box: ExitBox) => Command;

const COMMANDS: CommandFactory[] = [
  upCommand,
  downCommand,
  statusCommand,
  applyCommand,
  getCommand,
  describeCommand,
  deleteCommand,
  logsCommand,
  proxyConfigCommand,
  elbv2Command,
  analyzeCommand,
  traceCommand,
  dashboardCommand,
  dnsCommand,
  loadCommand,
  versionCommand,
];

export function buildProgram(ctx: CliContext, box: ExitBox): Command {
  const program = new Command('gangway')
    .description(
      'Run the AWS ALB -> Istio ingress gateway -> Service -> Pods path of an EKS cluster locally, ' +
        'behind a Kubernetes-compatible API that kubectl drives.',
    )
    .usage('<command> [options]')
    .version(clientVersion(), '--version', 'print the gangway version')
    .helpCommand(true)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.deps.output.write(s),
      writeErr: (s) => ctx.deps.output.writeErr(s),
    })
    .addHelpText(
      'after',
      '\nEnvironment:\n' +
        '  GANGWAY_HOME           state directory (default ${XDG_STATE_HOME:-$HOME/.local/state}/gangway)\n' +
        '  GANGWAY_ADDRESS_BLOCK  default for `up --address-block`\n' +
        '\nRun `gangway <command> --help` for the options of a command.',
    );
  for (const factory of COMMANDS) {
    const cmd = factory(ctx, box);
    cmd.copyInheritedSettings(program);
    program.addCommand(cmd);
  }
  return program;
}

export async function main(argv: string[], deps?: Partial<CliDeps>): Promise<number> {
  const ctx = createContext(defaultDeps(deps), argv);
  const box: ExitBox = { code: 0 };
  const program = buildProgram(ctx, box);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return box.code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    throw err;
  } finally {
    ctx.close();
  }
}
