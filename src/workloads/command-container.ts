// A container whose image is mapped to a local command: `sh -c <command> <image> <args...>`
// in its own process group, with the container's environment plus PORT and HOST (where it
// must listen so that podIP:containerPort reaches it), cwd $GANGWAY_HOME. stdout and stderr
// lines go to the pod's log. As in a container, everything in the group dies with the main
// process; stop() sends SIGTERM, then SIGKILL after the grace period.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { reservePort, type Binding } from './listen.ts';
import {
  StartError,
  exitFromCode,
  type ContainerInstance,
  type ExitStatus,
  type RunContext,
} from './container.ts';

/** The first TCP containerPort, or undefined. */
export function primaryPort(ctx: Pick<RunContext, 'ports'>): number | undefined {
  return ctx.ports.find((p) => (p.protocol ?? 'TCP') === 'TCP')?.containerPort;
}

/** Splits a stream's text into lines; `flush` emits a last line without newline. */
function lineSplitter(emit: (line: string) => void): { push(chunk: string): void; flush(): void } {
  let rest = '';
  return {
    push(chunk) {
      rest += chunk;
      let nl = rest.indexOf('\n');
      while (nl >= 0) {
        emit(rest.slice(0, nl).replace(/\r$/, ''));
        rest = rest.slice(nl + 1);
        nl = rest.indexOf('\n');
      }
    },
    flush() {
      if (rest !== '') emit(rest);
      rest = '';
    },
  };
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

export async function startCommand(
  ctx: RunContext,
  command: string,
  image: string,
): Promise<ContainerInstance> {
  const binding: Binding = await reservePort(ctx.podIP, primaryPort(ctx) ?? 0, ctx);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  Object.assign(env, ctx.env, {
    HOSTNAME: ctx.hostname,
    PORT: String(binding.real.port),
    HOST: binding.real.host,
  });

  const child = spawn('/bin/sh', ['-c', command, image, ...ctx.argv], {
    cwd: ctx.home,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
  } catch (err) {
    binding.release();
    throw new StartError(`failed to start container "${ctx.containerName}": ${(err as Error).message}`);
  }
  const pid = child.pid ?? 0;
  const out = lineSplitter(ctx.log);
  const errs = lineSplitter(ctx.log);
  child.stdout.setEncoding('utf8').on('data', (d: string) => out.push(d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => errs.push(d));

  let status: ExitStatus | undefined;
  child.once('exit', (code, signal) => {
    status =
      code !== null
        ? exitFromCode(code)
        : {
            exitCode: 128 + (constants.signals[signal ?? 'SIGKILL'] ?? 9),
            reason: 'Error',
            signal: signal ?? 'SIGKILL',
          };
    killGroup(pid, 'SIGKILL'); // the rest of the "container" goes with its main process
  });
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('close', () => {
      out.flush();
      errs.flush();
      binding.release();
      resolve(status ?? { exitCode: 137, reason: 'Error', signal: 'SIGKILL' });
    });
  });

  const stop = async (graceSeconds: number): Promise<ExitStatus> => {
    if (status) return exited;
    let timer: NodeJS.Timeout | undefined;
    if (graceSeconds <= 0) {
      killGroup(pid, 'SIGKILL');
    } else {
      killGroup(pid, 'SIGTERM');
      timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceSeconds * 1000);
      timer.unref();
    }
    try {
      return await exited;
    } finally {
      if (timer) clearTimeout(timer);
    }
  };
  return { exited, stop };
}
