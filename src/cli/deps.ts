// The real dependencies of the CLI: this process's environment, streams and signals, and
// runtime/stack.ts's startStack. GANGWAY_TEST_STACK_MODULE (tests only) names a module whose
// startStack replaces the real one, so `up -d` can be tested in a child process with a fake.
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { startStack as realStartStack, type Stack, type StackOptions } from '../runtime/stack.ts';
import type { CliDeps, SignalWaiter } from './context.ts';
import { processOutput } from './output.ts';

export const TEST_STACK_MODULE_ENV = 'GANGWAY_TEST_STACK_MODULE';

function stackStarter(env: NodeJS.ProcessEnv, cwd: string): (opts: StackOptions) => Promise<Stack> {
  const modulePath = env[TEST_STACK_MODULE_ENV];
  if (!modulePath) return realStartStack;
  return async (opts) => {
    const mod = (await import(pathToFileURL(resolve(cwd, modulePath)).href)) as {
      startStack: (o: StackOptions) => Promise<Stack>;
    };
    return mod.startStack(opts);
  };
}

/** SIGINT/SIGTERM of this process; a second one exits at once (code 130). */
export function processSignals(onForce: (signal: string) => void): SignalWaiter {
  let first: ((sig: string) => void) | undefined;
  const wait = new Promise<string>((r) => (first = r));
  let seen = false;
  const handler = (sig: NodeJS.Signals): void => {
    if (seen) {
      onForce(sig);
      process.exit(130);
    }
    seen = true;
    first?.(sig);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    wait,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

export function defaultDeps(overrides: Partial<CliDeps> = {}): CliDeps {
  const env = overrides.env ?? process.env;
  const cwd = overrides.cwd ?? process.cwd();
  const output = overrides.output ?? processOutput();
  return {
    env,
    cwd,
    output,
    // process.stdin is created on first access: only `-f -` touches it.
    get stdin() {
      return overrides.stdin ?? process.stdin;
    },
    startStack: overrides.startStack ?? stackStarter(env, cwd),
    signals:
      overrides.signals ??
      (() => processSignals((sig) => output.writeErr(`received ${sig} again, exiting without cleanup\n`))),
    realSignals: overrides.realSignals ?? overrides.signals === undefined,
    now: overrides.now ?? (() => new Date()),
  };
}
