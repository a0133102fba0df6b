// What every command gets: injectable dependencies (environment, output, the stack starter,
// signals), the resolved $GANGWAY_HOME, and the way to a running API.
import type { Stack, StackOptions } from '../runtime/stack.ts';
import { ApiClient, loadConnection } from './api-client.ts';
import { CliError } from './errors.ts';
import { ensureHome, gangwayHome } from './home.ts';
import type { Output, Printer } from './output.ts';
import { printer } from './output.ts';
import { runningPid } from './run-files.ts';

/** Resolves with the first signal's name; later ones go to onRepeat. */
export interface SignalWaiter {
  wait: Promise<string>;
  dispose(): void;
}

export interface CliDeps {
  env: NodeJS.ProcessEnv;
  cwd: string;
  output: Output;
  stdin: NodeJS.ReadableStream;
  startStack: (opts: StackOptions) => Promise<Stack>;
  /** Foreground `up` waits on this; tests resolve it themselves. */
  signals: () => SignalWaiter;
  /** True when signals are the process's own (then a second Ctrl-C forces the exit). */
  realSignals: boolean;
  now: () => Date;
}

export interface CliContext {
  deps: CliDeps;
  print: Printer;
  /** The raw argv main() was given (up -d re-runs it in the child). */
  argv: readonly string[];
  /** $GANGWAY_HOME, created on first use. */
  home(): string;
  /** A client for the running API, or the "not running" CliError. Closed by main(). */
  client(): Promise<ApiClient>;
  close(): void;
}

export function notRunningMessage(home: string): string {
  return `gangway is not running in ${home}; start it with: gangway up -d`;
}

export function createContext(deps: CliDeps, argv: readonly string[]): CliContext {
  const print = printer(deps.output);
  let home: string | undefined;
  let client: ApiClient | undefined;
  const ctx: CliContext = {
    deps,
    print,
    argv,
    home() {
      home ??= ensureHome(gangwayHome(deps.env, deps.cwd));
      return home;
    },
    async client() {
      if (client) return client;
      const h = ctx.home();
      const [pid, conn] = await Promise.all([runningPid(h), loadConnection(h)]);
      if (pid === undefined || conn === undefined) throw new CliError(notRunningMessage(h), { raw: true });
      client = new ApiClient(conn, { onWarning: (text) => print.errLine(`Warning: ${text}`) });
      return client;
    },
    close() {
      client?.close();
      client = undefined;
    },
  };
  return ctx;
}
