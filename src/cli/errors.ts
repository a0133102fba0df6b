// Errors the CLI reports itself (not the API server's): printed as `error: <message>`, as
// kubectl prints its own, or verbatim when `raw` (for multi-line kubectl texts).

export class CliError extends Error {
  readonly exitCode: number;
  readonly raw: boolean;
  constructor(message: string, opts: { exitCode?: number; raw?: boolean } = {}) {
    super(message);
    this.name = 'CliError';
    this.exitCode = opts.exitCode ?? 1;
    this.raw = opts.raw ?? false;
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
