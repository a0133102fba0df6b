// Shared pieces of the command files: the action wrapper that turns results and errors into
// exit codes and kubectl-worded messages, and option parsers with kubectl's tolerance
// (`-n=ns` works as with pflag, `-f a,b` lists two files).
import { InvalidArgumentError } from 'commander';
import { ApiError, kubectlErrorText } from './api-error.ts';
import type { CliContext } from './context.ts';
import { CliError, errorMessage } from './errors.ts';

export type ExitCode = number;

/** Prints an error the way kubectl would and returns its exit code. */
export function reportError(ctx: CliContext, err: unknown): ExitCode {
  if (err instanceof CliError) {
    if (err.raw) ctx.print.errLine(err.message);
    else ctx.print.error(err.message);
    return err.exitCode;
  }
  if (err instanceof ApiError) {
    ctx.print.errLine(kubectlErrorText(err));
    return 1;
  }
  ctx.print.error(errorMessage(err));
  if (ctx.deps.env['GANGWAY_DEBUG'] && err instanceof Error && err.stack) ctx.print.errLine(err.stack);
  return 1;
}

/** Holds the exit code of the action that ran. */
export interface ExitBox {
  code: ExitCode;
}

/** Wraps an action: its returned code, or the code of the error it threw, lands in `box`. */
export function act<A extends unknown[]>(
  ctx: CliContext,
  box: ExitBox,
  fn: (...args: A) => Promise<ExitCode>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      box.code = await fn(...args);
    } catch (err) {
      box.code = reportError(ctx, err);
    }
  };
}

/** pflag accepts `-n=value`; commander hands us `=value`. */
export function flagValue(v: string): string {
  return v.startsWith('=') ? v.slice(1) : v;
}

/** Repeatable, comma-splitting list option (`-f a -f b,c`). */
export function collectList(v: string, prev: string[] | undefined): string[] {
  return [
    ...(prev ?? []),
    ...flagValue(v)
      .split(',')
      .filter((s) => s !== ''),
  ];
}

export function integerOption(min: number, max: number, what: string): (v: string) => number {
  return (v) => {
    const s = flagValue(v);
    if (!/^[-+]?\d+$/.test(s)) throw new InvalidArgumentError(`${what} must be an integer`);
    const n = Number(s);
    if (n < min || n > max) throw new InvalidArgumentError(`${what} must be between ${min} and ${max}`);
    return n;
  };
}

/** The namespace a command works in: -n, else the kubeconfig context's, else `default`. */
export function effectiveNamespace(flag: string | undefined, fromKubeconfig: string | undefined): string {
  return flag ?? fromKubeconfig ?? 'default';
}
