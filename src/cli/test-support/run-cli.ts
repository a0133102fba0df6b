// Runs main() in-process with captured output and the given GANGWAY_HOME.
import { main } from '../main.ts';
import type { CliDeps } from '../context.ts';
import { bufferOutput } from '../output.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(home: string, argv: string[], deps: Partial<CliDeps> = {}): Promise<CliRun> {
  const output = bufferOutput();
  const code = await main(argv, { env: { GANGWAY_HOME: home, HOME: home }, output, ...deps });
  return { code, stdout: output.stdout, stderr: output.stderr };
}
